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
from cocommission.notifications.services import absolute_url, deliver
from panels.models import SEATED

from .models import Survey

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
