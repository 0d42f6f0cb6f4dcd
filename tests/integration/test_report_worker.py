"""A report survives its worker being killed: the task is handed to the next
worker and the report is made once."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from cocommission.accounts.models import User
from cocommission.celery import app as celery_app
from cocommission.organisations.models import Organisation
from reports.models import Report, ReportStatus
from reports.tasks import make_report
from tests.cycles.factories import CycleFactory
from tests.integration.conftest import start_worker, stop_worker

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

QUEUE = "reports-kill-test"
VISIBILITY = 3


def _wait(condition: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"Timed out waiting for {what}")
        time.sleep(0.2)


def test_a_report_task_is_redelivered_after_its_worker_is_killed(
    organisation: Organisation,
    people: dict[str, User],
    tmp_path: Path,
    settings: Any,
) -> None:
    marker = tmp_path / "held"
    first = start_worker(
        tmp_path,
        app="tests.integration.held_app",
        queues=QUEUE,
        extra_env={
            "HOLD_MARKER": str(marker),
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY),
        },
    )
    settings.MEDIA_ROOT = str(first.media_root)
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        _kill_and_redeliver(first, tmp_path, marker, organisation, people)
    finally:
        celery_app.conf.task_always_eager = previous
        if first.process.poll() is None:
            first.process.kill()


def _kill_and_redeliver(
    first: Any,
    tmp_path: Path,
    marker: Path,
    organisation: Organisation,
    people: dict[str, User],
) -> None:
    report = Report.objects.create(
        organisation=organisation,
        kind="cycle",
        cycle=CycleFactory(organisation=organisation),
        requested_by=people["commissioner"],
    )
    make_report.apply_async(args=[report.pk], queue=QUEUE)
    _wait(marker.exists, 30, "the first worker to take the task")
    os.kill(first.process.pid, signal.SIGKILL)
    first.process.wait(timeout=10)
    report.refresh_from_db()
    assert report.status == ReportStatus.QUEUED  # taken, never finished

    time.sleep(VISIBILITY + 1)
    second = start_worker(
        tmp_path,
        queues=QUEUE,
        extra_env={"CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY)},
    )
    try:

        def finished() -> bool:
            report.refresh_from_db()
            return report.status != ReportStatus.QUEUED and not report.is_working

        _wait(finished, 60, "the second worker to make the report")
    finally:
        stop_worker(second)
    assert report.status == ReportStatus.DONE, second.log_text()
    assert report.pdf and report.xlsx and report.html
    assert (Path(second.media_root) / report.pdf.name).exists()
    # Made once: the second worker ran the task to the end once, the first
    # never finished it.
    assert second.log_text().count("succeeded") == 1, second.log_text()
    assert "succeeded" not in first.log_text()
    assert Report.objects.count() == 1
