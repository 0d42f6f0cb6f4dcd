"""Joint monitoring: meetings with the monitoring panel, citizens' issues, and
what panel members see."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from contracts.models import IssueStatus, MonitoringIssue, MonitoringMeeting
from contracts.monitoring import monitoring_meeting_arrange
from panels.models import Attendance, Meeting, MeetingAction, Panel, PanelMember
from tests.contracts.factories import make_contract
from tests.panels.factories import consenting_citizen

pytestmark = pytest.mark.django_db


@pytest.fixture
def monitored(organisation: Organisation, people: dict[str, User]) -> dict[str, Any]:
    panel = Panel.objects.create(
        organisation=organisation, name="Service-user monitors", kind="user_group"
    )
    member = consenting_citizen(organisation, email="monitor@example.org")
    PanelMember.objects.create(panel=panel, user=member, status="active")
    contract = make_contract(organisation, monitoring_panel=panel)
    unmonitored = make_contract(organisation, title="Library service")
    return {
        "panel": panel,
        "member": member,
        "contract": contract,
        "unmonitored": unmonitored,
    }


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_monitoring_meeting_with_issues_and_actions(
    monitored: dict[str, Any], people: dict[str, User]
) -> None:
    contract, member = monitored["contract"], monitored["member"]
    team = _client(people["commissioner"])
    base = f"{contract.get_absolute_url()}meetings/"
    form = team.get(f"{base}new/").content.decode()
    assert "Contract monitoring: Community support" in form
    bad = team.post(f"{base}new/", {"title": "Q2 monitoring", "day": "someday"})
    assert bad.status_code == 400
    assert "Enter a real date" in bad.content.decode()
    done = team.post(
        f"{base}new/",
        {
            "title": "Q2 monitoring",
            "day": "2026-07-14",
            "time": "18:00",
            "duration_hours": "2",
            "place": "Brixton library",
            "agenda": "Returns for the quarter",
        },
    )
    assert done.status_code == 302
    monitoring = MonitoringMeeting.objects.get()
    meeting = monitoring.meeting
    assert meeting.panel == monitored["panel"]
    Attendance.objects.create(meeting=meeting, user=member, attended=True)
    MeetingAction.objects.create(
        meeting=meeting,
        description="Publish the waiting times",
        owner="Alliance manager",
        due_on=timezone.localdate() - datetime.timedelta(days=3),
    )

    citizen = _client(member)
    page = citizen.get(monitoring.get_absolute_url()).content.decode()
    assert "Citizens present" in page and "Overdue" in page
    empty = citizen.post(monitoring.get_absolute_url(), {"form": "issue", "text": ""})
    assert empty.status_code == 400
    assert "Describe the issue" in empty.content.decode()
    citizen.post(
        monitoring.get_absolute_url(),
        {"form": "issue", "text": "Evening appointments are always full"},
    )
    issue = MonitoringIssue.objects.get()
    assert issue.raised_by == member and issue.status == IssueStatus.OPEN
    # Citizens cannot answer issues; the team can.
    update = f"{monitoring.get_absolute_url()}issues/{issue.pk}/"
    assert citizen.post(update, {"response": "x", "resolved": "on"}).status_code == 403
    team.post(update, {"response": "Two more evening slots from May", "resolved": "on"})
    issue.refresh_from_db()
    assert issue.status == IssueStatus.RESOLVED
    overview = team.get(contract.get_absolute_url()).content.decode()
    assert "14 Jul 2026" in overview
    # Someone who does not sit on the panel (and is not the team) cannot raise.
    provider_rep = _client(people["provider"])
    assert provider_rep.get(monitoring.get_absolute_url()).status_code == 404


def test_panel_members_see_what_their_panel_monitors(
    monitored: dict[str, Any],
    organisation: Organisation,
    people: dict[str, User],
) -> None:
    member = _client(monitored["member"])
    listing = member.get(f"/o/{organisation.slug}/contracts/").content.decode()
    assert "Community support" in listing
    assert "Library service" not in listing
    assert member.get(monitored["contract"].get_absolute_url()).status_code == 200
    assert member.get(monitored["unmonitored"].get_absolute_url()).status_code == 404
    assert member.get(f"/o/{organisation.slug}/contracts/new/").status_code == 403
    # A citizen without a seat sees none; one who stepped down, none either.
    other = _client(people["citizen"])
    assert (
        "Community support"
        not in other.get(f"/o/{organisation.slug}/contracts/").content.decode()
    )
    PanelMember.objects.filter(user=monitored["member"]).update(status="stepped_down")
    assert member.get(monitored["contract"].get_absolute_url()).status_code == 404


def test_a_meeting_needs_a_monitoring_panel(
    organisation: Organisation, people: dict[str, User]
) -> None:
    contract = make_contract(organisation)
    team = _client(people["commissioner"])
    answer = team.get(f"{contract.get_absolute_url()}meetings/new/")
    assert answer.status_code == 302 and answer["Location"].endswith("/edit/")


def test_the_contract_page_costs_the_same_with_5_or_100_meetings(
    monitored: dict[str, Any], people: dict[str, User]
) -> None:
    contract = monitored["contract"]
    team = _client(people["commissioner"])

    def arrange(n: int) -> None:
        for i in range(n):
            monitoring_meeting_arrange(
                contract=contract,
                meeting=Meeting(
                    title=f"Meeting {i}",
                    starts_at=timezone.now() - datetime.timedelta(days=i),
                ),
            )

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert team.get(contract.get_absolute_url()).status_code == 200
        return len(context)

    arrange(5)
    few = queries()
    arrange(95)
    assert queries() == few
