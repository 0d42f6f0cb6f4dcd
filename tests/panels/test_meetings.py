"""Meetings, attendance, contributions, and the e-mails members get."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from assets.resources import cycle_resources
from cocommission.accounts.models import User
from cocommission.notifications.models import NotificationSettings
from cocommission.organisations.models import Organisation
from cycles.services import decision_publish
from panels.meetings import attendance_record, citizen_hours, contribution_record
from panels.models import (
    Attendance,
    Contribution,
    ContributionKind,
    Meeting,
    NeedsMet,
    Purpose,
)
from panels.notifications import remind_meetings
from panels.services import consent_record, panel_join
from tests.accounts.factories import UserFactory
from tests.cycles.factories import CycleFactory, DecisionFactory
from tests.panels.factories import PanelFactory, consenting_citizen

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC)
SEATED_FROM = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def cycle(organisation: Organisation) -> Any:
    return CycleFactory(organisation=organisation)


@pytest.fixture
def panel(organisation: Organisation, cycle: Any) -> Any:
    return PanelFactory(organisation=organisation, cycle=cycle)


def _member(organisation: Organisation, panel: Any, contact: bool = True) -> User:
    user = consenting_citizen(organisation)
    if contact:
        consent_record(
            user=user, organisation=organisation, purpose=Purpose.CONTACT, given=True
        )
    # Seated well before the meetings these tests hold (the roll of a meeting lists
    # only those seated on its day).
    with time_machine.travel(SEATED_FROM, tick=False):
        panel_join(panel=panel, user=user)
    return user


def _meeting(panel: Any, starts_at: datetime.datetime, hours: str = "2") -> Meeting:
    return Meeting.objects.create(
        panel=panel,
        title="First meeting",
        starts_at=starts_at,
        duration_hours=Decimal(hours),
    )


def test_attendance_counts_as_citizen_time_in_the_resources_picture(
    organisation: Organisation, panel: Any, cycle: Any, people: dict[str, User]
) -> None:
    """Two people at a 2.5-hour meeting and 4 hours of peer support make 9 hours,
    valued at the organisation's rate."""
    first, second, absent = (_member(organisation, panel) for _i in range(3))
    meeting = _meeting(panel, NOON, "2.5")
    came = attendance_record(
        meeting=meeting,
        rows=[
            (first.pk, True, NeedsMet.MET),
            (second.pk, True, NeedsMet.NOT_NEEDED),
            (absent.pk, False, NeedsMet.NOT_NEEDED),
        ],
    )
    assert came == 2
    contribution_record(
        contribution=Contribution(
            organisation=organisation,
            cycle=cycle,
            panel=panel,
            user=first,
            kind=ContributionKind.PEER_SUPPORT,
            hours=Decimal("4"),
            given_on=datetime.date(2026, 3, 3),
        ),
        by=people["commissioner"],
    )
    assert citizen_hours(cycle=cycle) == Decimal("9.0")
    picture = cycle_resources(cycle)
    assert picture.contributed_hours == Decimal("9.0")
    assert (
        picture.volunteer_value == Decimal("9.0") * organisation.volunteer_hourly_rate
    )


def test_only_seated_members_are_on_the_roll(
    organisation: Organisation, panel: Any
) -> None:
    """Recording someone who is not on the panel is refused."""
    meeting = _meeting(panel, NOON)
    with pytest.raises(ValidationError):
        attendance_record(meeting=meeting, rows=[(UserFactory().pk, True, "met")])


def test_contributions_need_hours_and_a_member(
    organisation: Organisation,
    other_organisation: Organisation,
    people: dict[str, User],
) -> None:
    """Zero hours, or someone from outside the organisation, are refused."""
    base = {
        "organisation": organisation,
        "kind": ContributionKind.VOLUNTEERING,
        "given_on": datetime.date(2026, 1, 5),
    }
    with pytest.raises(ValidationError):
        contribution_record(
            contribution=Contribution(
                **base, hours=Decimal("0"), user=people["citizen"]
            ),
            by=people["commissioner"],
        )
    outsider = consenting_citizen(other_organisation)
    with pytest.raises(ValidationError):
        contribution_record(
            contribution=Contribution(**base, hours=Decimal("2"), user=outsider),
            by=people["commissioner"],
        )


def test_reminders_go_once_to_members_who_want_them(
    organisation: Organisation, panel: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The day before, members who agreed to e-mails get one reminder; those who
    turned reminders off, or never agreed to contact, get none; a second run sends
    nothing."""
    wants = _member(organisation, panel)
    no_reminders = _member(organisation, panel)
    NotificationSettings.objects.create(user=no_reminders, meeting_reminders=False)
    _member(organisation, panel, contact=False)
    _meeting(panel, NOON + datetime.timedelta(hours=20))
    _meeting(panel, NOON + datetime.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_meetings(now=NOON) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_meetings(now=NOON) == 0
    assert [m.to for m in mail.outbox] == [[wants.email]]
    assert "First meeting" in mail.outbox[0].body


def test_published_decisions_reach_panel_members_once(
    organisation: Organisation,
    panel: Any,
    cycle: Any,
    people: dict[str, User],
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Publishing a decision e-mails the cycle's panel members who want decisions;
    publishing again sends nothing more."""
    member = _member(organisation, panel)
    decision = DecisionFactory(cycle=cycle, title="We fund peer support")
    with django_capture_on_commit_callbacks(execute=True):
        decision_publish(decision=decision, by=decision.board_chair)
    with django_capture_on_commit_callbacks(execute=True):
        decision_publish(decision=decision, by=decision.board_chair)
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "We fund peer support" in mail.outbox[0].body


def test_meeting_pages_record_attendance_and_actions(
    client: Client,
    organisation: Organisation,
    panel: Any,
    people: dict[str, User],
    django_assert_num_queries: Any,
) -> None:
    """A commissioner adds a meeting, records who came and an action; the page's
    queries do not grow with the roll."""
    members = [_member(organisation, panel) for _i in range(2)]
    client.force_login(people["commissioner"])
    new_url = reverse(
        "panels:meeting_new", kwargs={"org_slug": organisation.slug, "pk": panel.pk}
    )
    response = client.post(
        new_url,
        {
            "title": "Kick-off",
            "day": "2026-13-01",
            "time": "18:30",
            "duration_hours": "2",
        },
    )
    assert response.status_code == 400
    assert "Kick-off" in response.content.decode()
    response = client.post(
        new_url,
        {
            "title": "Kick-off",
            "day": "2026-03-01",
            "time": "18:30",
            "duration_hours": "2",
        },
    )
    meeting = Meeting.objects.get()
    assert response.url == meeting.get_absolute_url()
    client.get(meeting.get_absolute_url())  # shows and clears the "saved" message
    with django_assert_num_queries(11):
        client.get(meeting.get_absolute_url())
    members += [_member(organisation, panel) for _i in range(3)]
    with django_assert_num_queries(11):
        client.get(meeting.get_absolute_url())
    data = {"form": "attendance"}
    for user in members:
        data[f"needs_{user.pk}"] = "not_needed"
    data[f"attended_{members[0].pk}"] = "yes"
    client.post(meeting.get_absolute_url(), data)
    assert Attendance.objects.filter(attended=True).count() == 1
    client.post(
        meeting.get_absolute_url(),
        {"form": "action", "description": "Send the report", "owner": "Chris"},
    )
    assert meeting.actions.get().owner == "Chris"


def test_citizens_cannot_reach_meeting_pages_and_see_theirs_at_home(
    client: Client, organisation: Organisation, panel: Any
) -> None:
    """Members see upcoming meetings on their own page, not the team's screens."""
    member = _member(organisation, panel)
    with time_machine.travel(NOON):
        meeting = _meeting(panel, NOON + datetime.timedelta(days=2))
        client.force_login(member)
        assert client.get(meeting.get_absolute_url()).status_code == 403
        assert (
            "First meeting"
            in client.get(reverse("participation:participation")).content.decode()
        )


def test_coming_to_a_meeting_makes_a_seat_active(
    organisation: Organisation, panel: Any
) -> None:
    """Accepted members who attend become active; absent ones stay accepted."""
    came, away = _member(organisation, panel), _member(organisation, panel)
    attendance_record(
        meeting=_meeting(panel, NOON),
        rows=[(came.pk, True, "not_needed"), (away.pk, False, "not_needed")],
    )
    statuses = dict(panel.members.values_list("user_id", "status"))
    assert statuses == {came.pk: "active", away.pk: "accepted"}


def test_a_term_cannot_end_before_it_starts(
    client: Client, organisation: Organisation, panel: Any, people: dict[str, User]
) -> None:
    """The term form explains a backwards term and keeps the dates typed."""
    member = panel.members.get(user=_member(organisation, panel))
    client.force_login(people["commissioner"])
    term_url = reverse(
        "panels:member_term",
        kwargs={"org_slug": organisation.slug, "pk": panel.pk, "member_pk": member.pk},
    )
    response = client.post(
        term_url, {"term_starts": "2026-05-01", "term_ends": "2026-04-01"}
    )
    assert response.status_code == 400
    assert "The term must end after it starts" in response.content.decode()
    response = client.post(
        term_url, {"term_starts": "2026-05-01", "term_ends": "2027-04-30"}
    )
    member.refresh_from_db()
    assert member.term_ends == datetime.date(2027, 4, 30)


def test_the_roll_starts_with_nobody_ticked_and_sorts_names_as_names(
    client: Client, organisation: Organisation, panel: Any, people: dict[str, User]
) -> None:
    """Saving the roll untouched records nobody as having come (no hours, no
    "panel met"), and members are listed as people read names."""
    for number in (2, 11, 1, 15):
        user = consenting_citizen(organisation, display_name=f"Member {number}")
        with time_machine.travel(SEATED_FROM, tick=False):
            panel_join(panel=panel, user=user)
    meeting = _meeting(panel, NOON)
    client.force_login(people["commissioner"])
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert " checked" not in page.split('name="form" value="attendance"')[1]
    shown = re.findall(r"Member \d+", page)
    assert list(dict.fromkeys(shown)) == [
        "Member 1",
        "Member 2",
        "Member 11",
        "Member 15",
    ]
    data = {"form": "attendance"} | {
        f"needs_{user_id}": "not_needed"
        for user_id in panel.members.values_list("user_id", flat=True)
    }
    response = client.post(meeting.get_absolute_url(), data)
    assert response.status_code == 302
    assert not Attendance.objects.filter(attended=True).exists()
    assert citizen_hours(cycle=panel.cycle) == 0
