"""Providers, contracts and their specifications."""

from __future__ import annotations

from .assessment import (
    ASPECTS,
    CoAssessmentReport,
    GovernanceRating,
    RatingPerspective,
    ReportKind,
)
from .complaint import Complaint, ComplaintCategory, ComplaintOutcome
from .contract import (
    OCDS_METHOD,
    Contract,
    ContractKind,
    ContractStatus,
    Route,
    Specification,
)
from .monitoring import IssueStatus, MonitoringIssue, MonitoringMeeting
from .provider import Provider, RegisterScheme, Sector
from .returns import FigureUse, ProviderReturn, ReturnFigure, ReturnStatus
from .review import ContractReview, Recommendation
from .tender import MAX_SCORE, Bid, Criterion, Moderation, Score, Tender

__all__ = [
    "FigureUse",
    "MAX_SCORE",
    "Bid",
    "Criterion",
    "Moderation",
    "Score",
    "Tender",
    "ContractReview",
    "Recommendation",
    "ASPECTS",
    "CoAssessmentReport",
    "GovernanceRating",
    "RatingPerspective",
    "ReportKind",
    "Complaint",
    "ComplaintCategory",
    "ComplaintOutcome",
    "OCDS_METHOD",
    "Contract",
    "ContractKind",
    "ContractStatus",
    "IssueStatus",
    "MonitoringIssue",
    "MonitoringMeeting",
    "Provider",
    "ProviderReturn",
    "RegisterScheme",
    "ReturnFigure",
    "ReturnStatus",
    "Route",
    "Sector",
    "Specification",
]
