"""What panels contribute to cycles (registered from ``PanelsConfig.ready``): a
recommissioned cycle can carry chosen panels over with their members, and a gate
can ask that one of the cycle's panels has met with citizens; panel members hear
of the cycle's published decisions."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cycles.contributions import (
    CarryOver,
    GateTest,
    register_carry_over,
    register_gate_test,
    register_on_decision_published,
)
from cycles.models import Cycle, Decision, GateRule

from .models import Attendance, Panel
from .services import panels_carry_over
from .tasks import notify_decision


def _panels_of(cycle: Any) -> QuerySet[Panel]:
    return Panel.objects.filter(cycle=cycle)


def panel_met(cycle: Cycle, phase: str) -> bool:
    """A meeting of one of the cycle's panels, attended by at least one member,
    between the phase's actual start and end (or now). One or two queries."""
    row = cycle.phases.filter(phase=phase).first()
    meetings = Attendance.objects.filter(attended=True, meeting__panel__cycle=cycle)
    if row is not None and row.actual_start:
        meetings = meetings.filter(meeting__starts_at__date__gte=row.actual_start)
    if row is not None and row.actual_end:
        meetings = meetings.filter(meeting__starts_at__date__lte=row.actual_end)
    else:
        meetings = meetings.filter(meeting__starts_at__lte=timezone.now())
    return meetings.exists()


def _tell_members(decision: Decision) -> None:
    notify_decision.delay_on_commit(decision.pk)  # type: ignore[attr-defined]


def register() -> None:
    register_carry_over(
        CarryOver(
            name="panels",
            label=_("Panels to carry over"),
            help_text=_("Members keep their seats; this cycle keeps its own record."),
            order=20,
            choices=_panels_of,
            carry=lambda *, items, to_cycle, by: panels_carry_over(
                panels=items, to_cycle=to_cycle
            ),
        )
    )
    register_gate_test(
        GateRule.PANEL_MET,
        GateTest(
            passed=panel_met,
            why_not=_("No panel of this cycle has met with citizens in this phase."),
        ),
    )
    register_on_decision_published(_tell_members)
