"""Background file jobs are never stuck (cocommission.jobs): enqueued after
commit, swept when the broker was away or the worker died, replaced when asked for
again, and the broker's timeouts ordered with the tasks' time limits."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from kombu.exceptions import OperationalError

from cocommission import jobs
from cocommission.accounts.models import User
from cocommission.celery import app as celery_app
from cocommission.organisations.models import Organisation
from reports.models import Report, ReportStatus
from reports.services import report_request
from surveys.exports import export_request
from surveys.models import Export, ExportKind, ExportStatus
from surveys.submission import survey_submit_response
from surveys.tasks import build_export
from tests.cycles.factories import CycleFactory
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


def _survey(organisation: Organisation) -> Any:
    survey = make_survey(organisation)
    field = survey.questions.get(text="Who are you?").field_name
    survey_submit_response(
        survey=survey,
        answers={field: "Carer"},
        user=AnonymousUser(),
        submission_key=uuid.uuid4(),
    )
    return survey


def _broker_away(monkeypatch: pytest.MonkeyPatch, task: Any) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379.")

    monkeypatch.setattr(task, "apply_async", refuse)


def _later(seconds: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(seconds=seconds)


def test_a_job_asked_for_while_the_broker_is_away_waits_and_is_swept(
    organisation: Organisation,
    people: dict[str, User],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The request succeeds and the job stays queued; the sweep enqueues it once
    the broker is back, and the file is made."""
    survey = _survey(organisation)
    with monkeypatch.context() as away:
        _broker_away(away, build_export)
        with django_capture_on_commit_callbacks(execute=True):
            export = export_request(
                survey=survey, kind=ExportKind.RESPONSES_CSV, by=people["commissioner"]
            )
        assert jobs.jobs_sweep(now=_later(10)) == 0  # still away: nothing sent
    export.refresh_from_db()
    assert export.status == ExportStatus.QUEUED and export.enqueued_at is None
    assert jobs.jobs_sweep(now=_later(10)) == 1
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE and export.file


def test_asking_again_enqueues_a_job_the_broker_never_got(
    organisation: Organisation,
    people: dict[str, User],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """A queued job the broker never got is not stuck: asking again returns it and
    hands it to the broker again."""
    survey = _survey(organisation)
    with monkeypatch.context() as away:
        _broker_away(away, build_export)
        with django_capture_on_commit_callbacks(execute=True):
            first = export_request(
                survey=survey, kind=ExportKind.RESPONSES_CSV, by=people["commissioner"]
            )
    with django_capture_on_commit_callbacks(execute=True):
        again = export_request(
            survey=survey, kind=ExportKind.RESPONSES_CSV, by=people["commissioner"]
        )
    assert again.pk == first.pk
    first.refresh_from_db()
    assert first.status == ExportStatus.DONE


def test_a_job_whose_worker_died_is_run_again_by_the_sweep(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """Running with a heartbeat older than the staleness limit: the worker died;
    the sweep runs it again and it finishes, counted as a second attempt."""
    survey = _survey(organisation)
    export = Export.objects.create(
        survey=survey, kind=ExportKind.RESPONSES_CSV, requested_by=people["admin"]
    )
    assert jobs.job_claim(Export, export.pk, run_id="dead-run") is not None
    assert jobs.jobs_sweep() == 0  # heartbeat fresh: still working
    stale = django_settings.JOBS_STALE_AFTER_SECONDS + 1
    assert jobs.jobs_sweep(now=_later(stale)) == 1
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE
    assert export.attempts == 2


def test_a_job_that_keeps_killing_its_worker_fails_with_a_message(
    organisation: Organisation, people: dict[str, User], settings: Any
) -> None:
    """After JOBS_MAX_ATTEMPTS runs that never finished, the sweep gives up."""
    settings.JOBS_MAX_ATTEMPTS = 2
    export = Export.objects.create(
        survey=_survey(organisation), kind=ExportKind.RESPONSES_CSV
    )
    for run in ("one", "two"):
        Export.objects.filter(pk=export.pk).update(status=ExportStatus.QUEUED)
        assert jobs.job_claim(Export, export.pk, run_id=run) is not None
    jobs.jobs_sweep(now=_later(settings.JOBS_STALE_AFTER_SECONDS + 1))
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    assert "tried 2 times" in export.error
    assert not export.file


def test_a_claim_runs_a_job_once_at_a_time(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """Another delivery cannot take a job a live run holds; the same message
    redelivered (same task id) can; a finished job is never taken."""
    export = Export.objects.create(
        survey=_survey(organisation), kind=ExportKind.RESPONSES_CSV
    )
    assert jobs.job_claim(Export, export.pk, run_id="first") is not None
    assert jobs.job_claim(Export, export.pk, run_id="duplicate") is None
    assert jobs.job_claim(Export, export.pk, run_id="first") is not None
    Export.objects.filter(pk=export.pk).update(status=ExportStatus.FAILED)
    assert jobs.job_claim(Export, export.pk, run_id="first") is None


def test_asking_again_for_a_stuck_report_starts_a_fresh_one(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """A report whose worker died is marked failed, and asking again makes a new
    one rather than returning the stuck one."""
    cycle = CycleFactory(organisation=organisation)
    stuck = Report.objects.create(
        organisation=organisation,
        kind="cycle",
        cycle=cycle,
        status=ReportStatus.RUNNING,
        heartbeat_at=timezone.now() - datetime.timedelta(hours=1),
    )
    fresh = report_request(
        organisation=organisation,
        kind="cycle",
        subject=cycle,
        by=people["commissioner"],
    )
    assert fresh.pk != stuck.pk
    stuck.refresh_from_db()
    assert stuck.status == ReportStatus.FAILED and stuck.error


def test_asking_again_for_a_download_queued_too_long_starts_a_fresh_one(
    organisation: Organisation, people: dict[str, User], settings: Any
) -> None:
    survey = _survey(organisation)
    long_ago = timezone.now() - datetime.timedelta(
        seconds=settings.JOBS_QUEUED_TOO_LONG_SECONDS + 1
    )
    stuck = Export.objects.create(
        survey=survey, kind=ExportKind.RESPONSES_CSV, enqueued_at=long_ago
    )
    fresh = export_request(
        survey=survey, kind=ExportKind.RESPONSES_CSV, by=people["commissioner"]
    )
    assert fresh.pk != stuck.pk
    stuck.refresh_from_db()
    assert stuck.status == ExportStatus.FAILED


@pytest.mark.django_db(transaction=True)
def test_a_running_job_records_a_heartbeat(
    organisation: Organisation, settings: Any
) -> None:
    """While the block runs, a thread updates the heartbeat."""
    import time

    settings.JOBS_HEARTBEAT_SECONDS = 0.05
    export = Export.objects.create(
        survey=_survey(organisation), kind=ExportKind.RESPONSES_CSV
    )
    claimed = jobs.job_claim(Export, export.pk)
    assert claimed is not None
    started = claimed.heartbeat_at
    with jobs.job_heartbeat(claimed):

        def beaten() -> bool:
            return Export.objects.get(pk=export.pk).heartbeat_at != started

        deadline = time.monotonic() + 10
        while not beaten() and time.monotonic() < deadline:
            time.sleep(0.05)
    assert beaten()


def test_the_visibility_timeout_is_just_above_every_task_time_limit() -> None:
    """A task is handed to another worker only after it must have ended: the
    broker's visibility timeout exceeds every task's hard time limit, and the
    documented longest limit is the real one."""
    celery_app.loader.import_default_modules()
    limits = {
        name: task.time_limit or celery_app.conf.task_time_limit
        for name, task in celery_app.tasks.items()
        if not name.startswith("celery.")
    }
    longest = max(limits.values())
    assert longest == django_settings.CELERY_LONGEST_TASK_TIME_LIMIT, limits
    visibility = django_settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert longest < visibility <= longest + 300


def test_redis_clients_give_up_within_a_second() -> None:
    """Every Redis client in the settings (cache, broker, results) times out in
    at most a second, and publishing retries at most once."""
    assert django_settings.REDIS_TIMEOUT <= 1
    broker = django_settings.CELERY_BROKER_TRANSPORT_OPTIONS
    assert broker["socket_connect_timeout"] <= 1 and broker["socket_timeout"] <= 1
    assert broker["max_retries"] <= 1
    assert django_settings.CELERY_BROKER_CONNECTION_TIMEOUT <= 1
    assert django_settings.CELERY_REDIS_SOCKET_CONNECT_TIMEOUT <= 1
    assert django_settings.CELERY_TASK_PUBLISH_RETRY_POLICY["max_retries"] <= 1
    sweep = django_settings.CELERY_BEAT_SCHEDULE["sweep-background-jobs"]
    assert sweep["task"] == jobs.sweep_jobs.name


def test_delay_on_commit_runs_the_task_here_while_the_broker_is_away(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    """A committed request never fails on the broker: the e-mail is sent from the
    process instead."""
    from django.core import mail

    from cocommission.accounts.tasks import send_email

    _broker_away(monkeypatch, send_email)
    with django_capture_on_commit_callbacks(execute=True):
        send_email.delay_on_commit(subject="Code", body="123456", to=["a@example.org"])
    assert [m.subject for m in mail.outbox] == ["Code"]
