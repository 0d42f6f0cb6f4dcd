"""Background work for cycles."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from .risks import risk_send_review_reminders


@shared_task
def remind_overdue_risk_reviews() -> int:
    """Daily: remind owners of risks past their review date (once per date)."""
    return risk_send_review_reminders(today=timezone.localdate())
