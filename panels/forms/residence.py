"""Recording that the team checked where a citizen lives."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import CategoryValue, ResidenceCheck


class ResidenceForm(forms.Form):
    email = forms.EmailField(
        label=_("The citizen's e-mail address"),
        help_text=_("The one they joined with."),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter the citizen's e-mail address"),
            "invalid": _("Enter an e-mail address like name@example.com"),
        },
    )
    area = forms.ModelChoiceField(
        label=_("Where they live"),
        queryset=CategoryValue.objects.none(),
        empty_label=_("Choose an area"),
        error_messages={"required": _("Choose the area where they live")},
    )
    method = forms.ChoiceField(
        label=_("How you checked"),
        choices=ResidenceCheck.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say how you checked where they live")},
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = CategoryValue.objects.filter(  # type: ignore[attr-defined]
            category__organisation=organisation, category__name="Area"
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
