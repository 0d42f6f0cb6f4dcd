"""Forms of co-assessment: a report, and rating a contract against the principles."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocommission.forms import DateInput, GovMixin
from cocommission.languages import quoted

from ..models import ASPECTS, CoAssessmentReport

SCALE = [
    ("5", _("5 – very good")),
    ("4", _("4 – good")),
    ("3", _("3 – all right")),
    ("2", _("2 – poor")),
    ("1", _("1 – very poor")),
]


class ReportForm(GovMixin, forms.ModelForm):
    class Meta:
        model = CoAssessmentReport
        fields = ["kind", "visited_on", "worked_well", "to_improve"]
        widgets = {
            "kind": forms.RadioSelect,
            "visited_on": DateInput(),
            "worked_well": forms.Textarea(attrs={"rows": 4}),
            "to_improve": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "kind": {"required": _("Choose the kind of report")},
            "visited_on": {
                "required": _("Enter the date of the visit"),
                "invalid": _("Enter a real date"),
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in ASPECTS:
            self.fields[f"rate_{code}"] = forms.ChoiceField(
                label=label,
                choices=[*SCALE, ("", _("Did not see this"))],
                required=False,
                widget=forms.RadioSelect,
            )
        order = ["kind", "visited_on", *[f"rate_{c}" for c, _l in ASPECTS]]
        self.order_fields([*order, "worked_well", "to_improve"])
        self._gov()

    def ratings(self) -> dict[str, str]:
        return {
            code: self.cleaned_data[f"rate_{code}"]
            for code, _label in ASPECTS
            if self.cleaned_data.get(f"rate_{code}")
        }


class GovernanceRatingForm(GovMixin, forms.Form):
    """A score and evidence for each principle."""

    def __init__(self, *args: Any, principles: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.principles = principles
        for principle in principles:
            # The principles come in the reader's language (LangText).
            self.fields[f"score_{principle.pk}"] = forms.ChoiceField(
                label=quoted(principle.name),
                help_text=quoted(principle.description)
                if principle.description
                else "",
                choices=[*SCALE, ("", _("No rating"))],
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"evidence_{principle.pk}"] = forms.CharField(
                label=_("What you saw (optional)"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self._gov()

    def ratings(self) -> dict[Any, tuple[int | None, str]]:
        data = self.cleaned_data
        return {
            p: (
                int(data[f"score_{p.pk}"]) if data.get(f"score_{p.pk}") else None,
                data.get(f"evidence_{p.pk}", ""),
            )
            for p in self.principles
        }
