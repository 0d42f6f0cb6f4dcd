"""Background work for surveys: counting responses and ballots, downloads, and
clearing old ones."""

from __future__ import annotations

from typing import Any

from celery import shared_task


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=600,
    time_limit=660,
)
def build_export(self: Any, export_pk: int) -> str:
    """Make one download. Safe to run twice (a redelivered task, or the sweep
    running it again): a finished export is left alone."""
    from .exports import export_build
    from .models import Export, ExportStatus

    export = Export.objects.filter(pk=export_pk).select_related("survey").first()
    if export is None or export.status == ExportStatus.DONE:
        return "nothing to do"
    return export_build(export, run_id=self.request.id or "").status


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=600,
    time_limit=660,
)
def count_ballot(self: Any, recount_pk: int) -> str:
    """Count a ballot's votes by both rules and store the outcome. Safe to run
    twice: a finished recount is left alone, and storing an outcome is idempotent."""
    from cocommission.jobs import JobStatus

    from .ballot_counts import ballot_recount_run
    from .models import BallotRecount

    recount = BallotRecount.objects.filter(pk=recount_pk).first()
    if recount is None or recount.status == JobStatus.DONE:
        return "nothing to do"
    return ballot_recount_run(recount, run_id=self.request.id or "").status


@shared_task(acks_late=True)
def remove_expired_exports() -> int:
    from .exports import exports_remove_expired

    return exports_remove_expired()


@shared_task(acks_late=True)
def notify_surveys() -> int:
    """Hourly: tell people about surveys that opened or close soon."""
    from .notifications import notify_surveys as send

    return send()


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def send_survey_reminders() -> int:
    """Hourly: remind people invited by e-mail who have not answered. Safe to run
    twice, even at once: each reminder is one notice row per person, survey and
    number, so it is sent once."""
    from .notifications import send_reminders

    return send_reminders()


@shared_task(acks_late=True, soft_time_limit=50, time_limit=60)
def count_responses() -> int:
    """Every few seconds: add the responses stored since the last run to the
    tallies. Safe to run twice at once: each takes rows the other is not holding."""
    from .counting import count_all_waiting

    return count_all_waiting()


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=600,
    time_limit=660,
)
def import_ballot(self: Any, job_pk: int) -> str:
    """Import one Pabulib file. Safe to run twice: the ballot and the job's "done"
    are saved in one transaction, so a second run finds the job finished."""
    from .ballot_import import ballot_import_run

    return ballot_import_run(job_pk, run_id=self.request.id or "")
