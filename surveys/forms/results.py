"""Results: a quote from free text, checked before it is published."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocommission.forms import GovMixin


class QuoteForm(GovMixin, forms.Form):
    text = forms.CharField(
        label=_("The quote as it will be published"),
        help_text=_(
            "Take out names, places, dates and anything else that could point to "
            "a person. You may shorten it; do not change its meaning."
        ),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Enter the quote")},
    )
    checked = forms.BooleanField(
        label=_("I have removed anything that could identify someone"),
        error_messages={"required": _("Confirm you have checked the quote")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()
