"""Background work for reports."""

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
def make_report(self: Any, report_pk: int) -> str:
    """Make one report. Safe to run twice (a redelivered task after a worker
    died, or the sweep running it again): a finished report is left alone."""
    from .models import Report
    from .services import report_make

    report = Report.objects.filter(pk=report_pk).first()
    if report is None:
        return "gone"
    return report_make(report, run_id=self.request.id or "").status


@shared_task(acks_late=True)
def remove_expired_reports() -> int:
    from .services import reports_remove_expired

    return reports_remove_expired()


@shared_task(acks_late=True, soft_time_limit=1800, time_limit=1900)
def make_open_data() -> int:
    """Remake every organisation's open data package (nightly)."""
    from .open_data import open_data_make_all

    return open_data_make_all()
