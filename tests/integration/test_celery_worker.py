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
