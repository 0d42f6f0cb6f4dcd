"""E-mails to people taking part, queued after the transaction commits."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from cocommission.accounts.models import User
from cocommission.accounts.tasks import send_email
from cocommission.mail import plain, render_text
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


def absolute_url(path: str) -> str:
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
            "respond_url": absolute_url(member.get_respond_url()),
        }
        # celery-types does not know delay_on_commit (Celery 5.4+) yet.
        send_email.delay_on_commit(  # type: ignore[attr-defined]
            subject=_("You are invited to join %(panel)s") % {"panel": member.panel},
            body=render_text("panels/email/invited.txt", context),
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


UNSUBSCRIBE_SALT = "cocommission.unsubscribe"
#: The kinds of e-mail a person can turn off, as NotificationSettings fields.
KINDS = (
    "invitations",
    "meeting_reminders",
    "decisions",
    "surveys",
    "reports",
    "review_dates",
)


def unsubscribe_token(user: User, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_read(token: str) -> tuple[User, str] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("u")).first()
    kind = data.get("k")
    if user is None or (kind not in KINDS and kind != "all"):
        return None
    return user, kind


@transaction.atomic
def unsubscribe(*, user: User, kind: str) -> NotificationSettings:
    prefs, _created = NotificationSettings.objects.get_or_create(user=user)
    for name in KINDS if kind == "all" else (kind,):
        setattr(prefs, name, False)
    prefs.save()
    return prefs


def _message(user: User, kind: str, subject: str, body: str) -> dict[str, Any]:
    """The e-mail in plain text and HTML, with a one-click unsubscribe link. The
    body is plain text: the HTML part escapes all of it."""
    url = absolute_url(reverse("unsubscribe", args=[unsubscribe_token(user, kind)]))
    # Subjects often hold a title people typed; a line break in a header is
    # refused by Django (BadHeaderError), so every run of spaces becomes one.
    subject = " ".join(plain(subject).split())
    context = {"subject": subject, "body": plain(body), "unsubscribe_url": url}
    return {
        "subject": subject,
        "body": render_text("emails/message.txt", context),
        "html": render_to_string("emails/message.html", context),
        "to": [user.email],
        "headers": {
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    }


def deliver(
    *,
    user: User,
    key: str,
    kind: str,
    subject: str,
    body: str,
    organisation: Organisation | None = None,
) -> bool:
    """E-mail one person about one event, once ever, after the transaction
    commits: if they want this kind and (for citizens) agreed to be contacted
    by the organisation. People who chose a weekly digest get it there."""
    prefs = NotificationSettings.objects.filter(user=user).first()
    if prefs is not None and not getattr(prefs, kind):
        return False
    if (
        organisation is not None
        and not ConsentRecord.objects.current(user=user, organisation=organisation)[
            Purpose.CONTACT
        ]
    ):
        return False
    digest = prefs is not None and prefs.weekly_digest
    try:
        with transaction.atomic():
            Notice.objects.create(
                user=user,
                key=key,
                in_digest=digest,
                subject=subject[:200] if digest else "",
                summary=body if digest else "",
            )
    except IntegrityError:
        return False
    if not digest:
        # celery-types does not know delay_on_commit (Celery 5.4+) yet.
        send_email.delay_on_commit(  # type: ignore[attr-defined]
            **_message(user, kind, subject, body)
        )
    return True


@transaction.atomic
def send_digests() -> int:
    """One e-mail per person listing what waited for their weekly digest."""
    waiting = (
        Notice.objects.select_for_update(skip_locked=True)
        .filter(in_digest=True)
        .select_related("user")
        .order_by("user_id", "sent_at")
    )
    by_user: dict[int, list[Notice]] = {}
    for notice in waiting:
        by_user.setdefault(notice.user_id, []).append(notice)
    for notices in by_user.values():
        user = notices[0].user
        body = render_text("emails/digest.txt", {"notices": notices})
        send_email.delay_on_commit(  # type: ignore[attr-defined]
            **_message(user, "all", _("Your week in CoCommission"), body)
        )
        Notice.objects.filter(pk__in=[n.pk for n in notices]).update(in_digest=False)
    return len(by_user)


def _send_once(user: User, key: str, subject: str, body: str) -> bool:
    """For the callers below: one event, citizen consent already checked."""
    kind = "meeting_reminders" if key.startswith("meeting:") else "decisions"
    return deliver(user=user, key=key, kind=kind, subject=subject, body=body)


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
                    render_text(
                        "panels/email/meeting_reminder.txt",
                        {
                            "meeting": meeting,
                            "url": absolute_url(reverse("accounts:participation")),
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
                render_text(
                    "panels/email/decision.txt",
                    {
                        "decision": decision,
                        "url": absolute_url(
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
