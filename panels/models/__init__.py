"""Citizens taking part: consent, profiles, panels and their selection."""

from __future__ import annotations

from .consent import WORDING, ConsentRecord, Purpose
from .demographics import CategoryValue, DemographicCategory, ProfileAnswer
from .meeting import (
    Attendance,
    Contribution,
    ContributionKind,
    Meeting,
    MeetingAction,
    NeedsMet,
)
from .panel import (
    SEATED,
    MemberStatus,
    Panel,
    PanelKind,
    PanelMember,
    PoolMember,
    Quota,
    Recruitment,
    Selection,
    Volunteer,
)
from .profile import AccessNeed, Availability, Profile, TopicInterest
from .residence import Residence, ResidenceCheck

__all__ = [
    "SEATED",
    "WORDING",
    "AccessNeed",
    "Attendance",
    "Contribution",
    "ContributionKind",
    "Meeting",
    "MeetingAction",
    "NeedsMet",
    "Availability",
    "CategoryValue",
    "ConsentRecord",
    "DemographicCategory",
    "MemberStatus",
    "Panel",
    "PanelKind",
    "PanelMember",
    "PoolMember",
    "Profile",
    "ProfileAnswer",
    "Purpose",
    "Quota",
    "Residence",
    "ResidenceCheck",
    "Recruitment",
    "Selection",
    "TopicInterest",
    "Volunteer",
]
