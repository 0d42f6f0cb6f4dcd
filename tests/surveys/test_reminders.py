"""Reminders to people invited by e-mail who have not answered a survey."""

from __future__ import annotations

import datetime
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlparse

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.notifications.models import Notice
from cocommission.organisations.models import Organisation
from panels.models import PanelMember, Purpose
from panels.services import consent_record
from surveys.models import Kind
from surveys.notifications import notify_surveys, send_reminders
from surveys.submission import survey_submit_response
from tests.cycles.factories import CycleFactory
from tests.panels.factories import PanelFactory, consenting_citizen
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
ONE = [{"kind": Kind.SINGLE, "text": "Pick", "options": ["A", "B"], "required": True}]


def _invited(organisation: Organisation, reminders: int, people: int = 2) -> Any:
    """A survey with ``reminders`` a week apart, and panel members invited to it
    by e-mail."""
    cycle = CycleFactory(organisation=organisation)
    panel = PanelFactory(organisation=organisation, cycle=cycle)
    members = []
    for _i in range(people):
        user = consenting_citizen(organisation)
        consent_record(
            user=user, organisation=organisation, purpose=Purpose.CONTACT, given=True
        )
        PanelMember.objects.create(panel=panel, user=user, status="active")
        members.append(user)
    survey = make_survey(organisation, cycle=cycle, questions=ONE)
    survey.reminders = reminders
    survey.reminder_gap_days = 7
    survey.save()
    return survey, members


def _run(capture: Any, when: datetime.datetime) -> int:
    with time_machine.travel(when, tick=False), capture(execute=True):
        return send_reminders()


def _reminders_to(user: User) -> int:
    return sum(
        1 for m in mail.outbox if m.to == [user.email] and "Reminder" in m.subject
    )


def test_at_most_the_reminders_set_a_gap_apart(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    """Two reminders: one a week after the invitation, one a week later, then
    no more; none before the gap; the task run twice sends nothing twice."""
    survey, (first, second) = _invited(organisation, reminders=2)
    with (
        time_machine.travel(START, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert notify_surveys() == 2
    capture = django_capture_on_commit_callbacks
    assert _run(capture, START + datetime.timedelta(days=6)) == 0
    assert _run(capture, START + datetime.timedelta(days=7)) == 2
    assert _run(capture, START + datetime.timedelta(days=7, hours=1)) == 0
    assert _run(capture, START + datetime.timedelta(days=13)) == 0
    assert _run(capture, START + datetime.timedelta(days=14)) == 2
    assert _run(capture, START + datetime.timedelta(days=40)) == 0
    assert _reminders_to(first) == _reminders_to(second) == 2
    assert survey.title in next(m for m in mail.outbox if "Reminder" in m.subject).body


def test_no_reminders_by_default(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    _survey, _members = _invited(organisation, reminders=0)
    with (
        time_machine.travel(START, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        notify_surveys()
    capture = django_capture_on_commit_callbacks
    assert _run(capture, START + datetime.timedelta(days=30)) == 0


def test_answering_or_opting_out_stops_reminders(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    """The person who answered, and the one who used the one-click unsubscribe
    link in the invitation, hear no more; the third gets both reminders."""
    survey, (answers, leaves, waits) = _invited(organisation, reminders=3, people=3)
    with (
        time_machine.travel(START, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        notify_surveys()
    capture = django_capture_on_commit_callbacks
    assert _run(capture, START + datetime.timedelta(days=7)) == 3
    field = survey.questions.get().field_name
    survey_submit_response(
        survey=survey, answers={field: "A"}, user=answers, submission_key=uuid.uuid4()
    )
    invitation = next(m for m in mail.outbox if m.to == [leaves.email])
    link = urlparse(invitation.extra_headers["List-Unsubscribe"].strip("<>")).path
    assert Client().post(link).status_code in (200, 302)
    assert _run(capture, START + datetime.timedelta(days=14)) == 1
    assert _run(capture, START + datetime.timedelta(days=21)) == 1
    assert _reminders_to(answers) == 1
    assert _reminders_to(leaves) == 1
    assert _reminders_to(waits) == 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_send_each_reminder_once(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    """Four runs at once: each person gets the first reminder once."""
    _survey, members = _invited(organisation, reminders=1, people=3)
    with time_machine.travel(START, tick=False):
        notify_surveys()

    def run(_i: int) -> int:
        try:
            with time_machine.travel(START + datetime.timedelta(days=8), tick=False):
                return send_reminders()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        sent = sum(pool.map(run, range(4)))
    assert sent == 3
    assert Notice.objects.filter(key__startswith="survey-reminder:").count() == 3


def test_the_commissioner_sets_reminders_on_the_survey(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    """At most 3, said next to the field, keeping what was typed; none unless
    asked for."""
    from surveys.models import Survey
    from tests.cycles.factories import ActivityFactory

    activity = ActivityFactory(cycle=CycleFactory(organisation=organisation))
    client.force_login(people["commissioner"])
    url = reverse("surveys:new", kwargs={"org_slug": organisation.slug})
    data = {
        "activity": activity.pk,
        "title": "Kept title",
        "audience": "public",
        "is_anonymous": "on",
        "reminders": "4",
        "reminder_gap_days": "5",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Send at most 3 reminders" in page and "Kept title" in page
    assert client.post(url, {**data, "reminders": "2"}).status_code == 302
    survey = Survey.objects.get()
    assert (survey.reminders, survey.reminder_gap_days) == (2, 5)
    del data["reminders"], data["reminder_gap_days"]
    data["title"] = "Another"
    assert client.post(url, data).status_code == 302
    assert Survey.objects.get(title="Another").reminders == 0
