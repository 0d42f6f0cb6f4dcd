"""Forms of gate checks: setting one up, and confirming one with evidence."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocommission.organisations.models import Organisation
from governance.models import GovernancePrinciple

from ..models import PHASE_ORDER, GateCheck, Phase
from .common import GovForm, GovModelForm


class AttestForm(GovForm):
    evidence = forms.CharField(
        label=_("Evidence that this check is met"),
        help_text=_("For example: minutes of the carers' forum on 3 May, item 4."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Describe the evidence that the check is met")},
    )


class GateCheckForm(GovModelForm):
    class Meta:
        model = GateCheck
        fields = [
            "phase",
            "title",
            "description",
            "principle",
            "kind",
            "rule",
            "is_active",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {"required": _("Enter what the check asks")},
            "principle": {"required": _("Choose the governance principle it upholds")},
            "kind": {"required": _("Choose how the check is done")},
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["principle"].queryset = GovernancePrinciple.objects.filter(
            organisation=organisation
        ).in_use()
        self.fields["phase"].choices = [(p, Phase(p).label) for p in PHASE_ORDER]
        self.fields["rule"].help_text = _("Only for checks done automatically.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, rule = data.get("kind"), data.get("rule")
        if kind == "automatic" and not rule:
            self.add_error("rule", _("Choose the rule an automatic check uses"))
        if kind == "attested" and rule:
            self.add_error(
                "rule", _("Leave the rule empty for a check a person confirms")
            )
        return data
