"""Where feature apps tell the core that something happened.

``emit`` queues one delivery per endpoint of the organisation that asked for
the event, inside the caller's transaction: if it rolls back nothing is queued,
and the sending starts only once it commits."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Delivery, Endpoint, Event


def emit(
    *, organisation: Any, event: Event, data: dict[str, Any], key: str = ""
) -> int:
    """Queue ``event`` for the organisation's endpoints; ``key`` makes it once
    ever per endpoint (for events a nightly check raises again)."""
    from .tasks import deliver_webhook

    queued = 0
    for endpoint in Endpoint.objects.listening(organisation.pk, event):
        delivery = Delivery(endpoint=endpoint, event=event, key=key)
        delivery.body = json.dumps(
            {
                "id": str(delivery.event_id),
                "event": str(event),
                "created": timezone.now().isoformat(),
                "organisation": {"slug": organisation.slug, "name": organisation.name},
                "data": data,
            },
            cls=DjangoJSONEncoder,
        )
        try:
            with transaction.atomic():
                delivery.save()
        except IntegrityError:
            continue  # already sent under this key
        # celery-types does not know delay_on_commit (Celery 5.4+) yet.
        deliver_webhook.delay_on_commit(delivery.pk)  # type: ignore[attr-defined]
        queued += 1
    return queued
