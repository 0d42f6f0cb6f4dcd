"""Forms of the decision log: recording a decision, confirming or declining it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocommission.accounts.models import User
from cocommission.forms import DateInput

from ..models import Cycle, Decision, DecisionKind
from ..models.decision import CHAIR_ROLES, DECIDER_ROLES
from .common import GovForm, GovModelForm


class DecisionForm(GovModelForm):
    class Meta:
        model = Decision
        fields = [
            "title",
            "phase",
            "kind",
            "decided",
            "decided_by",
            "decided_by_body",
            "board_chair",
            "decided_on",
            "rationale",
            "citizen_input",
        ]
        widgets = {
            "decided_on": DateInput,
            "citizen_input": forms.CheckboxSelectMultiple,
            "decided": forms.Textarea(attrs={"rows": 3}),
            "rationale": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "decided_on": _(
                "Today, or the day it was decided if you are recording it "
                "afterwards. For example, 27 3 2023."
            )
        }
        error_messages = {
            "title": {"required": _("Enter a short title for the decision")},
            "decided": {"required": _("Say what was decided")},
            "decided_on": {
                "required": _("Enter the date of the decision"),
                "invalid": _("Enter a real date"),
            },
            "decided_by": {
                "invalid_choice": _(
                    "Choose someone in this organisation's commissioning team"
                )
            },
            "board_chair": {
                "invalid_choice": _(
                    "The chair must be a decision maker in this organisation"
                )
            },
        }

    def __init__(self, *args: Any, cycle: Cycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            c
            for c in DecisionKind.choices
            if c[0] not in {DecisionKind.PHASE_CHANGE, DecisionKind.GATE_OVERRIDE}
        ]
        self.fields["decided_by"].queryset = User.objects.filter(
            memberships__organisation=cycle.organisation,
            memberships__role__in=DECIDER_ROLES,
        ).order_by("email")
        self.fields["decided_by"].help_text = _(
            "The person who decided, or leave empty and name the board or panel "
            "below. They confirm the decision before it is published; if you name "
            "yourself, it is published when you record it."
        )
        self.fields["board_chair"].queryset = User.objects.filter(
            memberships__organisation=cycle.organisation,
            memberships__role__in=CHAIR_ROLES,
        ).order_by("email")
        self.fields["citizen_input"].queryset = cycle.activities.order_by(
            "phase", "title"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        person = data.get("decided_by")
        body = (data.get("decided_by_body") or "").strip()
        chair = data.get("board_chair")
        if person and body:
            self.add_error(
                "decided_by_body",
                _("Name either the person who decided or the board, not both"),
            )
        elif not person and not body and "decided_by" not in self.errors:
            self.add_error(
                "decided_by_body",
                _("Choose the person who decided, or name the board or panel"),
            )
        elif body and not chair and "board_chair" not in self.errors:
            self.add_error(
                "board_chair",
                _("Choose the decision maker who chairs the board or panel"),
            )
        elif chair and not body:
            self.add_error(
                "decided_by_body", _("Name the board or panel the chair chairs")
            )
        return data


class ConfirmDecisionForm(GovForm):
    """What the confirmer read, so an edit made meanwhile is not confirmed."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)


class DeclineDecisionForm(GovForm):
    reason = forms.CharField(
        label=_("What is wrong with it?"),
        help_text=_("The person who recorded it sees this, and can change it."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Say what is wrong with it")},
    )
