"""Telling the people taking part in a cycle that a survey has opened, and that
it closes soon. Each person hears about each once."""

from __future__ import annotations

import datetime
from functools import partial
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cocommission.accounts.models import User
from cocommission.mail import render_text
from cocommission.notifications.models import Notice
from cocommission.notifications.services import absolute_url, deliver
from panels.models import SEATED

from .models import Participation, Survey

CLOSING_SOON = datetime.timedelta(hours=48)


def _people(survey: Survey) -> Any:
    """Seated members of the survey's cycle's panels (and of its own panel)."""
    return User.objects.filter(
        Q(panel_seats__panel__cycle_id=survey.activity.cycle_id)
        | Q(panel_seats__panel_id=survey.panel_id),
        panel_seats__status__in=SEATED,
    ).distinct()


def _subject(survey: Survey, closing: bool) -> str:
    """In the language active when called: each person's (deliver)."""
    return (
        _("Closing soon: %(title)s") if closing else _("Have your say: %(title)s")
    ) % {"title": survey.title}


def notify_surveys(*, now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    sent = 0
    surveys = Survey.objects.filter(
        published_at__isnull=False, closed_at__isnull=True
    ).select_related("activity__cycle__organisation")
    for survey in surveys:
        if not survey.is_open(now):
            continue
        organisation = survey.activity.cycle.organisation
        closing = (
            survey.closes_at is not None and survey.closes_at - now <= CLOSING_SOON
        )
        key = f"survey-{'closing' if closing else 'open'}:{survey.pk}"
        subject = partial(_subject, survey, closing)
        body = partial(
            render_text,
            "surveys/email/survey.txt",
            {
                "survey": survey,
                "closing": closing,
                "url": absolute_url(survey.get_answer_url()),
            },
        )
        for person in _people(survey):
            sent += deliver(
                user=person,
                key=key,
                kind="surveys",
                subject=subject,
                body=body,
                organisation=organisation,
            )
    return sent


def _invitation_key(survey: Survey) -> str:
    return f"survey-open:{survey.pk}"


def reminder_key(survey: Survey, number: int) -> str:
    """The notice of one reminder: one row per person, survey and number, so
    each is sent once even if the task runs twice or at the same time."""
    return f"survey-reminder:{survey.pk}:{number}"


def _last_sent(survey: Survey) -> dict[int, tuple[int, datetime.datetime]]:
    """For each person invited by e-mail: how many reminders they have had and
    when the last e-mail (the invitation or a reminder) was sent."""
    keys = [_invitation_key(survey)] + [
        reminder_key(survey, n) for n in range(1, survey.reminders + 1)
    ]
    last: dict[int, tuple[int, datetime.datetime]] = {}
    for user_id, key, sent_at in (
        Notice.objects.filter(key__in=keys)
        .order_by("sent_at")
        .values_list("user_id", "key", "sent_at")
    ):
        number = 0 if key == keys[0] else int(key.rsplit(":", 1)[1])
        if number == 0 and user_id not in last:
            last[user_id] = (0, sent_at)
        elif user_id in last:
            # In the order sent: the last one seen is the latest.
            last[user_id] = (max(last[user_id][0], number), sent_at)
    return last


def remind_survey(survey: Survey, *, now: datetime.datetime) -> int:
    """Send the next reminder to each person invited by e-mail who has not
    answered and still sits on the panel, once the gap has passed since their
    last e-mail; never more than the survey's number, and (through ``deliver``)
    never to anyone who no longer wants these e-mails."""
    gap = datetime.timedelta(days=survey.reminder_gap_days)
    answered = set(
        Participation.objects.filter(survey=survey).values_list("user_id", flat=True)
    )
    due = {
        user_id: had + 1
        for user_id, (had, sent_at) in _last_sent(survey).items()
        if had < survey.reminders and now - sent_at >= gap and user_id not in answered
    }
    if not due:
        return 0
    organisation = survey.activity.cycle.organisation
    subject = _("Reminder: %(title)s") % {"title": survey.title}
    body = render_text(
        "surveys/email/reminder.txt",
        {"survey": survey, "url": absolute_url(survey.get_answer_url())},
    )
    sent = 0
    # Only people still seated: whoever stood down since the invitation (or
    # withdrew from panels) is not reminded.
    still_members = _people(survey).values("pk")
    for person in User.objects.filter(pk__in=due, is_active=True).filter(
        pk__in=still_members
    ):
        sent += deliver(
            user=person,
            key=reminder_key(survey, due[person.pk]),
            kind="surveys",
            subject=subject,
            body=body,
            organisation=organisation,
        )
    return sent


def send_reminders(*, now: datetime.datetime | None = None) -> int:
    """Reminders for every open survey that asks for them."""
    now = now or timezone.now()
    sent = 0
    surveys = Survey.objects.filter(
        published_at__isnull=False, closed_at__isnull=True, reminders__gt=0
    ).select_related("activity__cycle__organisation")
    for survey in surveys:
        if survey.is_open(now):
            sent += remind_survey(survey, now=now)
    return sent
