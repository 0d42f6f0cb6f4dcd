"""Forms for governance principles and the charter."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import GovernancePrinciple, PrincipleCriterion


class _GovModelForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class PrincipleForm(_GovModelForm):
    class Meta:
        model = GovernancePrinciple
        fields = ["name", "description", "weight"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "weight": _(
                "How much this principle counts in the public value scorecard, 1 to 5."
            )
        }
        error_messages = {"name": {"required": _("Enter the principle's name")}}

    def clean_weight(self) -> int:
        weight = self.cleaned_data["weight"]
        if not 1 <= weight <= 5:
            raise forms.ValidationError(_("Enter a weight from 1 to 5"))
        return weight

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = GovernancePrinciple.objects.filter(
            organisation=self.instance.organisation, name__iexact=name
        ).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("Your organisation already has this principle")
            )
        return name


class CriterionForm(_GovModelForm):
    class Meta:
        model = PrincipleCriterion
        fields = ["question", "scale"]
        widgets = {"scale": forms.RadioSelect}
        error_messages = {"question": {"required": _("Enter the question to ask")}}


class CharterForm(forms.Form):
    text = forms.CharField(
        label=_("Charter text"),
        help_text=_(
            "Publishing makes a new version. "
            "Earlier versions and who signed them stay on record."
        ),
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={"required": _("Write the charter text")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
