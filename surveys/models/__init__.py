"""Surveys, their questions, responses and tallies."""

from __future__ import annotations

from .ballot import Ballot, BallotOption, Eligibility, Vote, VotingRule
from .export import Export, ExportKind, ExportStatus
from .response import (
    SHARDS,
    InvitationCode,
    Participation,
    Response,
    SurveyCounter,
    Tally,
)
from .survey import (
    AGREEMENT,
    CHOICE_KINDS,
    OTHER,
    RATING,
    TEXT_KINDS,
    Audience,
    Kind,
    Question,
    Survey,
)

__all__ = [
    "AGREEMENT",
    "CHOICE_KINDS",
    "OTHER",
    "RATING",
    "TEXT_KINDS",
    "Audience",
    "Ballot",
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
    "Response",
    "SHARDS",
    "Survey",
    "SurveyCounter",
    "Tally",
]
