"""Workflows of panels and their members: saving, joining, answering an invitation,
stepping down, inviting, carrying over. Each is one transaction."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cocommission.accounts.models import User
from cocommission.organisations.models import Membership, Organisation, Role

from ..models import (
    KnowCareQuota,
    MemberStatus,
    Panel,
    PanelMember,
    PoolMember,
    Purpose,
    Quota,
    Recruitment,
    TopicInterest,
    Volunteer,
)
from ..translations import publish_problem
from .profile import consent_record, consent_required


def _ensure_citizen_membership(user: User, organisation: Organisation) -> None:
    Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": Role.CITIZEN}
    )


@transaction.atomic
def panel_save(*, panel: Panel, activities: Iterable[Any] | None = None) -> Panel:
    if panel.cycle is not None and panel.cycle.organisation_id != panel.organisation_id:
        raise ValidationError({"cycle": _("Choose a cycle of this organisation.")})
    if panel.pk is not None and panel.seats is not None:
        seated = _lock(panel.pk).members.seated().count()
        if panel.seats < seated:
            raise ValidationError(
                {
                    "seats": _(
                        "%(seated)s people hold seats, so the panel needs at least "
                        "%(seated)s. Record who stepped down first."
                    )
                    % {"seated": seated}
                }
            )
    panel.full_clean()
    _open_only_when_written(panel)
    panel.save()
    if activities is not None:
        panel.activities.set(activities)
    return panel


def _open_only_when_written(panel: Panel) -> None:
    """A panel takes volunteers (and shows on the 'get involved' page) only once
    what they read is written, and up to date, in each of the organisation's
    required languages; the problem is told beside the choice to open it."""
    if not panel.is_open_for_volunteers:
        return
    problem = publish_problem(panel)
    if problem:
        raise ValidationError(
            {
                "is_open_for_volunteers": _(
                    "It cannot take volunteers yet. %(problem)s Untick this to "
                    "save it closed, then write the text on its Languages page."
                )
                % {"problem": problem}
            }
        )


def _lock(panel_id: int) -> Panel:
    """The panel, locked until the transaction ends: whoever holds the lock counts
    the seats and takes one, so two people can never both take the last seat."""
    return Panel.objects.select_for_update().get(pk=panel_id)


def _has_free_seat(panel: Panel) -> bool:
    """Whether a seat is free; call with the panel locked (``_lock``)."""
    if panel.seats is None:
        return True
    return panel.members.seated().count() < panel.seats


def _take_seat_or_reserve(member: PanelMember, panel: Panel, now: Any) -> None:
    """Seat someone who said yes, or, when the panel is full, put them on its
    reserve list. The panel must be locked."""
    member.responded_at = now
    member.stepped_down_at = None
    if _has_free_seat(panel):
        member.status = MemberStatus.ACCEPTED
        member.term_starts = member.term_starts or timezone.localdate(now)
    else:
        member.status = MemberStatus.RESERVE


@transaction.atomic
def panel_join(*, panel: Panel, user: User) -> PanelMember | Volunteer:
    """A citizen answers an open call or an invitation link: a seat straight away
    (or a place on the reserve list when the panel is full), or (for selection
    panels) a place in the pool of volunteers."""
    consent_required(user, panel.organisation, Purpose.PANEL)
    _ensure_citizen_membership(user, panel.organisation)
    if panel.recruitment == Recruitment.SELECTION:
        volunteer, _created = Volunteer.objects.get_or_create(panel=panel, user=user)
        return volunteer
    locked = _lock(panel.pk)
    now = timezone.now()
    member = PanelMember.objects.filter(panel=panel, user=user).first()
    if member is None:
        member = PanelMember(panel=panel, user=user)
    elif member.is_seated or member.status == MemberStatus.RESERVE:
        return member
    _take_seat_or_reserve(member, locked, now)
    member.save()
    return member


@transaction.atomic
def panel_join_with_consent(
    *,
    panel: Panel,
    user: User,
    consent_to: Iterable[str] = (),
    interest: tuple[int, int] | None = None,
    organisation_pool: bool = False,
) -> PanelMember | Volunteer:
    """Join a panel from its join page in one go: record the consents newly given
    (``consent_to``, purposes), the person's knowledge and care of the cycle's topic
    (``interest``), then the seat or place in the pool (``panel_join``). A volunteer
    who ticked ``organisation_pool`` also joins the organisation's pool."""
    for purpose in consent_to:
        consent_record(
            user=user, organisation=panel.organisation, purpose=purpose, given=True
        )
    if interest is not None and panel.cycle is not None:
        knowledge, care = interest
        TopicInterest.objects.update_or_create(
            user=user,
            cycle=panel.cycle,
            defaults={"knowledge": knowledge, "care": care},
        )
    result = panel_join(panel=panel, user=user)
    if organisation_pool and isinstance(result, Volunteer):
        PoolMember.objects.get_or_create(organisation=panel.organisation, user=user)
    return result


def organisation_pool_leave(*, user: User, organisation: Organisation) -> bool:
    """Withdraw consent to the organisation's pool: out of it at once. The person
    stays a volunteer for the panels they chose. True if they were in it."""
    deleted, _rows = PoolMember.objects.filter(
        user=user, organisation=organisation
    ).delete()
    return bool(deleted)


@transaction.atomic
def panel_member_respond(
    *, member: PanelMember, accept: bool, on: datetime.date | None = None
) -> PanelMember:
    """An invited person takes up or declines the seat. Once the panel is full, a
    yes puts them on the reserve list instead. ``on`` backdates the seat (for
    records of seats taken before they were entered)."""
    panel = _lock(member.panel_id)
    # Answers are read again under the lock: a second click waits, then sees this one.
    member.refresh_from_db(from_queryset=PanelMember.objects.select_for_update())
    if member.status != MemberStatus.INVITED:
        raise ValidationError(_("This invitation has already been answered."))
    if accept:
        assert member.user is not None  # noqa: S101 - invitations always name someone
        consent_required(member.user, panel.organisation, Purpose.PANEL)
    now = timezone.now()
    if accept:
        _take_seat_or_reserve(member, panel, now)
        if on is not None and member.status == MemberStatus.ACCEPTED:
            member.term_starts = on
    else:
        member.status = MemberStatus.STEPPED_DOWN
        member.responded_at = now
        member.stepped_down_at = now
    member.save()
    return member


@transaction.atomic
def panel_seat_next_reserve(*, panel: Panel) -> PanelMember:
    """Give a free seat to the first person on the reserve list."""
    locked = _lock(panel.pk)
    if not _has_free_seat(locked):
        raise ValidationError(_("The panel is full: no seat is free."))
    member = locked.members.reserve().select_for_update().first()
    if member is None:
        raise ValidationError(_("Nobody is on the reserve list."))
    member.status = MemberStatus.ACCEPTED
    member.term_starts = timezone.localdate()
    member.term_ends = None
    member.save()
    return member


@transaction.atomic
def panel_member_step_down(*, member: PanelMember) -> PanelMember:
    if member.status == MemberStatus.STEPPED_DOWN:
        return member
    if member.is_seated:
        member.term_ends = member.term_ends or timezone.localdate()
    member.status = MemberStatus.STEPPED_DOWN
    member.stepped_down_at = timezone.now()
    member.save()
    return member


@transaction.atomic
def panel_invite(*, panel: Panel, emails: Iterable[str]) -> list[PanelMember]:
    """Invite people by e-mail; accounts are made for new addresses (they sign in
    with a code, so no password is needed)."""
    invited = []
    for email in emails:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(email=email)
        _ensure_citizen_membership(user, panel.organisation)
        member, created = PanelMember.objects.get_or_create(panel=panel, user=user)
        if created:
            invited.append(member)
    return invited


@transaction.atomic
def panels_carry_over(*, panels: Iterable[Panel], to_cycle: Any) -> list[Panel]:
    """Copy panels into the next cycle with their seated members (who keep their
    seats) and their quotas; the old panels stay with the old cycle's record."""
    copies = []
    today = timezone.localdate()
    for panel in panels:
        copy = Panel(
            organisation=panel.organisation,
            cycle=to_cycle,
            name=panel.name,
            kind=panel.kind,
            purpose=panel.purpose,
            commitment=panel.commitment,
            i18n=dict(panel.i18n or {}),
            recruitment=panel.recruitment,
            seats=panel.seats,
        )
        # Open again only if its text is complete in the required languages.
        copy.is_open_for_volunteers = (
            panel.is_open_for_volunteers and not publish_problem(copy)
        )
        copy.save()
        PanelMember.objects.bulk_create(
            PanelMember(
                panel=copy,
                user_id=member.user_id,
                status=MemberStatus.ACCEPTED,
                term_starts=today,
                responded_at=timezone.now(),
            )
            for member in panel.members.seated().filter(user__isnull=False)
        )
        Quota.objects.bulk_create(
            Quota(
                panel=copy,
                category_id=q.category_id,
                value_id=q.value_id,
                minimum=q.minimum,
                maximum=q.maximum,
            )
            for q in panel.quotas.all()
        )
        KnowCareQuota.objects.bulk_create(
            KnowCareQuota(
                panel=copy, group=q.group, minimum=q.minimum, maximum=q.maximum
            )
            for q in panel.know_care_quotas.all()
        )
        copies.append(copy)
    return copies
