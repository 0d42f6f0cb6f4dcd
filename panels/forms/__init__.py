"""The forms of panels, one module per topic. The names are re-exported here so
that ``from panels.forms import PanelForm`` keeps working."""

from .citizen import JoinEmailForm, NotificationSettingsForm
from .demographics import CategoryForm
from .meeting import ContributionForm, MeetingActionForm, MeetingForm
from .panel import InviteForm, PanelForm, QuotaImportForm, SelectionForm, TermForm
from .profile import InterestForm, ProfileForm
from .residence import ResidenceForm

__all__ = [
    "CategoryForm",
    "ContributionForm",
    "InterestForm",
    "InviteForm",
    "JoinEmailForm",
    "MeetingActionForm",
    "MeetingForm",
    "NotificationSettingsForm",
    "PanelForm",
    "ProfileForm",
    "QuotaImportForm",
    "ResidenceForm",
    "SelectionForm",
    "TermForm",
]
