"""Surveys, their questions, responses and tallies."""

from __future__ import annotations

from .ballot import (
    Ballot,
    BallotCode,
    BallotImport,
    BallotOption,
    Eligibility,
    Vote,
    VotingRule,
)
from .ballot_count import BallotCount, BallotRecount
from .export import Export, ExportKind, ExportStatus
from .response import (
    SHARDS,
    Channel,
    Draft,
    InvitationCode,
    Participation,
    Quote,
    Response,
    SurveyCounter,
    Tally,
    UncountedResponse,
)
from .survey import (
    AGREEMENT,
    CHOICE_KINDS,
    OTHER,
    RATING,
    TEXT_KINDS,
    Audience,
    Kind,
    Layout,
    Question,
    Survey,
)

__all__ = [
    "AGREEMENT",
    "CHOICE_KINDS",
    "Channel",
    "OTHER",
    "RATING",
    "TEXT_KINDS",
    "Audience",
    "Draft",
    "Layout",
    "Ballot",
    "BallotCode",
    "BallotImport",
    "BallotCount",
    "BallotRecount",
    "BallotOption",
    "Eligibility",
    "Vote",
    "VotingRule",
    "Export",
    "ExportKind",
    "ExportStatus",
    "InvitationCode",
    "Kind",
    "Participation",
    "Question",
    "Quote",
    "Response",
    "SHARDS",
    "Survey",
    "SurveyCounter",
    "Tally",
    "UncountedResponse",
]
