"""A webhook event goes through Redis to a real worker, which signs and sends it
once the transaction commits."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from django.db import transaction

from cocommission.organisations.models import Organisation
from cocommission.webhooks.events import emit
from cocommission.webhooks.models import Delivery, DeliveryStatus, Endpoint, Event
from cocommission.webhooks.services import endpoint_save
from tests.integration.conftest import WorkerProcess
from tests.organisations.factories import OrganisationFactory
from tests.webhooks.test_webhooks import Receiver, verify

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.stop()


def test_the_worker_delivers_a_signed_event_after_commit(
    real_queue: WorkerProcess, receiver: Receiver
) -> None:
    """Emitted inside a transaction, the event reaches the receiver through the
    worker only after the commit, signed with the endpoint's secret."""
    organisation: Organisation = OrganisationFactory()
    endpoint = endpoint_save(
        endpoint=Endpoint(
            organisation=organisation, url=receiver.url, events=[Event.REPORT_READY]
        )
    )
    with transaction.atomic():
        emit(organisation=organisation, event=Event.REPORT_READY, data={"x": 1})
        time.sleep(1)
        assert receiver.received == []
    deadline = time.monotonic() + 20
    while not receiver.received and time.monotonic() < deadline:
        time.sleep(0.2)
    assert receiver.received, real_queue.log_text()
    (request,) = receiver.received
    header = request["headers"]["CoCommission-Signature"]
    signed_at = int(dict(p.split("=", 1) for p in header.split(","))["t"])
    assert verify(endpoint.secret, header, request["body"], now=signed_at)
    assert json.loads(request["body"])["data"] == {"x": 1}
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if Delivery.objects.get().status == DeliveryStatus.SUCCEEDED:
            break
        time.sleep(0.2)
    assert Delivery.objects.get().status == DeliveryStatus.SUCCEEDED
