"""E-mails about panels: invitations, meeting reminders and decisions, sent
through the core's e-mail service (``cocommission.notifications``)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from cocommission.accounts.models import User
from cocommission.accounts.tasks import send_email
from cocommission.languages import page_language
from cocommission.mail import Mail, Text, in_language_of, render_text
from cocommission.notifications.models import NotificationSettings
from cocommission.notifications.services import absolute_url, deliver, wants_email
from cocommission.organisations.models import Organisation
from cocommission.translations import text_in
from cycles.models import Decision
from cycles.translations import decision_in

from .models import SEATED, ConsentRecord, Meeting, PanelMember, Purpose
from .translations import panel_in


def consent_to_contact(user: User, organisation: Organisation) -> bool:
    """The person agreed to be contacted by the organisation (registered with
    the core's e-mail service from ``PanelsConfig.ready``)."""
    return bool(
        ConsentRecord.objects.current(user=user, organisation=organisation)[
            Purpose.CONTACT
        ]
    )


def _invitation(member: PanelMember, respond_url: str) -> Mail:
    """An invitation (from the team, or after a draw) in the language active
    when called, with the panel's own text in it where written."""
    panel = panel_in(member.panel, page_language())
    return Mail(
        _("You are invited to join %(panel)s") % {"panel": panel.name},
        render_text(
            "panels/email/invited.txt",
            {"panel": panel, "member": member, "respond_url": respond_url},
        ),
    )


def notify_invited(*, members: Iterable[PanelMember]) -> int:
    """Tell each invited person about their seat and how to answer."""
    sent = 0
    for member in members:
        if member.user is None:
            continue
        prefs = NotificationSettings.objects.filter(user=member.user).first()
        if prefs is not None and not prefs.invitations:
            continue
        mail = in_language_of(
            member.user,
            partial(_invitation, member, absolute_url(member.get_respond_url())),
        )
        # celery-types does not know delay_on_commit (Celery 5.4+) yet.
        send_email.delay_on_commit(  # type: ignore[attr-defined]
            subject=mail.subject, body=mail.body, to=[member.user.email]
        )
        sent += 1
    return sent


def _send_once(user: User, key: str, subject: Text, body: Text) -> bool:
    """For the callers below: one event, citizen consent already checked."""
    kind = "meeting_reminders" if key.startswith("meeting:") else "decisions"
    return deliver(user=user, key=key, kind=kind, subject=subject, body=body)


def _reminder(meeting: Meeting, url: str) -> str:
    """A meeting reminder in the language active when called, naming the panel
    in it where its name is written."""
    return render_text(
        "panels/email/meeting_reminder.txt",
        {
            "meeting": meeting,
            "panel": panel_in(meeting.panel, page_language()),
            "url": url,
        },
    )


def _reminder_subject(meeting: Meeting) -> str:
    return _("Reminder: %(meeting)s") % {"meeting": meeting.title}


def _decision_subject(decision: Decision) -> str:
    """In the language the e-mail is being written in (``in_language_of``)."""
    title = text_in(decision.cycle, "title", page_language())
    return _("A decision in %(cycle)s") % {"cycle": title}


def _decision_body(decision: Decision, url: str) -> str:
    """The decision's text in the language the e-mail is being written in, where
    the team wrote it, else its English."""
    lang = page_language()
    return render_text(
        "panels/email/decision.txt",
        {
            "decision": decision_in(decision, lang),
            "cycle_title": text_in(decision.cycle, "title", lang),
            "url": url,
        },
    )


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
                    partial(_reminder_subject, meeting),
                    partial(
                        _reminder,
                        meeting,
                        absolute_url(reverse("participation:participation")),
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
    url = absolute_url(
        reverse(
            "public_decisions",
            kwargs={"org_slug": organisation.slug, "pk": decision.cycle_id},
        )
    )
    sent = 0
    for user in users:
        if wants_email(user, organisation, "decisions"):
            sent += _send_once(
                user,
                f"decision:{decision.pk}",
                partial(_decision_subject, decision),
                partial(_decision_body, decision, url),
            )
    return sent
