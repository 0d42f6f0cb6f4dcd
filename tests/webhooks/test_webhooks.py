"""Webhooks: admins register endpoints; events are delivered signed, after
commit, retried with backoff, logged, replayable, and an endpoint failing again
and again is paused and its organisation's admins are told. A real HTTP receiver
on 127.0.0.1 checks the signature with its own HMAC code."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import ipaddress
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from cocommission.webhooks.events import emit
from cocommission.webhooks.models import Delivery, DeliveryStatus, Endpoint, Event
from cocommission.webhooks.safety import UnsafeAddress, check_url
from cocommission.webhooks.services import (
    PAUSE_AFTER,
    delivery_attempt,
    endpoint_save,
)

pytestmark = pytest.mark.django_db


class Receiver:
    """A small HTTP server that records what it is sent and answers with the
    status codes queued in ``answers`` (then 200)."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.answers: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append({"headers": dict(self.headers), "body": body})
                status = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"x" * 2000 if status >= 500 else b"thanks")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook?from=test"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.stop()


def verify(secret: str, header: str, body: bytes, now: int) -> bool:
    """A receiver's check, written apart from the product's code: the HMAC of
    "t.body" matches, and it was signed less than five minutes ago."""
    parts = dict(item.split("=", 1) for item in header.split(","))
    timestamp = int(parts["t"])
    expected = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(expected, parts["v1"]) and now - timestamp <= 300


def _endpoint(organisation: Organisation, url: str, **fields: Any) -> Endpoint:
    return endpoint_save(
        endpoint=Endpoint(
            organisation=organisation,
            url=url,
            events=fields.pop("events", Event.values),
            **fields,
        )
    )


def test_an_admin_adds_an_endpoint_and_sees_the_secret_once(
    organisation: Organisation, people: dict[str, User], receiver: Receiver
) -> None:
    """The form takes the address and events; the secret shows once, and a new
    one can be made (shown once too)."""
    client = Client()
    client.force_login(people["admin"])
    base = f"/o/{organisation.slug}/webhooks/"
    bad = client.post(f"{base}new/", {"url": "ftp://x", "description": "Warehouse"})
    assert bad.status_code == 400
    text = " ".join(bad.content.decode().split())
    assert "Choose at least one event" in text
    assert 'value="Warehouse"' in text
    done = client.post(
        f"{base}new/",
        {"url": receiver.url, "events": [Event.SURVEY_CLOSED], "description": "DW"},
    )
    assert done.status_code == 302
    endpoint = Endpoint.objects.get()
    assert endpoint.events == [Event.SURVEY_CLOSED]
    first = client.get(done["Location"]).content.decode()
    assert endpoint.secret in first
    assert endpoint.secret not in client.get(done["Location"]).content.decode()
    old = endpoint.secret
    client.post(f"{base}{endpoint.pk}/secret/")
    endpoint.refresh_from_db()
    assert endpoint.secret != old
    assert endpoint.secret in client.get(done["Location"]).content.decode()


def test_a_delivery_is_signed_sent_after_commit_and_replays_are_refused(
    organisation: Organisation,
    receiver: Receiver,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The receiver gets the JSON event once the transaction commits, with a
    signature its own HMAC code accepts; the same message five minutes later, or
    with another secret, is refused."""
    endpoint = _endpoint(organisation, receiver.url)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        emit(
            organisation=organisation,
            event=Event.SURVEY_CLOSED,
            data={"survey": {"id": 7, "title": "Home care"}},
        )
        assert receiver.received == []  # nothing before the commit
    (request,) = receiver.received
    body = request["body"]
    payload = json.loads(body)
    assert payload["event"] == "survey.closed"
    assert payload["organisation"]["slug"] == organisation.slug
    assert payload["data"]["survey"]["title"] == "Home care"
    headers = request["headers"]
    assert headers["CoCommission-Event"] == "survey.closed"
    assert headers["CoCommission-Delivery"] == payload["id"]
    header = headers["CoCommission-Signature"]
    signed_at = int(dict(p.split("=", 1) for p in header.split(","))["t"])
    assert verify(endpoint.secret, header, body, now=signed_at)
    assert not verify(endpoint.secret, header, body, now=signed_at + 301)
    assert not verify("whsec_other", header, body, now=signed_at)
    assert not verify(endpoint.secret, header, body + b" ", now=signed_at)
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.SUCCEEDED
    assert delivery.attempts.get().status_code == 200


def test_an_event_in_a_rolled_back_transaction_sends_nothing(
    organisation: Organisation,
    receiver: Receiver,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """If the change that raised the event is rolled back, nothing is queued or
    sent."""
    _endpoint(organisation, receiver.url)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        emit(organisation=organisation, event=Event.REPORT_READY, data={})
        raise RuntimeError
    assert callbacks == []
    assert not Delivery.objects.exists()
    assert receiver.received == []


def test_failures_are_retried_with_backoff_and_logged(
    organisation: Organisation, receiver: Receiver
) -> None:
    """A 5xx or 429 is tried again after 30 s, then 1 min, 2 min...; a 4xx is
    not; each attempt is logged with its status and a capped excerpt."""
    endpoint = _endpoint(organisation, receiver.url)
    emit(organisation=organisation, event=Event.REVIEW_DUE, data={})
    delivery = Delivery.objects.get()
    receiver.answers = [500, 429, 503]
    waits = [delivery_attempt(delivery=delivery) for _ in range(3)]
    assert waits == [datetime.timedelta(seconds=s) for s in (30, 60, 120)]
    assert delivery.status == DeliveryStatus.RETRYING
    assert delivery_attempt(delivery=delivery) is None
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED
    codes = [a.status_code for a in delivery.attempts.all()]
    assert codes == [500, 429, 503, 200]
    assert len(delivery.attempts.first().response_excerpt) == 500  # capped
    endpoint.refresh_from_db()
    assert endpoint.failures_in_a_row == 0

    emit(organisation=organisation, event=Event.SURVEY_OPENED, data={}, key="k")
    refused = Delivery.objects.get(key="k")
    receiver.answers = [404]
    assert delivery_attempt(delivery=refused) is None
    refused.refresh_from_db()
    assert refused.status == DeliveryStatus.FAILED
    # The same key is never queued twice (a nightly check raising it again).
    emit(organisation=organisation, event=Event.SURVEY_OPENED, data={}, key="k")
    assert Delivery.objects.filter(key="k").count() == 1


def test_network_errors_are_retried(organisation: Organisation) -> None:
    """Nobody listening is a network error: logged, and tried again later."""
    _endpoint(organisation, "http://127.0.0.1:9/hook")
    emit(organisation=organisation, event=Event.REVIEW_DUE, data={})
    delivery = Delivery.objects.get()
    assert delivery_attempt(delivery=delivery) == datetime.timedelta(seconds=30)
    attempt = delivery.attempts.get()
    assert attempt.status_code is None
    assert attempt.error


def test_an_endpoint_failing_again_and_again_is_paused_and_admins_are_told(
    organisation: Organisation,
    people: dict[str, User],
    receiver: Receiver,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """After ten failed attempts in a row the endpoint is paused, its admins get
    one e-mail, and nothing more is queued until they resume it."""
    endpoint = _endpoint(organisation, receiver.url)
    receiver.answers = [500] * PAUSE_AFTER
    for _ in range(PAUSE_AFTER // 2):
        emit(organisation=organisation, event=Event.REVIEW_DUE, data={})
    with django_capture_on_commit_callbacks(execute=True):
        for delivery in Delivery.objects.all():
            delivery_attempt(delivery=delivery)
            delivery_attempt(delivery=delivery)
    endpoint.refresh_from_db()
    assert endpoint.paused_at is not None
    assert [m.to for m in mail.outbox] == [[people["admin"].email]]
    assert endpoint.url in mail.outbox[0].subject
    assert emit(organisation=organisation, event=Event.REVIEW_DUE, data={}) == 0
    client = Client()
    client.force_login(people["admin"])
    page = client.get(f"/o/{organisation.slug}/webhooks/{endpoint.pk}/")
    assert "Paused on" in page.content.decode()
    client.post(f"/o/{organisation.slug}/webhooks/{endpoint.pk}/resume/")
    endpoint.refresh_from_db()
    assert endpoint.paused_at is None and endpoint.failures_in_a_row == 0


def test_an_admin_replays_a_delivery_from_the_log(
    organisation: Organisation,
    people: dict[str, User],
    receiver: Receiver,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """ "Send again" sends the same event (same id) with a fresh signature."""
    endpoint = _endpoint(organisation, receiver.url)
    receiver.answers = [400]
    with django_capture_on_commit_callbacks(execute=True):
        emit(organisation=organisation, event=Event.DECISION_PUBLISHED, data={})
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    client = Client()
    client.force_login(people["admin"])
    url = f"/o/{organisation.slug}/webhooks/{endpoint.pk}/"
    log = " ".join(client.get(url).content.decode().split())
    assert "HTTP 400" in log
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(f"{url}deliveries/{delivery.pk}/replay/")
    assert answer.status_code == 302
    first, second = receiver.received
    assert json.loads(first["body"])["id"] == json.loads(second["body"])["id"]
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED


def test_events_never_reach_another_organisations_endpoint(
    organisation: Organisation,
    other_organisation: Organisation,
    receiver: Receiver,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """An event of one organisation goes only to its own endpoints, and only to
    those that asked for that event."""
    _endpoint(other_organisation, receiver.url)
    _endpoint(organisation, receiver.url, events=[Event.SURVEY_OPENED])
    with django_capture_on_commit_callbacks(execute=True):
        emit(organisation=organisation, event=Event.SURVEY_CLOSED, data={})
    assert receiver.received == []
    assert not Delivery.objects.exists()


def test_only_admins_see_the_webhook_pages(
    organisation: Organisation,
    other_organisation: Organisation,
    people: dict[str, User],
    make_member: Any,
) -> None:
    """Admins get in; other members get 403; outsiders and another
    organisation's admin get 404, on the list and on an endpoint."""
    endpoint = _endpoint(organisation, "http://127.0.0.1:9/")
    emit(organisation=organisation, event=Event.REVIEW_DUE, data={})
    delivery = Delivery.objects.get()
    base = f"/o/{organisation.slug}/webhooks/"
    pages = [base, f"{base}new/", f"{base}{endpoint.pk}/", f"{base}{endpoint.pk}/edit/"]
    posts = [
        f"{base}{endpoint.pk}/secret/",
        f"{base}{endpoint.pk}/resume/",
        f"{base}{endpoint.pk}/deliveries/{delivery.pk}/replay/",
        f"{base}{endpoint.pk}/delete/",
    ]
    stranger = make_member("admin", other_organisation)
    client = Client()
    for person, allowed in [
        (people["commissioner"], {403}),
        (people["citizen"], {403}),
        (people["outsider"], {404}),
        (stranger, {404}),
    ]:
        client.force_login(person)
        for url in pages:
            assert client.get(url).status_code in allowed, (person, url)
        for url in posts:
            assert client.post(url).status_code in allowed, (person, url)
    # Another organisation's admin cannot reach it through their own address.
    client.force_login(stranger)
    assert (
        client.get(f"/o/{other_organisation.slug}/webhooks/{endpoint.pk}/").status_code
        == 404
    )
    client.force_login(people["admin"])
    for url in pages:
        assert client.get(url).status_code == 200
    assert Endpoint.objects.filter(pk=endpoint.pk).exists()


PRIVATE_NETWORKS = [
    ipaddress.ip_network(n)
    for n in (
        "127.0.0.0/8",
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "169.254.0.0/16",
        "100.64.0.0/10",
        "0.0.0.0/8",
        "::1/128",
        "fc00::/7",
        "fe80::/10",
    )
]


@st.composite
def private_urls(draw: st.DrawFn) -> str:
    """A URL whose host is a private, loopback or link-local address, written as
    a dotted quad, one decimal or hex number, an IPv6 literal or an IPv4 address
    mapped into IPv6."""
    network = draw(st.sampled_from(PRIVATE_NETWORKS))
    offset = draw(st.integers(0, network.num_addresses - 1))
    ip = network[offset]
    scheme = draw(st.sampled_from(["https", "http"]))
    if ip.version == 6:
        return f"{scheme}://[{ip}]/hook"
    form = draw(st.sampled_from(["dotted", "decimal", "hex", "mapped"]))
    host = {
        "dotted": str(ip),
        "decimal": str(int(ip)),
        "hex": hex(int(ip)),
        "mapped": f"[::ffff:{ip}]",
    }[form]
    return f"{scheme}://{host}/hook"


@override_settings(WEBHOOKS_ALLOW_LOCALHOST=False)
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(url=private_urls())
def test_private_addresses_are_refused_at_save_and_delivery_time(
    organisation: Organisation, url: str
) -> None:
    """No address inside a private network passes the check used by the form
    and by every delivery (so an endpoint saved before, or a name re-pointed
    later, still reaches nothing)."""
    with pytest.raises(UnsafeAddress):
        check_url(url)
    endpoint = Endpoint.objects.create(
        organisation=organisation, url=url, events=[Event.REVIEW_DUE], secret="s"
    )
    emit(organisation=organisation, event=Event.REVIEW_DUE, data={})
    delivery = Delivery.objects.get(endpoint=endpoint)
    assert delivery_attempt(delivery=delivery) is None  # not retried
    attempt = delivery.attempts.get()
    assert attempt.status_code is None
    assert attempt.error.startswith("refused")
    endpoint.delete()


@override_settings(WEBHOOKS_ALLOW_LOCALHOST=False)
def test_the_form_refuses_private_and_plain_http_addresses(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """The form says why an address is refused, next to the field."""
    client = Client()
    client.force_login(people["admin"])
    for url, message in [
        ("https://10.1.2.3/hook", "inside a private network"),
        ("https://[::1]/hook", "inside a private network"),
        ("https://2130706433/hook", "Enter a web address"),  # Django refuses it first
        ("http://93.184.215.14/hook", "must start with https://"),
        ("https://user:pw@93.184.215.14/", "Leave names and passwords out"),
    ]:
        page = client.post(
            f"/o/{organisation.slug}/webhooks/new/",
            {"url": url, "events": [Event.REVIEW_DUE]},
        )
        assert page.status_code == 400
        assert message in " ".join(page.content.decode().split()), url
    assert not Endpoint.objects.exists()
    assert check_url("https://93.184.215.14/hook?x=1").path == "/hook?x=1"


def _events(organisation: Organisation) -> list[tuple[str, dict[str, Any]]]:
    return [
        (d.event, json.loads(d.body)["data"])
        for d in Delivery.objects.filter(endpoint__organisation=organisation).order_by(
            "pk"
        )
    ]


def test_surveys_emit_opened_and_closed(organisation: Organisation) -> None:
    """Publishing a survey emits survey.opened, closing it survey.closed."""
    from surveys.services import survey_close
    from tests.surveys.factories import make_survey

    _endpoint(organisation, "http://127.0.0.1:9/")
    survey = make_survey(organisation, title="Home care")
    survey_close(survey=survey)
    survey_close(survey=survey)  # already closed: nothing more
    events = _events(organisation)
    assert [e for e, _data in events] == ["survey.opened", "survey.closed"]
    assert events[1][1]["survey"]["title"] == "Home care"


def test_a_published_decision_is_emitted(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """A decision recorded by the person deciding is published at once and
    emitted as decision.published."""
    from cycles.models import Phase
    from cycles.services.decision import decision_record
    from tests.cycles.factories import CycleFactory

    _endpoint(organisation, "http://127.0.0.1:9/")
    decision_record(
        cycle=CycleFactory(organisation=organisation),
        by=people["decision_maker"],
        phase=Phase.ANALYSE,
        title="Open on Sundays",
        decided="Yes",
        decided_on=datetime.date(2026, 11, 2),
        decided_by=people["decision_maker"],
    )
    ((event, data),) = _events(organisation)
    assert event == "decision.published"
    assert data["decision"]["title"] == "Open on Sundays"


def test_a_contract_due_for_review_is_emitted_once(organisation: Organisation) -> None:
    """The nightly review check emits review.due once per contract end date."""
    from contracts.notifications import notify_review_dates
    from tests.contracts.factories import make_contract

    _endpoint(organisation, "http://127.0.0.1:9/")
    contract = make_contract(
        organisation,
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2026, 3, 1),
    )
    for _night in range(2):
        notify_review_dates(today=datetime.date(2026, 1, 15))
    ((event, data),) = _events(organisation)
    assert event == "review.due"
    assert data["contract"] == {
        "id": contract.pk,
        "title": contract.title,
        "ends_on": "2026-03-01",
    }


def test_a_provider_return_is_emitted(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """A provider sending a return emits provider_return.sent with its figures."""
    from decimal import Decimal

    from contracts.returns import return_submit
    from tests.contracts.factories import make_contract, make_indicators, make_provider

    provider = make_provider(
        organisation, "Peer Pathways", representatives=[people["provider"].email]
    )
    contract = make_contract(organisation, [provider])
    (indicator,) = make_indicators(organisation, people["commissioner"], ["Supported"])
    contract.indicators.set([indicator])
    _endpoint(organisation, "http://127.0.0.1:9/")
    return_submit(
        contract=contract,
        provider=provider,
        period_end=datetime.date(2025, 3, 31),
        figures={indicator: Decimal("12")},
        note="",
        by=people["provider"],
    )
    ((event, data),) = _events(organisation)
    assert event == "provider_return.sent"
    assert data["return"]["figures"] == [
        {"indicator": {"id": indicator.pk, "name": "Supported"}, "value": "12"}
    ]
    assert data["provider"]["name"] == "Peer Pathways"
