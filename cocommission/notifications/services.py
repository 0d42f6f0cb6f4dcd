"""E-mails to people taking part, queued after the transaction commits.

The e-mail service of every app: each event is sent once ever (``Notice``), only
if the person wants that kind (``NotificationSettings``) and the organisation may
contact them (``registry.may_contact``), either at once or in their weekly
digest. Every e-mail carries a one-click unsubscribe link."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from cocommission.accounts.models import User
from cocommission.accounts.tasks import send_email
from cocommission.mail import Mail, Text, in_language_of, plain, render_text, text_of
from cocommission.organisations.models import Organisation

from .models import Notice, NotificationSettings
from .registry import may_contact


def absolute_url(path: str) -> str:
    return settings.COCOMMISSION_BASE_URL.rstrip("/") + path


def wants_email(user: User, organisation: Organisation, kind: str) -> bool:
    """Consent to be contacted, and the person's own choice for this kind."""
    if not may_contact(user, organisation):
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
    """Turn off one kind of e-mail, or all of them, for the person."""
    prefs, _created = NotificationSettings.objects.get_or_create(user=user)
    for name in KINDS if kind == "all" else (kind,):
        setattr(prefs, name, False)
    prefs.save()
    return prefs


def _message(user: User, kind: str, subject: Text, body: Text) -> dict[str, Any]:
    """The e-mail in plain text and HTML, with a one-click unsubscribe link, in the
    person's language (both, Welsh first, when unknown). The body is plain text: the
    HTML part escapes all of it."""
    url = absolute_url(reverse("unsubscribe", args=[unsubscribe_token(user, kind)]))

    def render() -> Mail:
        # Subjects often hold a title people typed; a line break in a header is
        # refused by Django (BadHeaderError), so every run of spaces becomes one.
        line = " ".join(plain(text_of(subject)).split())
        context = {
            "subject": line,
            "body": plain(text_of(body)),
            "unsubscribe_url": url,
        }
        return Mail(
            subject=line,
            body=render_text("emails/message.txt", context),
            html=render_to_string("emails/message.html", context),
        )

    mail = in_language_of(user, render)
    return {
        "subject": mail.subject,
        "body": mail.body,
        "html": mail.html,
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
    subject: Text,
    body: Text,
    organisation: Organisation | None = None,
) -> bool:
    """E-mail one person about one event, once ever, after the transaction
    commits: if they want this kind and (for citizens) agreed to be contacted
    by the organisation. People who chose a weekly digest get it there."""
    prefs = NotificationSettings.objects.filter(user=user).first()
    if prefs is not None and not getattr(prefs, kind):
        return False
    if organisation is not None and not may_contact(user, organisation):
        return False
    digest = prefs is not None and prefs.weekly_digest
    # A digest lists the event later: its line is kept in the person's language now.
    kept = (
        in_language_of(user, lambda: Mail(text_of(subject), text_of(body)))
        if digest
        else None
    )
    try:
        with transaction.atomic():
            Notice.objects.create(
                user=user,
                key=key,
                in_digest=digest,
                subject=kept.subject[:200] if kept else "",
                summary=kept.body if kept else "",
            )
    except IntegrityError:
        return False
    if not digest:
        # celery-types does not know delay_on_commit (Celery 5.4+) yet.
        send_email.delay_on_commit(  # type: ignore[attr-defined]
            **_message(user, kind, subject, body)
        )
    return True


def alert(*, user: User, key: str, subject: str, body: str) -> bool:
    """A service message about something the person runs (a paused webhook):
    sent once ever, at once, whatever e-mails they chose for news."""
    try:
        with transaction.atomic():
            Notice.objects.create(user=user, key=key)
    except IntegrityError:
        return False
    send_email.delay_on_commit(  # type: ignore[attr-defined]
        **_message(user, "all", subject, body)
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
        send_email.delay_on_commit(  # type: ignore[attr-defined]
            **_message(
                user,
                "all",
                lambda: _("Your week in CoCommission"),
                partial(render_text, "emails/digest.txt", {"notices": notices}),
            )
        )
        Notice.objects.filter(pk__in=[n.pk for n in notices]).update(in_digest=False)
    return len(by_user)
