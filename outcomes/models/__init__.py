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
from .partners import CostSharingAgreement, Partner, PartnerBenefit, PartnerKind

__all__ = [
    "CostSharingAgreement",
    "Partner",
    "PartnerBenefit",
    "PartnerKind",
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
