"""Outcomes frameworks, indicators and measurements."""

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
    TargetKind,
    ValueType,
)

__all__ = [
    "Contribution",
    "CycleCost",
    "Direction",
    "Frequency",
    "Indicator",
    "Measurement",
    "MeasurementSource",
    "Outcome",
    "OutcomeBeneficiary",
    "OutcomePathway",
    "OutcomesFramework",
    "Pathway",
    "TargetKind",
    "ValueType",
]
