"""Joint monitoring: arranging contract monitoring meetings with the panel that
monitors the contract, and the issues citizens raise there."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cocommission.accounts.models import User
from panels.meetings import meeting_save
from panels.models import Meeting, PanelMember

from .models import (
    Contract,
    IssueStatus,
    MonitoringIssue,
    MonitoringMeeting,
)


@transaction.atomic
def monitoring_meeting_arrange(
    *, contract: Contract, meeting: Meeting, decisions: Any = None
) -> MonitoringMeeting:
    """A meeting of the contract's monitoring panel, marked as its monitoring
    meeting."""
    if contract.monitoring_panel_id is None:
        raise ValidationError(
            _("Choose the panel that monitors this contract in its settings first.")
        )
    meeting.panel_id = contract.monitoring_panel_id
    meeting = meeting_save(meeting=meeting, decisions=decisions)
    return MonitoringMeeting.objects.create(contract=contract, meeting=meeting)


def sits_on_panel(monitoring_meeting: MonitoringMeeting, user: Any) -> bool:
    return PanelMember.objects.holds_seat(monitoring_meeting.meeting.panel_id, user)


@transaction.atomic
def issue_raise(
    *, monitoring_meeting: MonitoringMeeting, text: str, by: User, team: bool
) -> MonitoringIssue:
    """A seated member raises an issue in their own name; the team records one
    raised at the meeting, without a name."""
    if not text.strip():
        raise ValidationError({"text": _("Describe the issue")})
    if not team and not sits_on_panel(monitoring_meeting, by):
        raise ValidationError(_("Only the panel's members raise issues here."))
    return MonitoringIssue.objects.create(
        monitoring_meeting=monitoring_meeting,
        text=text.strip(),
        raised_by=None if team else by,
    )


@transaction.atomic
def issue_respond(
    *, issue: MonitoringIssue, response: str, resolved: bool
) -> MonitoringIssue:
    issue.response = response.strip()
    issue.status = IssueStatus.RESOLVED if resolved else IssueStatus.OPEN
    issue.save(update_fields=["response", "status"])
    return issue
