"""Outcomes frameworks, indicators and measurements; governance principles and the
Co-production Charter."""

from __future__ import annotations

from .framework import (
    Contribution,
    CycleCost,
    Direction,
    Frequency,
    Indicator,
    Measurement,
    MeasurementSource,
    Outcome,
    OutcomeBeneficiary,
    OutcomePathway,
    OutcomesFramework,
    Pathway,
    ValueType,
)
from .governance import (
    Charter,
    CharterSignature,
    CriterionScale,
    GovernanceAssessment,
    GovernancePrinciple,
    Perspective,
    PrincipleCriterion,
)

__all__ = [
    "Charter",
    "CharterSignature",
    "Contribution",
    "CycleCost",
    "CriterionScale",
    "Direction",
    "Frequency",
    "GovernanceAssessment",
    "GovernancePrinciple",
    "Indicator",
    "Measurement",
    "MeasurementSource",
    "Outcome",
    "OutcomeBeneficiary",
    "OutcomePathway",
    "OutcomesFramework",
    "Pathway",
    "Perspective",
    "PrincipleCriterion",
    "ValueType",
]
