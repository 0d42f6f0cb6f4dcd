"""Background work for e-mails: the weekly digest."""

from __future__ import annotations

from celery import shared_task


# The task kept its name from when it lived in panels, so jobs already queued
# (and the beat schedule) still find it.
@shared_task(name="panels.tasks.send_digests", acks_late=True)
def send_digests() -> int:
    """Weekly: one e-mail per person who chose a digest."""
    from .services import send_digests as send

    return send()
