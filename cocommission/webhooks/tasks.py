"""Background work for webhooks."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True, soft_time_limit=30, time_limit=40)
def deliver_webhook(delivery_pk: int) -> str:
    """Send one delivery and, on a transient failure, queue the next attempt
    after its backoff. Safe to run twice: a delivered one is left alone."""
    from .models import Delivery, DeliveryStatus
    from .services import delivery_attempt

    delivery = (
        Delivery.objects.filter(pk=delivery_pk).select_related("endpoint").first()
    )
    if delivery is None:
        return "gone"
    if delivery.status in {DeliveryStatus.SUCCEEDED, DeliveryStatus.FAILED}:
        return delivery.status
    if delivery.endpoint.paused_at is not None:
        return "paused"
    wait = delivery_attempt(delivery=delivery)
    if wait is not None:
        deliver_webhook.apply_async((delivery_pk,), countdown=wait.total_seconds())
    delivery.refresh_from_db(fields=["status"])
    return delivery.status
