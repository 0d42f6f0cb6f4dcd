"""Panel meetings as iCalendar (RFC 5545): a feed per panel and a file per meeting.

Times are written in UTC (``...Z``), which every calendar app shows in the reader's
own zone, Europe/London included, without shipping a VTIMEZONE. Each meeting has
a stable UID, and its SEQUENCE goes up when its time, place or title changes or it
is cancelled (``panels.meetings.meeting_save`` / ``meeting_cancel``), so calendar
apps replace their copy; a cancelled meeting stays in the feed with
STATUS:CANCELLED so it is taken out of people's calendars.

The public feed holds only what the public panel page shows: the title, the time
and whether it is online; never the place, agenda, minutes or anyone's name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime

from django.utils import timezone
from icalendar import Calendar, Event, vText

from .models import Meeting, Panel

#: Control characters RFC 5545 does not allow in text (line breaks are kept).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def ics_text(value: str) -> str:
    """Text as a calendar holds it: line breaks as one newline, no control
    characters (the library escapes commas, semicolons, backslashes, newlines)."""
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def meeting_uid(meeting: Meeting, host: str) -> str:
    """The same for a meeting for ever, whatever changes in it."""
    return f"panel-meeting-{meeting.pk}@{host}"


def _event(meeting: Meeting, *, host: str, public: bool, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", meeting_uid(meeting, host))
    event.add("dtstamp", stamp)
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", meeting.ends_at.astimezone(UTC))
    event.add("summary", ics_text(meeting.title))
    event.add("sequence", meeting.sequence)
    event.add("status", "CANCELLED" if meeting.cancelled_at else "CONFIRMED")
    event.add("transp", "OPAQUE")
    if meeting.is_online:
        event.add("description", "Online")
    if not public and meeting.place:
        event.add("location", ics_text(meeting.place))
    return event


def meetings_ical(
    *,
    name: str,
    meetings: Iterable[Meeting],
    host: str,
    public: bool,
) -> bytes:
    """A calendar of ``meetings`` named ``name``."""
    calendar = Calendar()
    calendar.add("prodid", "-//CoCommission//Panel meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # An X- property is not escaped unless typed as text.
    calendar.add("x-wr-calname", vText(ics_text(name)))
    stamp = timezone.now().astimezone(UTC)
    for meeting in meetings:
        calendar.add_component(_event(meeting, host=host, public=public, stamp=stamp))
    return bytes(calendar.to_ical())


def panel_feed_meetings(panel: Panel, *, public: bool) -> list[Meeting]:
    """The meetings a panel's feed holds: all of them for members and the team;
    for the public, those still to come."""
    meetings = panel.meetings.order_by("starts_at", "pk").only(
        "pk",
        "title",
        "starts_at",
        "duration_hours",
        "place",
        "is_online",
        "sequence",
        "cancelled_at",
        "panel_id",
    )
    if public:
        meetings = meetings.filter(starts_at__gte=timezone.now())
    return list(meetings)
