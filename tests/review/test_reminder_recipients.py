"""Reminders reach only invited people who have not answered, still sit on the
panel and still want the e-mails, and never more than the number set: probed
from the e-mails sent."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
import time_machine
from django.core import mail

from cocommission.accounts.models import User
from cocommission.notifications.services import unsubscribe
from cocommission.organisations.models import Organisation
from panels.models import PanelMember, Purpose
from panels.services import consent_record
from panels.services.panel import panel_member_step_down
from surveys.models import Kind
from surveys.notifications import notify_surveys, send_reminders
from surveys.submission import survey_submit_response
from tests.cycles.factories import CycleFactory
from tests.panels.factories import PanelFactory, consenting_citizen
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
ONE = [{"kind": Kind.SINGLE, "text": "Pick", "options": ["A", "B"], "required": True}]


def reminded(user: User) -> int:
    return sum(
        1 for m in mail.outbox if m.to == [user.email] and "Reminder" in m.subject
    )


def test_reminders_skip_who_stood_down_opted_out_or_answered(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    cycle = CycleFactory(organisation=organisation)
    panel = PanelFactory(organisation=organisation, cycle=cycle)
    members = {}
    for name in ("stays", "stands_down", "leaves_panel", "unsubscribes", "answers"):
        user = consenting_citizen(organisation)
        consent_record(
            user=user, organisation=organisation, purpose=Purpose.CONTACT, given=True
        )
        members[name] = user
        PanelMember.objects.create(panel=panel, user=user, status="active")
    survey = make_survey(organisation, cycle=cycle, questions=ONE)
    survey.reminders, survey.reminder_gap_days = 2, 7
    survey.save()
    capture = django_capture_on_commit_callbacks
    with time_machine.travel(START, tick=False), capture(execute=True):
        assert notify_surveys() == 5
    # After the invitation: one steps down, one withdraws from panels altogether
    # (which steps them down), one turns off survey e-mails, one answers.
    panel_member_step_down(
        member=PanelMember.objects.get(panel=panel, user=members["stands_down"])
    )
    consent_record(
        user=members["leaves_panel"],
        organisation=organisation,
        purpose=Purpose.PANEL,
        given=False,
    )
    unsubscribe(user=members["unsubscribes"], kind="surveys")
    survey_submit_response(
        survey=survey,
        answers={survey.questions.get().field_name: "A"},
        user=members["answers"],
        submission_key=uuid.uuid4(),
    )
    mail.outbox.clear()
    for days in (7, 14, 21, 28, 60):
        with (
            time_machine.travel(START + datetime.timedelta(days=days), tick=False),
            capture(execute=True),
        ):
            send_reminders()
    assert {tuple(m.to) for m in mail.outbox} == {(members["stays"].email,)}
    assert reminded(members["stays"]) == 2
    for name in ("stands_down", "leaves_panel", "unsubscribes", "answers"):
        assert reminded(members[name]) == 0, name
