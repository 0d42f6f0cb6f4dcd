"""E-mails to people taking part, queued after the transaction commits."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from cocommission.accounts.models import User
from cocommission.accounts.tasks import send_email
from cocommission.organisations.models import Organisation
from cycles.models import Decision

from .models import (
    SEATED,
    ConsentRecord,
    Meeting,
    Notice,
    NotificationSettings,
    PanelMember,
    Purpose,
)


def _absolute(path: str) -> str:
    return settings.COCOMMISSION_BASE_URL.rstrip("/") + path


def notify_invited(*, members: Iterable[PanelMember]) -> int:
    """Tell each invited person about their seat and how to answer."""
    sent = 0
    for member in members:
        if member.user is None:
            continue
        prefs = NotificationSettings.objects.filter(user=member.user).first()
        if prefs is not None and not prefs.invitations:
            continue
        context = {
            "panel": member.panel,
            "member": member,
            "respond_url": _absolute(member.get_respond_url()),
        }
        # celery-types does not know delay_on_commit (Celery 5.4+) yet.
        send_email.delay_on_commit(  # type: ignore[attr-defined]
            subject=_("You are invited to join %(panel)s") % {"panel": member.panel},
            body=render_to_string("panels/email/invited.txt", context),
            to=[member.user.email],
        )
        sent += 1
    return sent


def wants_email(user: User, organisation: Organisation, kind: str) -> bool:
    """Consent to be contacted, and the person's own choice for this kind."""
    if not ConsentRecord.objects.current(user=user, organisation=organisation)[
        Purpose.CONTACT
    ]:
        return False
    settings_ = NotificationSettings.objects.filter(user=user).first()
    return settings_ is None or bool(getattr(settings_, kind))


def _send_once(user: User, key: str, subject: str, body: str) -> bool:
    """Queue the e-mail unless this person already had it; True when queued."""
    try:
        with transaction.atomic():
            Notice.objects.create(user=user, key=key)
    except IntegrityError:
        return False
    # celery-types does not know delay_on_commit (Celery 5.4+) yet.
    send_email.delay_on_commit(  # type: ignore[attr-defined]
        subject=subject, body=body, to=[user.email]
    )
    return True


@transaction.atomic
def remind_meetings(*, now: datetime.datetime) -> int:
    """E-mail members about meetings in the next day, once per meeting."""
    sent = 0
    due = (
        Meeting.objects.select_for_update(skip_locked=True)
        .filter(
            reminder_sent_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=now + datetime.timedelta(days=1),
        )
        .select_related("panel__organisation")
    )
    for meeting in due:
        organisation = meeting.panel.organisation
        members = PanelMember.objects.filter(
            panel=meeting.panel, status__in=SEATED, user__isnull=False
        ).select_related("user")
        for member in members:
            assert member.user is not None  # noqa: S101 - filtered above
            if wants_email(member.user, organisation, "meeting_reminders"):
                sent += _send_once(
                    member.user,
                    f"meeting:{meeting.pk}",
                    _("Reminder: %(meeting)s") % {"meeting": meeting.title},
                    render_to_string(
                        "panels/email/meeting_reminder.txt",
                        {
                            "meeting": meeting,
                            "url": _absolute(reverse("accounts:participation")),
                        },
                    ),
                )
        meeting.reminder_sent_at = now
        meeting.save(update_fields=["reminder_sent_at"])
    return sent


@transaction.atomic
def notify_decision(*, decision: Decision) -> int:
    """Tell the members of a cycle's panels about a published decision, once.
    People who joined after it was published are not told about it as news."""
    if not decision.is_published:
        return 0
    organisation = decision.cycle.organisation
    users = User.objects.filter(
        panel_seats__panel__cycle=decision.cycle,
        panel_seats__status__in=SEATED,
        panel_seats__responded_at__lte=decision.published_at,
    ).distinct()
    sent = 0
    for user in users:
        if wants_email(user, organisation, "decisions"):
            sent += _send_once(
                user,
                f"decision:{decision.pk}",
                _("A decision in %(cycle)s") % {"cycle": decision.cycle.title},
                render_to_string(
                    "panels/email/decision.txt",
                    {
                        "decision": decision,
                        "url": _absolute(
                            reverse(
                                "public_decisions",
                                kwargs={
                                    "org_slug": organisation.slug,
                                    "pk": decision.cycle_id,
                                },
                            )
                        ),
                    },
                ),
            )
    return sent
