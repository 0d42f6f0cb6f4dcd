"""E-mail notifications: text and HTML with one-click unsubscribe, never twice
for one event, a weekly digest, and the events: report ready, surveys opening
and closing, contracts due for review."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from cocommission.accounts.models import User
from cocommission.accounts.tasks import send_email
from cocommission.notifications.models import NotificationSettings
from cocommission.notifications.services import deliver, send_digests
from cocommission.organisations.models import Organisation
from contracts.notifications import notify_review_dates
from panels.models import PanelMember, Purpose
from panels.services import consent_record
from reports.services import report_request
from surveys.notifications import notify_surveys
from tests.contracts.factories import make_contract
from tests.cycles.factories import CycleFactory
from tests.panels.factories import PanelFactory, consenting_citizen
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db


def _contactable(organisation: Organisation, **fields: Any) -> User:
    user = consenting_citizen(organisation, **fields)
    consent_record(
        user=user, organisation=organisation, purpose=Purpose.CONTACT, given=True
    )
    return user


def test_one_event_one_email_in_text_and_html_with_unsubscribe(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    user = _contactable(organisation)
    for _i in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            deliver(
                user=user,
                key="decision:1",
                kind="decisions",
                subject="A decision",
                body="We will open on Saturdays.",
                organisation=organisation,
            )
    (message,) = mail.outbox
    assert "We will open on Saturdays." in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Stop e-mails like this" in html
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in message.body and link in html

    path = urlparse(link).path
    anonymous = Client()
    assert "Stop these e-mails?" in anonymous.get(path).content.decode()
    assert NotificationSettings.objects.filter(user=user).count() == 0
    assert "Done" in anonymous.post(path).content.decode()
    assert NotificationSettings.objects.get(user=user).decisions is False
    with django_capture_on_commit_callbacks(execute=True):
        assert not deliver(
            user=user,
            key="decision:2",
            kind="decisions",
            subject="Another",
            body="x",
            organisation=organisation,
        )
    assert len(mail.outbox) == 1
    assert anonymous.get("/unsubscribe/forged/").status_code == 404


def test_a_title_with_line_breaks_still_sends_on_one_line(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    """A subject built from a typed title holding line breaks (which e-mail
    headers cannot) is sent, on one line, instead of failing."""
    user = _contactable(organisation)
    with django_capture_on_commit_callbacks(execute=True):
        deliver(
            user=user,
            key="report:1",
            kind="reports",
            subject="Your report is ready: Home\r\ncare\u2028plan\r",
            body="Read it here.",
        )
    (message,) = mail.outbox
    assert message.subject == "Your report is ready: Home care plan"


def test_no_email_without_consent_to_be_contacted(organisation: Organisation) -> None:
    user = consenting_citizen(organisation)  # panel and equalities, not contact
    assert not deliver(
        user=user,
        key="x:1",
        kind="decisions",
        subject="s",
        body="b",
        organisation=organisation,
    )


def test_a_weekly_digest_instead_of_each_email(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    user = _contactable(organisation)
    NotificationSettings.objects.create(user=user, weekly_digest=True)
    with django_capture_on_commit_callbacks(execute=True):
        for number in (1, 2):
            deliver(
                user=user,
                key=f"decision:{number}",
                kind="decisions",
                subject=f"Decision {number}",
                body=f"Details {number}",
                organisation=organisation,
            )
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests() == 1
    (digest,) = mail.outbox
    assert "Decision 1" in digest.body and "Details 2" in digest.body
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests() == 0
    assert len(mail.outbox) == 1


def test_the_person_who_asked_hears_their_report_is_ready(
    organisation: Organisation,
    people: dict[str, User],
    django_capture_on_commit_callbacks: Any,
) -> None:
    cycle = CycleFactory(organisation=organisation, title="Respite care")
    with django_capture_on_commit_callbacks(execute=True):
        report_request(
            organisation=organisation,
            kind="cycle",
            subject=cycle,
            by=people["commissioner"],
        )
    ready = [m for m in mail.outbox if "Your report is ready" in m.subject]
    assert len(ready) == 1 and ready[0].to == [people["commissioner"].email]


def test_panel_members_hear_a_survey_opened_and_when_it_closes_soon(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    cycle = CycleFactory(organisation=organisation)
    panel = PanelFactory(organisation=organisation, cycle=cycle)
    member = _contactable(organisation)
    PanelMember.objects.create(panel=panel, user=member, status="active")
    outsider = _contactable(organisation)
    survey = make_survey(organisation, cycle=cycle)
    survey.closes_at = timezone.now() + datetime.timedelta(days=10)
    survey.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_surveys() == 1
        assert notify_surveys() == 0
    assert mail.outbox[0].to == [member.email]
    assert "Have your say" in mail.outbox[0].subject
    later = survey.closes_at - datetime.timedelta(hours=24)
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_surveys(now=later) == 1
    assert "Closing soon" in mail.outbox[1].subject
    assert outsider.email not in {m.to[0] for m in mail.outbox}


def test_the_team_hears_when_a_contract_is_due_for_review(
    organisation: Organisation,
    people: dict[str, User],
    django_capture_on_commit_callbacks: Any,
) -> None:
    today = datetime.date(2026, 11, 22)
    make_contract(
        organisation, title="Home care", ends_on=today + datetime.timedelta(days=60)
    )
    make_contract(
        organisation, title="Libraries", ends_on=today + datetime.timedelta(days=400)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_review_dates(today=today) == 2  # the admin and commissioner
        assert notify_review_dates(today=today) == 0
    assert {m.to[0] for m in mail.outbox} == {
        people["admin"].email,
        people["commissioner"].email,
    }
    assert all("Home care" in m.subject for m in mail.outbox)


def test_sending_is_retried_when_the_mail_server_is_away() -> None:
    import smtplib

    assert smtplib.SMTPException in send_email.autoretry_for
    assert send_email.retry_kwargs["max_retries"] >= 3


def test_citizens_are_not_offered_the_teams_emails(
    organisation: Organisation, people: dict[str, User]
) -> None:
    citizen = Client()
    citizen.force_login(people["citizen"])
    page = citizen.get("/me/emails/").content.decode()
    assert "Surveys opening and closing" in page
    assert "(commissioning teams)" not in page
    team = Client()
    team.force_login(people["commissioner"])
    assert "My reports are ready" in team.get("/me/emails/").content.decode()


HOSTILE = '{{ 7|add:7 }} <svg onload=alert(1)> & "quoted"'


def test_a_survey_email_shows_its_title_as_text_in_both_parts(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    """A survey's title, typed with markup, is escaped in the HTML part and plain
    (no entities, nothing run) in the text part and the subject."""
    cycle = CycleFactory(organisation=organisation, title="Care & <i>support</i>")
    panel = PanelFactory(organisation=organisation, cycle=cycle)
    member = _contactable(organisation)
    PanelMember.objects.create(panel=panel, user=member, status="active")
    survey = make_survey(organisation, cycle=cycle)
    survey.title = HOSTILE
    survey.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_surveys() == 1
    (message,) = mail.outbox
    html, _mimetype = message.alternatives[0]
    assert HOSTILE in message.subject and HOSTILE in message.body
    assert "Care & <i>support</i>" in message.body
    assert "&amp;" not in message.body and "&lt;" not in message.body
    assert "<svg" not in html and "<i>support" not in html
    assert "{{ 7|add:7 }} &lt;svg onload=alert(1)&gt; &amp; &quot;quoted&quot;" in html
    assert "Care &amp; &lt;i&gt;support&lt;/i&gt;" in html


def test_a_digest_shows_what_it_gathers_as_text_in_both_parts(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    """The weekly digest's HTML part escapes each subject and summary it gathers."""
    user = _contactable(organisation)
    user.preferred_language = "en-gb"  # one language: each text appears once
    user.save()
    NotificationSettings.objects.create(user=user, weekly_digest=True)
    with django_capture_on_commit_callbacks(execute=True):
        deliver(
            user=user,
            key="decision:1",
            kind="decisions",
            subject=HOSTILE,
            body=f"Details: {HOSTILE}",
            organisation=organisation,
        )
        send_digests()
    (digest,) = mail.outbox
    html, _mimetype = digest.alternatives[0]
    assert f"Details: {HOSTILE}" in digest.body
    assert "<svg" not in html
    assert html.count("{{ 7|add:7 }} &lt;svg onload=alert(1)&gt; &amp;") == 2


def test_a_line_break_in_a_title_does_not_stop_the_email(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    """A subject made from a title with a line break in it is sent on one line."""
    user = _contactable(organisation)
    with django_capture_on_commit_callbacks(execute=True):
        deliver(
            user=user,
            key="decision:1",
            kind="decisions",
            subject="A decision\nBcc: someone@example.org",
            body="Details",
            organisation=organisation,
        )
    (message,) = mail.outbox
    assert message.subject == "A decision Bcc: someone@example.org"
    assert message.bcc == []
