"""A demo webhook: Lambeth's data warehouse listening, with a delivery in its log
that failed once and then arrived."""

from __future__ import annotations

import json

from cocommission.organisations.models import Organisation
from cocommission.webhooks.models import (
    Attempt,
    Delivery,
    DeliveryStatus,
    Endpoint,
    Event,
)
from cocommission.webhooks.signing import new_secret


def seed_webhooks(organisation: Organisation) -> None:
    endpoint, _created = Endpoint.objects.get_or_create(
        organisation=organisation,
        url="https://data.lambeth.example/cocommission/events",
        defaults={
            "description": "The council's data warehouse",
            "events": Event.values,
            "secret": new_secret(),
        },
    )
    if endpoint.deliveries.exists():
        return
    delivery = Delivery.objects.create(
        endpoint=endpoint,
        event=Event.SURVEY_CLOSED,
        status=DeliveryStatus.SUCCEEDED,
        body=json.dumps(
            {
                "event": Event.SURVEY_CLOSED,
                "organisation": {"slug": organisation.slug, "name": organisation.name},
                "data": {"survey": {"title": "How is home care?"}},
            }
        ),
    )
    Attempt.objects.bulk_create(
        [
            Attempt(
                delivery=delivery,
                status_code=503,
                response_excerpt="Service unavailable",
                duration_ms=212,
            ),
            Attempt(delivery=delivery, status_code=200, duration_ms=88),
        ]
    )
