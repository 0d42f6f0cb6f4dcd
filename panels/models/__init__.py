"""Citizens taking part: consent, profiles, panels and their selection."""

from __future__ import annotations

from .consent import WORDING, ConsentRecord, Purpose
from .demographics import CategoryValue, DemographicCategory, ProfileAnswer
from .draw import PanelDraw
from .meeting import (
    Attendance,
    CalendarFeed,
    Contribution,
    ContributionKind,
    Meeting,
    MeetingAction,
    NeedsMet,
)
from .panel import (
    SEATED,
    KnowCareQuota,
    MemberStatus,
    Panel,
    PanelKind,
    PanelMember,
    PoolMember,
    Quota,
    Recruitment,
    Selection,
    SelectionMethod,
    Volunteer,
)
from .profile import (
    KNOW_CARE_CATEGORY,
    AccessNeed,
    Availability,
    KnowCareGroup,
    Profile,
    TopicInterest,
)
from .residence import Residence, ResidenceCheck

__all__ = [
    "CalendarFeed",
    "KNOW_CARE_CATEGORY",
    "SEATED",
    "WORDING",
    "AccessNeed",
    "Attendance",
    "Contribution",
    "ContributionKind",
    "KnowCareGroup",
    "KnowCareQuota",
    "Meeting",
    "MeetingAction",
    "NeedsMet",
    "Availability",
    "CategoryValue",
    "ConsentRecord",
    "DemographicCategory",
    "MemberStatus",
    "Panel",
    "PanelDraw",
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
    "SelectionMethod",
    "TopicInterest",
    "Volunteer",
]
