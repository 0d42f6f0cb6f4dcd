"""Background work for panels: reminders and decision e-mails. (The weekly
digest, once here, is the core's: ``cocommission.notifications.tasks``.)"""

from __future__ import annotations

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
