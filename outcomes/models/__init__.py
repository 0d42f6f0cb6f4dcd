"""Outcomes frameworks, indicators and measurements; governance principles and the
Co-production Charter."""

from __future__ import annotations

from .framework import (
    Contribution,
    Direction,
    Frequency,
    Indicator,
    Measurement,
    MeasurementSource,
    Outcome,
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
    "CriterionScale",
    "Direction",
    "Frequency",
    "GovernanceAssessment",
    "GovernancePrinciple",
    "Indicator",
    "Measurement",
    "MeasurementSource",
    "Outcome",
    "OutcomePathway",
    "OutcomesFramework",
    "Pathway",
    "Perspective",
    "PrincipleCriterion",
    "ValueType",
]
