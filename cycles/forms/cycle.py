"""Forms of a cycle: its details, the list's filters, moving phase, phase dates and
recommissioning. Field errors speak plain words."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocommission.forms import DateInput, NumberInput
from cocommission.organisations.models import Organisation

from ..contributions import carry_overs
from ..models import PHASE_ORDER, Cycle, CyclePhase, Phase, ServiceArea, Status
from .common import GovForm, GovModelForm, _team_members


class CycleForm(GovModelForm):
    class Meta:
        model = Cycle
        fields = [
            "title",
            "service_area",
            "problem_statement",
            "level",
            "population_served",
            "budget_envelope",
            "start_date",
            "end_date",
            "status",
            "visibility",
            "lead",
            "team",
            "lessons",
        ]
        widgets = {
            "lessons": forms.Textarea(attrs={"rows": 3}),
            "level": forms.RadioSelect,
            "visibility": forms.RadioSelect,
            "status": forms.RadioSelect,
            "start_date": DateInput,
            "end_date": DateInput,
            "budget_envelope": NumberInput,
            "team": forms.CheckboxSelectMultiple,
            "problem_statement": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "title": {"required": _("Enter a title for the cycle")},
            "budget_envelope": {
                "invalid": _("Enter the budget as a number, like 250000")
            },
            "start_date": {"invalid": _("Enter a real date")},
            "end_date": {"invalid": _("Enter a real date")},
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_area"].queryset = ServiceArea.objects.filter(
            is_active=True
        )
        self.fields["lead"].queryset = _team_members(organisation)
        self.fields["team"].queryset = _team_members(organisation)
        self.fields["team"].required = False


class CycleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    phase = forms.ChoiceField(
        label=_("Phase"), required=False, choices=[("", _("Any phase")), *Phase.choices]
    )
    service_area = forms.ModelChoiceField(
        label=_("Service area"),
        required=False,
        queryset=ServiceArea.objects.all(),
        empty_label=_("Any service area"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Status.choices],
    )


def _override_reason() -> forms.CharField:
    """The reason a decision maker gives for going on although checks failed."""
    return forms.CharField(
        label=_("Reason for moving on although checks have not passed"),
        help_text=_(
            "Only a decision maker can do this. "
            "The reason is published in the decision log."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class GateOverrideMixin:
    """Forms that leave a phase forward: the override reason is offered only to a
    decision maker, and only when a gate check has failed."""

    fields: dict[str, Any]

    def _offer_override(self, *, can_override: bool, show_override: bool) -> None:
        if can_override and show_override:
            self.fields["override_reason"] = _override_reason()


class MoveForm(GateOverrideMixin, GovForm):
    reason = forms.CharField(
        label=_("Why is the cycle moving?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the cycle is moving")},
    )
    happened_on = forms.DateField(
        label=_("Date it happened"),
        help_text=_(
            "Leave today's date, or give the date the cycle really moved if you are "
            "recording it afterwards. For example, 27 3 2023."
        ),
        required=False,
        widget=DateInput,
        error_messages={"invalid": _("The date it happened must be a real date")},
    )

    def __init__(
        self, *args: Any, can_override: bool, show_override: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["happened_on"].initial = timezone.localdate()
        self._offer_override(can_override=can_override, show_override=show_override)

    def clean_happened_on(self) -> datetime.date:
        day = self.cleaned_data.get("happened_on") or timezone.localdate()
        if day > timezone.localdate():
            raise forms.ValidationError(
                _("The date it happened must be today or in the past")
            )
        return day


#: The audit trail keeps a change's reason in 100 characters (simple-history's).
PHASE_DATES_REASON_LENGTH = 100


class PhaseDatesForm(GovForm):
    """Correct when a phase actually started and, unless it is current, finished."""

    started = forms.DateField(
        label=_("Date it started"),
        widget=DateInput,
        error_messages={
            "required": _("Enter the date the phase started"),
            "invalid": _("The date it started must be a real date"),
        },
    )
    finished = forms.DateField(
        label=_("Date it finished"),
        widget=DateInput,
        error_messages={
            "required": _("Enter the date the phase finished"),
            "invalid": _("The date it finished must be a real date"),
        },
    )
    reason = forms.CharField(
        label=_("Why are the dates changing?"),
        help_text=_("Kept in the cycle's audit trail with your name."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=PHASE_DATES_REASON_LENGTH,
        error_messages={
            "required": _("Say why the dates are changing"),
            "max_length": _("The reason must be 100 characters or fewer"),
        },
    )

    def __init__(self, *args: Any, phase: CyclePhase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["started"].initial = phase.actual_start
        if phase.is_current:
            del self.fields["finished"]
        else:
            self.fields["finished"].initial = phase.actual_end


class RecommissionForm(GateOverrideMixin, GovForm):
    title = forms.CharField(
        label=_("Title of the next cycle"),
        max_length=200,
        error_messages={"required": _("Enter a title for the next cycle")},
    )
    rationale = forms.CharField(
        label=_("Why recommission?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the service is being recommissioned")},
    )
    lessons = forms.CharField(
        label=_("Lessons to carry into the next cycle"),
        help_text=_("What worked, what did not, and what citizens told you."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    carry_team = forms.BooleanField(
        label=_("Bring this cycle's team into the next cycle"),
        required=False,
        initial=True,
    )
    carry_risks = forms.BooleanField(
        label=_("Carry over the open risks"),
        required=False,
        initial=True,
    )

    def __init__(
        self,
        *args: Any,
        cycle: Cycle,
        can_override: bool = False,
        show_override: bool = False,
        **kwargs: Any,
    ) -> None:
        """One list of checkboxes per carry-over an app registered (outcomes,
        panels), shown only when this cycle has something of that kind; the
        override reason as on a phase move."""
        super().__init__(*args, **kwargs)
        self._offer_override(can_override=can_override, show_override=show_override)
        carried = []
        for carry_over in carry_overs():
            choices = carry_over.choices(cycle)
            if choices.exists():
                self.fields[carry_over.name] = forms.ModelMultipleChoiceField(
                    label=carry_over.label,
                    help_text=carry_over.help_text,
                    queryset=choices,
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                )
                carried.append(carry_over.name)
        self.order_fields(
            [
                "title",
                "rationale",
                "lessons",
                "carry_team",
                *carried,
                "carry_risks",
                "override_reason",
            ]
        )


class PhasePlanForm(GovForm):
    """Planned start and end dates for each of the four phases."""

    def __init__(self, *args: Any, cycle: Cycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in cycle.phases.all():
            label = row.get_phase_display()
            self.fields[f"{row.phase}_start"] = forms.DateField(
                label=_("%(phase)s: planned start") % {"phase": label},
                required=False,
                initial=row.planned_start,
                widget=DateInput,
                error_messages={"invalid": _("Enter a real date")},
            )
            self.fields[f"{row.phase}_end"] = forms.DateField(
                label=_("%(phase)s: planned end") % {"phase": label},
                required=False,
                initial=row.planned_end,
                widget=DateInput,
                error_messages={"invalid": _("Enter a real date")},
            )

    def dates(self) -> dict[str, tuple[Any, Any]]:
        return {
            phase: (
                self.cleaned_data[f"{phase}_start"],
                self.cleaned_data[f"{phase}_end"],
            )
            for phase in PHASE_ORDER
            if f"{phase}_start" in self.cleaned_data
        }
