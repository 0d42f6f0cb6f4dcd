"""Meetings, attendance, actions and contributed hours."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DecimalField, ExpressionWrapper, F, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from natsort import natsorted, ns

from cocommission.accounts.models import User

from .models import (
    Attendance,
    Contribution,
    Meeting,
    MeetingAction,
    MemberStatus,
    NeedsMet,
    PanelMember,
)

#: What a calendar shows of a meeting: a change to any bumps its SEQUENCE.
CALENDAR_FIELDS = ("title", "starts_at", "duration_hours", "place", "is_online")


@transaction.atomic
def meeting_save(
    *, meeting: Meeting, decisions: Iterable[Any] | None = None
) -> Meeting:
    """Save a meeting; when what calendars show changes, its SEQUENCE goes up."""
    meeting.full_clean()
    if meeting.pk:
        before = (
            Meeting.objects.select_for_update()
            .filter(pk=meeting.pk)
            .values("sequence", *CALENDAR_FIELDS)
            .first()
        )
        if before is not None:
            changed = any(before[f] != getattr(meeting, f) for f in CALENDAR_FIELDS)
            meeting.sequence = before["sequence"] + int(changed)
    meeting.save()
    if decisions is not None:
        wrong = [d for d in decisions if d.cycle_id != meeting.panel.cycle_id]
        if wrong:
            raise ValidationError(
                {"decisions": _("Choose decisions of the panel's own cycle.")}
            )
        meeting.decisions.set(decisions)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting) -> Meeting:
    """Cancel a meeting: it stays listed, marked cancelled, and calendars that
    hold it show it cancelled (a new SEQUENCE with STATUS:CANCELLED)."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.cancelled_at is None:
        locked.cancelled_at = timezone.now()
        locked.sequence += 1
        locked.save(update_fields=["cancelled_at", "sequence"])
    return locked


def _seated_at(meeting: Meeting) -> QuerySet[PanelMember]:
    """The panel's members who held a seat on the day of the meeting."""
    day = timezone.localdate(meeting.starts_at)
    return PanelMember.objects.filter(
        panel=meeting.panel, user__isnull=False
    ).seated_on(day)


def meeting_roll(meeting: Meeting) -> list[dict[str, Any]]:
    """Everyone seated on the day of the meeting, with their access needs and
    attendance, by name as people read names ("Member 2" before "Member 11")."""
    members = natsorted(
        _seated_at(meeting).select_related("user", "user__participant_profile"),
        key=lambda member: str(member.user),
        alg=ns.IGNORECASE,
    )
    recorded = {a.user_id: a for a in meeting.attendance.all()}
    roll = []
    for member in members:
        assert member.user is not None  # noqa: S101 - filtered above
        profile = getattr(member.user, "participant_profile", None)
        roll.append(
            {
                "user": member.user,
                "needs": profile.get_access_needs_display() if profile else [],
                "attendance": recorded.get(member.user_id),
            }
        )
    return roll


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, rows: Iterable[tuple[int, bool, str]]
) -> int:
    """Record who attended and whether their access needs were met. ``rows`` holds
    (user id, attended, needs met); only members seated on the day can be
    recorded."""
    rows = list(rows)
    seated = set(_seated_at(meeting).values_list("user_id", flat=True))
    count = 0
    for user_id, attended, needs in rows:
        if user_id not in seated:
            raise ValidationError(
                _("Only members seated on the day of the meeting can be recorded.")
            )
        if needs not in NeedsMet.values:
            raise ValidationError(_("Choose whether access needs were met."))
        Attendance.objects.update_or_create(
            meeting=meeting,
            user_id=user_id,
            defaults={"attended": attended, "access_needs_met": needs},
        )
        count += attended
    # Coming to a meeting turns an accepted seat into an active one.
    came = [user_id for user_id, attended, _needs in rows if attended]
    PanelMember.objects.filter(
        panel=meeting.panel, user_id__in=came, status=MemberStatus.ACCEPTED
    ).update(status=MemberStatus.ACTIVE)
    return count


@transaction.atomic
def meeting_action_add(*, action: MeetingAction) -> MeetingAction:
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def contribution_record(*, contribution: Contribution, by: User) -> Contribution:
    """Record hours a citizen gave. They must belong to the organisation."""
    if contribution.hours is None or contribution.hours <= 0:
        raise ValidationError({"hours": _("Enter the hours, more than 0.")})
    if contribution.hours > 500:
        raise ValidationError(
            {"hours": _("Record at most 500 hours at a time; split longer periods.")}
        )
    if (
        contribution.user is not None
        and not contribution.user.memberships.filter(
            organisation=contribution.organisation
        ).exists()
    ):
        raise ValidationError({"user": _("Choose someone in this organisation.")})
    contribution.full_clean()
    contribution.save()
    return contribution


def citizen_hours(*, cycle: Any) -> Decimal:
    """Hours citizens gave to a cycle: recorded contributions plus time at the
    meetings of its panels. Two queries."""
    given = Contribution.objects.filter(cycle=cycle).aggregate(total=Sum("hours"))[
        "total"
    ] or Decimal(0)
    at_meetings = Attendance.objects.filter(
        meeting__panel__cycle=cycle, attended=True
    ).aggregate(
        total=Sum(
            ExpressionWrapper(
                F("meeting__duration_hours"),
                output_field=DecimalField(max_digits=8, decimal_places=1),
            )
        )
    )["total"] or Decimal(0)
    return Decimal(given) + Decimal(at_meetings)


def citizen_hours_by_cycle(*, organisation: Any) -> dict[int, Decimal]:
    """``citizen_hours`` for every cycle of an organisation at once (two queries)."""
    hours: dict[int, Decimal] = {}
    for cycle_id, total in (
        Contribution.objects.filter(cycle__organisation=organisation)
        .values_list("cycle_id")
        .annotate(total=Sum("hours"))
    ):
        hours[cycle_id] = hours.get(cycle_id, Decimal(0)) + Decimal(total)
    for cycle_id, total in (
        Attendance.objects.filter(
            meeting__panel__cycle__organisation=organisation, attended=True
        )
        .values_list("meeting__panel__cycle_id")
        .annotate(total=Sum("meeting__duration_hours"))
    ):
        hours[cycle_id] = hours.get(cycle_id, Decimal(0)) + Decimal(total)
    return hours
