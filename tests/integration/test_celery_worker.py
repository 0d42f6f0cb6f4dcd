"""Tasks really travel through Redis to a separate worker process."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from cocommission.accounts.tasks import send_email
from tests.integration.conftest import WorkerProcess

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def _wait_for_mail(mail_dir: Path, needle: str, timeout: float = 20) -> list[str]:
    """The mail files, once one mentions ``needle`` (earlier tests' mail may already
    be there, so waiting for any file is not enough)."""
    deadline = time.monotonic() + timeout
    messages: list[str] = []
    while time.monotonic() < deadline:
        messages = [f.read_text() for f in sorted(mail_dir.glob("*.log"))]
        if any(needle in m for m in messages):
            return messages
        time.sleep(0.2)
    return messages


def test_a_queued_email_task_runs_in_the_worker(real_queue: WorkerProcess) -> None:
    """A task sent through Redis is run by the worker, which sends the e-mail."""
    result = send_email.delay(
        subject="Hello", body="From the worker", to=["someone@example.org"]
    )
    assert result.get(timeout=20) == 1
    messages = _wait_for_mail(real_queue.mail_dir, "From the worker")
    assert any(
        "From the worker" in m and "someone@example.org" in m for m in messages
    ), real_queue.log_text()


def test_sign_up_mail_goes_through_the_worker_after_commit(
    client: Client, real_queue: WorkerProcess
) -> None:
    """Signing up queues the verification e-mail once the account is committed, and the
    worker delivers it."""
    response = client.post(
        reverse("account_signup"),
        {
            "email": "via.worker@example.org",
            "password1": "correct-horse-2026",
            "password2": "correct-horse-2026",
        },
    )
    assert response.status_code == 302
    messages = _wait_for_mail(real_queue.mail_dir, "via.worker@example.org")
    assert any("via.worker@example.org" in m for m in messages), real_queue.log_text()


def test_a_survey_export_is_built_by_the_worker(
    real_queue: WorkerProcess, organisation: object, people: dict[str, object]
) -> None:
    """Asking for a download queues it after commit; the worker writes the file
    and marks the export done, which the page then offers."""
    import uuid

    from django.contrib.auth.models import AnonymousUser

    from surveys.exports import export_request
    from surveys.models import Export, ExportKind, ExportStatus
    from surveys.submission import survey_submit_response
    from tests.surveys.factories import make_survey

    survey = make_survey(organisation)  # type: ignore[arg-type]
    field = survey.questions.get(text="Who are you?").field_name
    for _i in range(3):
        survey_submit_response(
            survey=survey,
            answers={field: "Carer"},
            user=AnonymousUser(),
            submission_key=uuid.uuid4(),
        )
    export = export_request(
        survey=survey,
        kind=ExportKind.RESPONSES_CSV,
        by=people["commissioner"],  # type: ignore[arg-type]
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        export.refresh_from_db()
        if export.status in (ExportStatus.DONE, ExportStatus.FAILED):
            break
        time.sleep(0.2)
    assert export.status == ExportStatus.DONE, real_queue.log_text()
    content = (real_queue.media_root / export.file.name).read_text(encoding="utf-8-sig")
    assert content.count("Carer") == 3
    assert Export.objects.count() == 1


def test_the_worker_counts_waiting_responses(
    real_queue: WorkerProcess, organisation: object
) -> None:
    """Responses wait in the outbox until the worker's counting task adds them to
    the tallies, each once."""
    import uuid

    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Sum

    from surveys.counting import waiting_count
    from surveys.models import Tally
    from surveys.submission import survey_submit_response
    from surveys.tasks import count_responses
    from tests.surveys.factories import make_survey

    survey = make_survey(organisation)  # type: ignore[arg-type]
    question = survey.questions.get(text="Who are you?")
    for who in ["Carer", "Carer", "User"]:
        survey_submit_response(
            survey=survey,
            answers={question.field_name: who},
            user=AnonymousUser(),
            submission_key=uuid.uuid4(),
        )
    assert waiting_count(survey) == 3
    assert count_responses.delay().get(timeout=20) == 3, real_queue.log_text()
    assert count_responses.delay().get(timeout=20) == 0
    carers = Tally.objects.filter(question=question, key="Carer").aggregate(
        n=Sum("count")
    )["n"]
    assert (carers, waiting_count(survey)) == (2, 0)
