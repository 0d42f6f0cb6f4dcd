"""Background work for panels: reminders and decision e-mails. (The weekly
digest, once here, is the core's: ``cocommission.notifications.tasks``.)"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.utils import timezone


@shared_task(acks_late=True)
def remind_meetings() -> int:
    """Hourly: remind members of meetings in the next day (once per meeting)."""
    from .notifications import remind_meetings as send

    return send(now=timezone.now())


@shared_task(acks_late=True)
def notify_decision(decision_pk: int) -> int:
    """Tell panel members of a cycle about a decision just published (once)."""
    from cycles.models import Decision

    from .notifications import notify_decision as send

    decision = Decision.objects.filter(pk=decision_pk).select_related("cycle").first()
    if decision is None:
        return 0
    return send(decision=decision)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=600,
    time_limit=660,
)
def draw_panel(self: Any, job_pk: int) -> str:
    """Run one draw asked for on the selection form. Safe to run twice: the draw
    and the job's "done" are saved in one transaction, so a second run finds the
    job finished."""
    from .services.draw_job import panel_draw_run

    return panel_draw_run(job_pk, run_id=self.request.id or "")
