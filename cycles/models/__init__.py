"""Commissioning cycles, their phases, activities, gate checks and decisions."""

from __future__ import annotations

from .activity import Activity, ActivityAttachment
from .catalogue import CatalogueEntry, ServiceArea
from .choices import (
    FOUR_COS,
    PHASE_ORDER,
    ActivityStatus,
    CatalogueKind,
    DecisionKind,
    GateKind,
    GateRule,
    Level,
    Mode,
    Phase,
    Status,
    Visibility,
)
from .cycle import Cycle, CyclePhase, CycleQuerySet
from .decision import Decision
from .demand import InfluenceStrategy, NeedRoute
from .gates import GateAttestation, GateCheck
from .need import Need, NeedStatus, WayToMeet
from .risk import Acceptance, Risk, RiskStatus, WhoseRisk

__all__ = [
    "FOUR_COS",
    "PHASE_ORDER",
    "Acceptance",
    "Risk",
    "RiskStatus",
    "WhoseRisk",
    "Activity",
    "ActivityAttachment",
    "ActivityStatus",
    "CatalogueEntry",
    "CatalogueKind",
    "Cycle",
    "CyclePhase",
    "CycleQuerySet",
    "Decision",
    "DecisionKind",
    "GateAttestation",
    "GateCheck",
    "GateKind",
    "GateRule",
    "Level",
    "Mode",
    "InfluenceStrategy",
    "Need",
    "NeedRoute",
    "NeedStatus",
    "Phase",
    "ServiceArea",
    "Status",
    "Visibility",
    "WayToMeet",
]
