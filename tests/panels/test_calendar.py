"""Panel meetings in calendars: the feed read back with icalendar matches the
meetings; who may read it; secret addresses that end when replaced; the public
feed of a public panel; hostile titles escaped."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from cocommission.organisations.models import Organisation
from cycles.models import Visibility
from panels.calendar import ics_text, meetings_ical
from panels.meetings import meeting_cancel, meeting_save
from panels.models import CalendarFeed, Meeting, MemberStatus, Panel, PanelMember
from tests.accounts.factories import UserFactory
from tests.cycles.factories import CycleFactory
from tests.panels.factories import PanelFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


def _meeting(panel: Panel, **fields: Any) -> Meeting:
    fields.setdefault("title", "Weighing the options")
    fields.setdefault("starts_at", NOW + datetime.timedelta(days=7))
    fields.setdefault("place", "Brixton Library, SW2 1JQ")
    fields.setdefault("agenda", "Private agenda item")
    fields.setdefault("minutes", "Private minutes")
    return meeting_save(meeting=Meeting(panel=panel, **fields))


def _events(body: bytes) -> list[Any]:
    return list(Calendar.from_ical(body).walk("VEVENT"))


def _seat(panel: Panel, user: Any, status: str = MemberStatus.ACCEPTED) -> None:
    PanelMember.objects.create(panel=panel, user=user, status=status)


@pytest.fixture
def panel(organisation: Organisation) -> Panel:
    return PanelFactory(organisation=organisation, name="Carers' panel")


def _feed_url(panel: Panel) -> str:
    return reverse(
        "panels:calendar", kwargs={"org_slug": panel.organisation.slug, "pk": panel.pk}
    )


def test_the_feed_read_back_matches_the_meetings(
    panel: Panel, people: dict[str, Any]
) -> None:
    """UTC times, stable UIDs, the place for members; SEQUENCE and
    STATUS:CANCELLED follow changes."""
    later = _meeting(panel, title="Second", duration_hours=Decimal("1.5"))
    first = _meeting(panel, title="First", starts_at=NOW + datetime.timedelta(days=1))
    browser = Client()
    browser.force_login(people["commissioner"])
    response = browser.get(_feed_url(panel))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = _events(response.content)
    assert [str(e["summary"]) for e in events] == ["First", "Second"]
    by_title = {str(e["summary"]): e for e in events}
    second = by_title["Second"]
    assert second.decoded("dtstart") == later.starts_at
    assert second.decoded("dtstart").utcoffset() == datetime.timedelta(0)
    assert second.decoded("dtend") - second.decoded("dtstart") == datetime.timedelta(
        hours=1.5
    )
    assert str(second["location"]) == "Brixton Library, SW2 1JQ"
    assert int(second["sequence"]) == 0 and str(second["status"]) == "CONFIRMED"
    uid = str(by_title["First"]["uid"])

    # A new time: same UID, SEQUENCE up. Minutes only: no change for calendars.
    first.starts_at += datetime.timedelta(hours=1)
    meeting_save(meeting=first)
    first.minutes = "Notes"
    meeting_save(meeting=first)
    meeting_cancel(meeting=later)
    events = {
        str(e["summary"]): e for e in _events(browser.get(_feed_url(panel)).content)
    }
    assert str(events["First"]["uid"]) == uid
    assert int(events["First"]["sequence"]) == 1
    assert events["First"].decoded("dtstart") == first.starts_at
    assert str(events["Second"]["status"]) == "CANCELLED"
    assert int(events["Second"]["sequence"]) == 1


def test_one_meeting_downloads_as_its_own_file(
    panel: Panel, people: dict[str, Any]
) -> None:
    meeting = _meeting(panel)
    _meeting(panel, title="Another")
    browser = Client()
    browser.force_login(people["decision_maker"])
    url = reverse(
        "panels:meeting_ics",
        kwargs={
            "org_slug": panel.organisation.slug,
            "pk": panel.pk,
            "meeting_pk": meeting.pk,
        },
    )
    response = browser.get(url)
    assert "attachment" in response["Content-Disposition"]
    (event,) = _events(response.content)
    assert str(event["summary"]) == "Weighing the options"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("commissioner", 200),
        ("decision_maker", 200),
        ("provider", 404),
        ("citizen", 404),
        ("outsider", 404),
    ],
)
def test_who_reads_a_panels_feed(
    panel: Panel, people: dict[str, Any], role: str, status: int
) -> None:
    _meeting(panel)
    browser = Client()
    browser.force_login(people[role])
    assert browser.get(_feed_url(panel)).status_code == status


def test_a_seated_member_reads_it_and_an_invited_one_does_not(
    panel: Panel, people: dict[str, Any]
) -> None:
    _meeting(panel)
    seated, invited = UserFactory(), UserFactory()
    _seat(panel, seated)
    _seat(panel, invited, MemberStatus.INVITED)
    for user, status in ((seated, 200), (invited, 404)):
        browser = Client()
        browser.force_login(user)
        assert browser.get(_feed_url(panel)).status_code == status


def test_another_organisations_team_gets_404(
    panel: Panel, other_organisation: Organisation, make_member: Any
) -> None:
    outsider = make_member("commissioner", other_organisation)
    browser = Client()
    browser.force_login(outsider)
    assert browser.get(_feed_url(panel)).status_code == 404
    url = reverse(
        "panels:calendar", kwargs={"org_slug": other_organisation.slug, "pk": panel.pk}
    )
    assert browser.get(url).status_code == 404


def _secret_urls(page: str) -> list[str]:
    return re.findall(r"https?://testserver(/calendar/[^<\s]+\.ics)", page)


def test_a_secret_address_works_without_signing_in_until_replaced(
    panel: Panel, people: dict[str, Any], other_organisation: Organisation
) -> None:
    """The person makes their addresses; a calendar app reads them without a
    session; a new address ends the old one; "stop" ends them all; a panel they
    may not read is 404 even with a good token."""
    _meeting(panel)
    member = UserFactory()
    _seat(panel, member)
    browser = Client()
    browser.force_login(member)
    page_url = reverse("taking_part:calendar")
    assert _secret_urls(browser.get(page_url).content.decode()) == []
    browser.post(page_url, {"action": "new"})
    (url,) = _secret_urls(browser.get(page_url).content.decode())
    app = Client()
    response = app.get(url)
    assert response.status_code == 200
    assert [str(e["summary"]) for e in _events(response.content)] == [
        "Weighing the options"
    ]
    elsewhere = PanelFactory(organisation=other_organisation)
    _meeting(elsewhere, title="Not yours")
    token = CalendarFeed.objects.get(user=member).token
    foreign = reverse("calendar_feed", kwargs={"token": token, "pk": elsewhere.pk})
    assert app.get(foreign).status_code == 404

    browser.post(page_url, {"action": "new"})
    (new_url,) = _secret_urls(browser.get(page_url).content.decode())
    assert new_url != url
    assert app.get(url).status_code == 404
    assert app.get(new_url).status_code == 200
    browser.post(page_url, {"action": "stop"})
    assert app.get(new_url).status_code == 404
    assert not CalendarFeed.objects.filter(user=member).exists()


def test_a_member_who_stands_down_loses_the_feed(panel: Panel) -> None:
    _meeting(panel)
    member = UserFactory()
    _seat(panel, member)
    feed = CalendarFeed.objects.create(user=member)
    url = reverse("calendar_feed", kwargs={"token": feed.token, "pk": panel.pk})
    assert Client().get(url).status_code == 200
    PanelMember.objects.filter(user=member).update(status=MemberStatus.STEPPED_DOWN)
    assert Client().get(url).status_code == 404


def test_the_feed_never_names_other_members(panel: Panel) -> None:
    meeting = _meeting(panel)
    member, other = (
        UserFactory(display_name="Ann Member"),
        UserFactory(display_name="Bob Othername"),
    )
    _seat(panel, member)
    _seat(panel, other)
    from panels.meetings import attendance_record
    from panels.models import NeedsMet

    attendance_record(
        meeting=meeting,
        rows=[(member.pk, True, NeedsMet.MET), (other.pk, True, NeedsMet.MET)],
    )
    feed = CalendarFeed.objects.create(user=member)
    body = (
        Client()
        .get(reverse("calendar_feed", kwargs={"token": feed.token, "pk": panel.pk}))
        .content.decode()
    )
    for private in (
        "Bob",
        "Othername",
        other.email,
        "Private agenda",
        "Private minutes",
    ):
        assert private not in body


def test_a_public_panel_shows_only_coming_meetings_titles_and_times(
    organisation: Organisation,
) -> None:
    cycle = CycleFactory(organisation=organisation, visibility=Visibility.PUBLIC)
    public = PanelFactory(organisation=organisation, cycle=cycle, meetings_public=True)
    _meeting(public, title="Coming up")
    _meeting(public, title="Long past", starts_at=NOW - datetime.timedelta(days=3))
    slug = organisation.slug
    page = Client().get(
        reverse("public_panel", kwargs={"org_slug": slug, "pk": public.pk})
    )
    html = re.sub(r"\s+", " ", page.content.decode())
    assert "Coming up" in html and "Long past" not in html
    assert "Brixton" not in html and "Private" not in html
    feed = Client().get(
        reverse("public_panel_calendar", kwargs={"org_slug": slug, "pk": public.pk})
    )
    events = _events(feed.content)
    assert [str(e["summary"]) for e in events] == ["Coming up"]
    assert "location" not in events[0]
    body = feed.content.decode()
    assert "Brixton" not in body and "Private" not in body


@pytest.mark.parametrize(
    "fields",
    [
        {"meetings_public": False},
        {"meetings_public": True, "private_cycle": True},
    ],
)
def test_other_panels_have_no_public_page(
    organisation: Organisation, fields: dict[str, Any]
) -> None:
    private_cycle = fields.pop("private_cycle", False)
    cycle = CycleFactory(
        organisation=organisation,
        visibility=Visibility.PRIVATE if private_cycle else Visibility.PUBLIC,
    )
    panel = PanelFactory(organisation=organisation, cycle=cycle, **fields)
    for name in ("public_panel", "public_panel_calendar"):
        url = reverse(name, kwargs={"org_slug": organisation.slug, "pk": panel.pk})
        assert Client().get(url).status_code == 404


def test_cancelling_through_the_page(panel: Panel, people: dict[str, Any]) -> None:
    meeting = _meeting(panel)
    browser = Client()
    browser.force_login(people["commissioner"])
    url = reverse(
        "panels:meeting_cancel",
        kwargs={
            "org_slug": panel.organisation.slug,
            "pk": panel.pk,
            "meeting_pk": meeting.pk,
        },
    )
    assert "Yes, cancel it" in browser.get(url).content.decode()
    assert browser.post(url).status_code == 302
    meeting.refresh_from_db()
    assert meeting.cancelled_at is not None and meeting.sequence == 1
    browser.post(url)  # twice: still one bump
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    citizen = Client()
    citizen.force_login(people["citizen"])
    assert citizen.post(url).status_code == 403


def _unescape(raw: str) -> str:
    return re.sub(
        r"\\([\\,;nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), raw
    )


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    title=st.text(
        alphabet=st.characters(exclude_categories=("Cs",)), min_size=1, max_size=80
    ).filter(lambda t: ics_text(t).strip())
    | st.sampled_from(
        ["a,b;c", "line\nBEGIN:VEVENT\nSUMMARY:evil", "x\r\nEND:VCALENDAR", "\\;\\,"]
    ),
    place=st.text(max_size=40),
)
def test_hostile_titles_and_places_are_escaped(title: str, place: str) -> None:
    """Whatever a title holds (newlines, commas, semicolons, a forged line), the
    calendar holds one event whose title reads back as written."""
    meeting = Meeting(
        pk=1,
        title=title,
        place=place,
        starts_at=NOW,
        duration_hours=Decimal(2),
    )
    body = meetings_ical(name=title, meetings=[meeting], host="test", public=False)
    calendar = Calendar.from_ical(body)
    # The library reads an X- property back raw: unescape it as RFC 5545 text.
    assert _unescape(str(calendar["x-wr-calname"])) == ics_text(title)
    (event,) = _events(body)
    assert str(event["summary"]) == ics_text(title)
    if ics_text(place):
        assert str(event["location"]) == ics_text(place)
    lines = body.decode().split("\r\n")
    assert lines.count("BEGIN:VEVENT") == 1 and lines.count("END:VCALENDAR") == 1
