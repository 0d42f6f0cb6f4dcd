"""Background work for contracts."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def notify_review_dates() -> int:
    """Daily: tell the team about contracts coming up for review."""
    from .notifications import notify_review_dates as send

    return send()
