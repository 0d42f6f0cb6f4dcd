"""The whole worker (main process and pool) killed while it makes a download
and a report: another worker's sweep finds their heartbeats stopped and makes
each once, long before the broker's visibility timeout would hand them out."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from reports.models import Report
from reports.services import report_request
from surveys.exports import export_request
from surveys.models import Export, ExportKind
from surveys.submission import survey_submit_response
from tests.cycles.factories import CycleFactory
from tests.resilience.conftest import (
    SpareRedis,
    broker,
    start_prefork_worker,
    wait_for,
)
from tests.surveys.factories import make_survey

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

#: Small enough for a test: beats every half second, silent for 3 s means dead,
#: swept every second.
FAST_JOBS = {
    "JOBS_HEARTBEAT_SECONDS": "0.5",
    "JOBS_STALE_AFTER_SECONDS": "3",
    "JOBS_SWEEP_SECONDS": "1",
}


def _survey(organisation: Organisation) -> Any:
    survey = make_survey(organisation)
    field = survey.questions.get(text="Who are you?").field_name
    for _i in range(3):
        survey_submit_response(
            survey=survey,
            answers={field: "Carer"},
            user=AnonymousUser(),
            submission_key=uuid.uuid4(),
        )
    return survey


def _succeeded(log: str, task: str) -> int:
    return sum(1 for line in log.splitlines() if task in line and "succeeded" in line)


def test_jobs_of_a_killed_worker_are_made_once_by_the_sweep(
    spare_redis: SpareRedis,
    organisation: Organisation,
    people: dict[str, User],
    tmp_path: Path,
    settings: Any,
) -> None:
    media = tmp_path / "media"
    media.mkdir()
    held = tmp_path / "held"
    held.mkdir()
    settings.MEDIA_ROOT = str(media)
    with broker(spare_redis.url):
        first = start_prefork_worker(
            tmp_path,
            broker_url=spare_redis.url,
            media_root=media,
            app="tests.resilience.held_jobs_app",
            beat=False,
            concurrency=2,
            extra_env={**FAST_JOBS, "HOLD_DIR": str(held)},
        )
        try:
            export = export_request(
                survey=_survey(organisation),
                kind=ExportKind.RESPONSES_CSV,
                by=people["commissioner"],
            )
            report = report_request(
                organisation=organisation,
                kind="cycle",
                subject=CycleFactory(organisation=organisation),
                by=people["commissioner"],
            )

            def both_held() -> bool:
                return (held / "export").exists() and (held / "report").exists()

            wait_for(both_held, 60, "the first worker to be in the middle of both")
            first.kill_group()
        finally:
            first.stop()
        for job in (export, report):
            job.refresh_from_db()
            assert job.status == "running" and job.attempts == 1

        second = start_prefork_worker(
            tmp_path, broker_url=spare_redis.url, media_root=media, extra_env=FAST_JOBS
        )
        try:

            def finished() -> bool:
                export.refresh_from_db()
                report.refresh_from_db()
                return not export.is_working and not report.is_working

            wait_for(finished, 120, "the second worker to make both")
        finally:
            second.stop()
    log = second.log_text()
    assert export.status == "done" and report.status == "done", log
    assert (media / export.file.name).exists()
    assert (media / report.pdf.name).exists()
    # Made once each: a second run, by the second worker only.
    assert export.attempts == 2 and report.attempts == 2
    assert _succeeded(log, "surveys.tasks.build_export") == 1, log
    assert _succeeded(log, "reports.tasks.make_report") == 1, log
    assert "succeeded" not in first.log_text()
    assert Export.objects.count() == 1 and Report.objects.count() == 1
