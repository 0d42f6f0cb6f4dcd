"""E-mails to people taking part, queued after the transaction commits."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from cocommission.accounts.tasks import send_email

from .models import PanelMember


def _absolute(path: str) -> str:
    return settings.COCOMMISSION_BASE_URL.rstrip("/") + path


def notify_invited(*, members: Iterable[PanelMember]) -> int:
    """Tell each invited person about their seat and how to answer."""
    sent = 0
    for member in members:
        if member.user is None:
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
