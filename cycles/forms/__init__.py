"""The forms of cycles, one module per topic. The names are re-exported here so
that ``from cycles.forms import CycleForm`` keeps working."""

from .activity import ActivityForm, ActivityStatusForm, AttachmentForm
from .catalogue import CatalogueEntryForm
from .cycle import (
    CycleFilterForm,
    CycleForm,
    MoveForm,
    PhaseDatesForm,
    PhasePlanForm,
    RecommissionForm,
)
from .decision import ConfirmDecisionForm, DecisionForm, DeclineDecisionForm
from .gates import AttestForm, GateCheckForm
from .need import NeedForm, PrioritiseForm
from .risk import RiskForm, RiskScalesForm

__all__ = [
    "ActivityForm",
    "ActivityStatusForm",
    "AttachmentForm",
    "AttestForm",
    "CatalogueEntryForm",
    "ConfirmDecisionForm",
    "CycleFilterForm",
    "CycleForm",
    "DecisionForm",
    "DeclineDecisionForm",
    "GateCheckForm",
    "MoveForm",
    "NeedForm",
    "PhaseDatesForm",
    "PhasePlanForm",
    "PrioritiseForm",
    "RecommissionForm",
    "RiskForm",
    "RiskScalesForm",
]
