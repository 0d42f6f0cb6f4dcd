"""Background file jobs (report files, survey downloads, ballot counts): one row
per job in PostgreSQL, made by a Celery task, and never stuck.

- The row is the truth. A request commits the row and hands the task to the broker
  only after the commit (``enqueue_after_commit``), with short timeouts and no
  retries, so a request never waits on the broker. When the broker is away the job
  simply stays queued.
- A periodic sweep (``sweep_jobs``, run by Celery beat every ``JOBS_SWEEP_SECONDS``)
  enqueues jobs nobody has handed to the broker yet, enqueues again those queued for
  too long, and runs again those whose worker died: a running job records a
  heartbeat every ``JOBS_HEARTBEAT_SECONDS``, and one whose heartbeat is older than
  ``JOBS_STALE_AFTER_SECONDS`` has lost its worker. Making a file again is safe.
- A task first claims its job (``job_claim``): one atomic UPDATE, so a message
  delivered twice, or a job enqueued again by the sweep, runs once at a time, and a
  finished or failed job is left alone. After ``JOBS_MAX_ATTEMPTS`` runs that never
  finished (a job that kills its worker) the job fails with a message.
- Asking again for a job that is stuck (``job_in_progress``) starts a fresh one.

Each app registers its job model and task from its ``apps.py`` (``register``).
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any, TypeVar

import redis.exceptions
from celery import shared_task
from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

#: What the broker raises when it cannot be reached.
BROKER_ERRORS = (
    OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)
#: A job committed this recently may still be on its way to the broker.
ENQUEUE_GRACE = datetime.timedelta(seconds=5)
#: Jobs the sweep handles per model in one run; the next run takes the rest.
SWEEP_BATCH = 200


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


UNFINISHED = (JobStatus.QUEUED, JobStatus.RUNNING)


def _seconds(name: str) -> datetime.timedelta:
    return datetime.timedelta(seconds=getattr(settings, name))


def _stale_before(now: datetime.datetime) -> datetime.datetime:
    return now - _seconds("JOBS_STALE_AFTER_SECONDS")


class FileJobQuerySet(models.QuerySet[Any]):
    def stuck(self, *, now: datetime.datetime | None = None) -> FileJobQuerySet:
        """Unfinished jobs that nothing is working on: running without a recent
        heartbeat (the worker died), or handed to the broker long ago and never
        started."""
        now = now or timezone.now()
        return self.filter(
            Q(status=JobStatus.RUNNING)
            & (Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=_stale_before(now)))
            | Q(
                status=JobStatus.QUEUED,
                enqueued_at__lt=now - _seconds("JOBS_QUEUED_TOO_LONG_SECONDS"),
            )
        )

    def waiting_for_broker(
        self, *, now: datetime.datetime | None = None
    ) -> FileJobQuerySet:
        """Queued jobs never handed to the broker (it was away when asked)."""
        now = now or timezone.now()
        return self.filter(
            status=JobStatus.QUEUED,
            enqueued_at__isnull=True,
            created_at__lt=now - ENQUEUE_GRACE,
        )


class FileJob(models.Model):
    """A file made in the background: its state, progress and signs of life."""

    status = models.CharField(
        max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    #: When the task was last handed to the broker; empty while the broker was away.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    #: Updated while a worker runs the job; a stale one means the worker died.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    #: The Celery task id of the run that holds the job (a redelivered message
    #: keeps its id, so it may take the job back at once).
    run_id = models.CharField(max_length=64, blank=True)
    #: Runs started, counting those a dead worker never finished.
    attempts = models.PositiveSmallIntegerField(default=0)

    objects = FileJobQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_working(self) -> bool:
        return self.status in UNFINISHED


Job = TypeVar("Job", bound=FileJob)

_tasks: dict[type[FileJob], Any] = {}


def register(*, model: type[FileJob], task: Any) -> None:
    """Make ``task`` (taking the job's primary key) the one that makes ``model``'s
    jobs, for enqueueing and the sweep."""
    _tasks[model] = task


def job_enqueue(model: type[FileJob], pk: int) -> bool:
    """Hand the job to the broker now; False (logged) when the broker is away, and
    the sweep tries again later."""
    task = _tasks[model]
    try:
        task.apply_async(args=[pk], retry=False, ignore_result=True)
    except BROKER_ERRORS as error:
        logger.warning(
            "broker unavailable, %s %s stays queued: %s", model.__name__, pk, error
        )
        return False
    model.objects.filter(pk=pk, status=JobStatus.QUEUED).update(
        enqueued_at=timezone.now()
    )
    return True


def enqueue_after_commit(job: FileJob) -> None:
    """Hand the job to the broker once the transaction that made it commits."""
    transaction.on_commit(partial(job_enqueue, type(job), job.pk))


def send_after_commit(task: Any, *args: Any, **kwargs: Any) -> None:
    """Queue ``task`` once the transaction commits; while the broker is away, run
    it here instead, so the request that committed still succeeds and what a
    person waits for (the e-mail with their sign-in code) still happens. Every
    ``delay_on_commit`` goes through here (``cocommission.celery.FailSafeTask``)."""

    def send() -> None:
        try:
            task.apply_async(args=args, kwargs=kwargs, retry=False, ignore_result=True)
        except BROKER_ERRORS as error:
            logger.warning("broker unavailable, running %s here: %s", task.name, error)
            result = task.apply(args=args, kwargs=kwargs, throw=False)
            if result.failed():
                logger.error("%s failed here too: %s", task.name, result.result)

    transaction.on_commit(send)


def job_in_progress(queryset: models.QuerySet[Job]) -> Job | None:
    """The unfinished job among ``queryset`` that is still on its way, or None.

    Stuck ones are marked failed, so the caller starts a fresh job; one never handed
    to the broker is enqueued again after commit."""
    unfinished: Any = queryset.filter(status__in=UNFINISHED)
    for job in unfinished.stuck():
        job_fail(job, gettext("This stopped before it was finished and was restarted."))
    job = queryset.filter(status__in=UNFINISHED).order_by("-created_at", "-pk").first()
    if job is not None and job.enqueued_at is None and job.status == JobStatus.QUEUED:
        enqueue_after_commit(job)
    return job


def job_fail(job: FileJob, message: str) -> None:
    """Mark an unfinished job failed, with ``message`` for the person."""
    type(job).objects.filter(pk=job.pk, status__in=UNFINISHED).update(
        status=JobStatus.FAILED, progress=0, error=message, heartbeat_at=None
    )


def job_claim(model: type[Job], pk: int, *, run_id: str = "") -> Job | None:
    """Take the job for this run, or None when it is finished, failed, or held by a
    live run. A job whose runs kept dying is failed instead."""
    now = timezone.now()
    dead = Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=_stale_before(now))
    if run_id:
        dead |= Q(run_id=run_id)
    claimable = model.objects.filter(pk=pk).filter(
        Q(status=JobStatus.QUEUED) | (Q(status=JobStatus.RUNNING) & dead)
    )
    taken = claimable.filter(attempts__lt=settings.JOBS_MAX_ATTEMPTS).update(
        status=JobStatus.RUNNING,
        progress=0,
        error="",
        heartbeat_at=now,
        run_id=run_id,
        attempts=F("attempts") + 1,
    )
    if not taken:
        worn = claimable.first()
        if worn is not None:
            _fail_worn(worn)
        return None
    return model.objects.get(pk=pk)


def _fail_worn(job: FileJob) -> None:
    logger.warning(
        "%s %s failed after %s runs", type(job).__name__, job.pk, job.attempts
    )
    job_fail(
        job,
        gettext(
            "This could not be made: it was tried %(count)s times. "
            "Ask for it again, or ask for help if it happens again."
        )
        % {"count": job.attempts},
    )


@contextmanager
def job_heartbeat(job: FileJob) -> Iterator[None]:
    """Record a heartbeat every ``JOBS_HEARTBEAT_SECONDS`` while the block runs, from
    a thread with its own database connection, so long steps (a PDF) count too."""
    stop = threading.Event()
    model = type(job)

    def beat() -> None:
        try:
            while not stop.wait(settings.JOBS_HEARTBEAT_SECONDS):
                model.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
                    heartbeat_at=timezone.now()
                )
        except Exception:  # a missed beat only means the sweep may rerun the job
            logger.exception("heartbeat of %s %s failed", model.__name__, job.pk)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"heartbeat-{job.pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def jobs_sweep(*, now: datetime.datetime | None = None) -> int:
    """Run again the jobs whose worker died, and enqueue those the broker never got
    or kept too long. How many jobs were handed to the broker."""
    now = now or timezone.now()
    sent = 0
    for model in list(_tasks):
        for job in model.objects.filter(status=JobStatus.RUNNING).stuck(now=now)[
            :SWEEP_BATCH
        ]:
            if job.attempts >= settings.JOBS_MAX_ATTEMPTS:
                _fail_worn(job)
                continue
            logger.warning(
                "%s %s lost its worker; running it again", model.__name__, job.pk
            )
            requeued = model.objects.filter(
                pk=job.pk, status=JobStatus.RUNNING, heartbeat_at=job.heartbeat_at
            ).update(status=JobStatus.QUEUED, enqueued_at=None, run_id="")
            if requeued:
                sent += job_enqueue(model, job.pk)
        waiting = model.objects.waiting_for_broker(now=now) | model.objects.filter(
            status=JobStatus.QUEUED
        ).stuck(now=now)
        for pk in waiting.values_list("pk", flat=True)[:SWEEP_BATCH]:
            sent += job_enqueue(model, pk)
    return sent


@shared_task(acks_late=True, soft_time_limit=50, time_limit=60, ignore_result=True)
def sweep_jobs() -> int:
    """Every minute (beat): no background file job stays stuck."""
    return jobs_sweep()
