"""The complaint form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocommission.forms import DateInput, GovMixin
from panels.models import CategoryValue

from ..models import Complaint, ComplaintOutcome


class ComplaintForm(GovMixin, forms.ModelForm):
    class Meta:
        model = Complaint
        fields = [
            "received_on",
            "category",
            "area",
            "outcome",
            "resolved_on",
            "summary",
        ]
        widgets = {
            "received_on": DateInput(),
            "resolved_on": DateInput(),
            "category": forms.RadioSelect,
            "outcome": forms.RadioSelect,
        }
        error_messages = {
            "received_on": {
                "required": _("Enter the date received"),
                "invalid": _("Enter a real date"),
            },
            "resolved_on": {"invalid": _("Enter a real date")},
            "category": {"required": _("Choose what it was about")},
        }

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area: Any = self.fields["area"]
        area.queryset = CategoryValue.objects.filter(
            category__organisation=organisation, category__name="Area"
        )
        area.empty_label = _("Not known")
        self.fields["outcome"].required = False
        self._gov()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("outcome"):
            data["outcome"] = ComplaintOutcome.OPEN
            self.instance.outcome = ComplaintOutcome.OPEN
        received, resolved = data.get("received_on"), data.get("resolved_on")
        if received and resolved and resolved < received:
            self.add_error(
                "resolved_on",
                _("The date resolved must be on or after the date received."),
            )
        return data
