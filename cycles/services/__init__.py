"""Workflows of the commissioning cycle. Each is one transaction.

One module per topic; the workflows are re-exported here."""

from __future__ import annotations

from .activity import activity_create, activity_set_status, activity_update
from .cycle import (
    GateBlocked,
    cycle_create,
    cycle_move_to_phase,
    cycle_phase_correct_dates,
    cycle_plan_phases,
    cycle_recommission,
    cycle_update,
    gate_attest,
)
from .decision import (
    DECISION_EDITABLE,
    decision_confirm,
    decision_decline,
    decision_publish,
    decision_record,
    decision_update,
)
from .demand import need_demand_save, need_route_remove, need_route_save
from .need import need_save, needs_prioritise

__all__ = [
    "need_demand_save",
    "need_route_remove",
    "need_route_save",
    "DECISION_EDITABLE",
    "GateBlocked",
    "activity_create",
    "activity_set_status",
    "activity_update",
    "cycle_create",
    "cycle_move_to_phase",
    "cycle_phase_correct_dates",
    "cycle_plan_phases",
    "cycle_recommission",
    "cycle_update",
    "decision_confirm",
    "decision_decline",
    "decision_publish",
    "decision_record",
    "decision_update",
    "gate_attest",
    "need_save",
    "needs_prioritise",
]
