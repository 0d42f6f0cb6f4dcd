"""What outcomes contribute to cycles (registered from ``OutcomesConfig.ready``):
a recommissioned cycle can carry chosen outcomes over, with their indicators, and
its audit trail shows corrected and withdrawn measurements."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cycles.contributions import (
    CarryOver,
    register_audit_trail,
    register_carry_over,
)

from .models import Measurement, Outcome
from .services import outcomes_carry_over


def _outcomes_of(cycle: Any) -> QuerySet[Outcome]:
    return Outcome.objects.filter(framework__cycle=cycle)


def _corrected_measurements(cycle: Any) -> QuerySet[Any]:
    """Corrections and withdrawals of the cycle's measurements (not each value
    recorded: imports run to thousands)."""
    history: Any = Measurement.history
    return history.filter(indicator__outcome__framework__cycle=cycle, history_type="~")


def register() -> None:
    register_audit_trail("measurements", _("Measurement"), _corrected_measurements)
    register_carry_over(
        CarryOver(
            name="outcomes",
            label=_("Outcomes to carry over"),
            help_text=_(
                "With their indicators; the measurements stay with this cycle."
            ),
            order=10,
            choices=_outcomes_of,
            carry=lambda *, items, to_cycle, by: outcomes_carry_over(
                outcomes=items, to_cycle=to_cycle, by=by
            ),
        )
    )
