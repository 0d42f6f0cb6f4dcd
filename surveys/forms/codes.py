"""Invitation codes: entering one, and making a batch of them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocommission.forms import GovMixin, NumberInput


class CodeForm(GovMixin, forms.Form):
    form = forms.CharField(widget=forms.HiddenInput, initial="code")
    code = forms.CharField(
        label=_("Your invitation code"),
        help_text=_("It is on your letter or card, for example ABCD-2345."),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "spellcheck": "false",
                "autocapitalize": "characters",
                "class": "govuk-input govuk-input--width-10",
            }
        ),
        error_messages={"required": _("Enter your invitation code")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()


class CodeBatchForm(GovMixin, forms.Form):
    count = forms.IntegerField(
        label=_("How many codes?"),
        min_value=1,
        max_value=2000,
        widget=NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Enter how many codes to make"),
            "invalid": _("Enter a whole number"),
            "min_value": _("Make at least one code"),
            "max_value": _("Make at most 2,000 codes at a time"),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()
