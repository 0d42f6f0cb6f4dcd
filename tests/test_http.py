"""The client's address behind proxies (``cocommission.http.client_ip``): one answer
for every rate limit, allauth, the survey address hash and the logs, which a client
cannot choose by writing headers."""

from __future__ import annotations

import ipaddress
import logging
from typing import Any

import pytest
import time_machine
from allauth.account.adapter import get_adapter
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from cocommission.http import UNKNOWN_ADDRESS, ClientAddressLogFilter, client_ip
from cocommission.organisations.models import Organisation
from surveys.models import Response
from surveys.services import ip_hash
from tests.surveys.factories import make_survey

PROXY = "10.0.0.2"  # our own proxy, as the app sees the connection
EDGE = "198.51.100.30"  # a CDN edge in front of it, when there are two
PERSON = "203.0.113.7"  # the person's real address

factory = RequestFactory()


def request_with(**meta: Any) -> Any:
    request = factory.get("/")
    request.META.pop("REMOTE_ADDR", None)
    request.META.update(meta)
    return request


@override_settings(TRUSTED_PROXY_COUNT=1)
@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        pytest.param({"REMOTE_ADDR": PROXY}, PROXY, id="missing header"),
        pytest.param(
            {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": ""}, PROXY, id="empty"
        ),
        pytest.param(
            {
                "REMOTE_ADDR": PROXY,
                "HTTP_X_FORWARDED_FOR": f"1.2.3.4, 5.6.7.8, {PERSON}",
            },
            PERSON,
            id="several addresses",
        ),
        pytest.param(
            {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "not an address"},
            PROXY,
            id="garbage",
        ),
        pytest.param(
            {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"unknown, {PERSON}"},
            PERSON,
            id="a client proxy that says unknown",
        ),
        pytest.param(
            {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "2001:db8::7"},
            "2001:db8::7",
            id="IPv6",
        ),
        pytest.param(
            {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "[2001:db8::7]:4711"},
            "2001:db8::7",
            id="IPv6 with a port",
        ),
        pytest.param(
            {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{PERSON}:51000"},
            PERSON,
            id="IPv4 with a port",
        ),
        pytest.param(
            {
                "REMOTE_ADDR": "2001:db8::2",
                "HTTP_X_FORWARDED_FOR": "::ffff:203.0.113.7",
            },
            PERSON,
            id="IPv4 written as IPv6",
        ),
        pytest.param({}, UNKNOWN_ADDRESS, id="no address at all"),
        pytest.param({"REMOTE_ADDR": ""}, UNKNOWN_ADDRESS, id="empty REMOTE_ADDR"),
        pytest.param({"REMOTE_ADDR": "\x00"}, UNKNOWN_ADDRESS, id="NUL"),
    ],
)
def test_the_address_behind_one_proxy(meta: dict[str, str], expected: str) -> None:
    """Behind one proxy the person is the rightmost X-Forwarded-For entry; a missing,
    empty or unreadable header falls back to the connection, never to an error."""
    assert client_ip(request_with(**meta)) == expected


def test_without_proxies_the_header_is_ignored() -> None:
    """With no trusted proxy (the default) X-Forwarded-For means nothing."""
    request = request_with(REMOTE_ADDR=PERSON, HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == PERSON


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_the_second_entry_from_the_right_is_the_person() -> None:
    """A CDN adds the person, our proxy adds the CDN edge: the person is second
    from the right, whatever the client put in front."""
    request = request_with(
        REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"9.9.9.9, {PERSON}, {EDGE}"
    )
    assert client_ip(request) == PERSON


@override_settings(TRUSTED_PROXY_COUNT=1, TRUSTED_PROXY_IPS=["10.0.0.0/8"])
def test_the_header_counts_only_from_our_proxies() -> None:
    """Reaching the app directly, round the proxy, a made-up header is ignored."""
    direct = request_with(REMOTE_ADDR="192.0.2.99", HTTP_X_FORWARDED_FOR="1.2.3.4")
    through = request_with(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=PERSON)
    assert client_ip(direct) == "192.0.2.99"
    assert client_ip(through) == PERSON


header_text = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=80
)


@given(spoofed=header_text, proxies=st.integers(min_value=1, max_value=3))
@hypothesis_settings(max_examples=300, deadline=None)
def test_a_client_cannot_choose_its_address(spoofed: str, proxies: int) -> None:
    """Whatever a client writes in X-Forwarded-For, behind N proxies the address is
    the one the proxies wrote (or, for a header they could not have written whole,
    the nearest proxy's own): never one the client picked."""
    hops = [PERSON] + [f"10.0.1.{n}" for n in range(1, proxies)]
    header = ", ".join([spoofed, *hops]) if spoofed else ", ".join(hops)
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        found = client_ip(request_with(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header))
    assert found in {PERSON, PROXY}
    if '"' not in spoofed:
        assert found == PERSON


@given(
    remote=st.one_of(st.none(), header_text),
    forwarded=st.one_of(st.none(), header_text),
    proxies=st.integers(min_value=0, max_value=3),
)
@hypothesis_settings(max_examples=300, deadline=None)
def test_any_headers_give_an_address_and_never_an_error(
    remote: str | None, forwarded: str | None, proxies: int
) -> None:
    """Garbage, NUL bytes, Unicode digits or nothing at all: always a real
    address, and allauth's adapter (which would refuse) gives the same one."""
    meta = {
        key: value
        for key, value in (("REMOTE_ADDR", remote), ("HTTP_X_FORWARDED_FOR", forwarded))
        if value is not None
    }
    request = request_with(**meta)
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        found = client_ip(request)
        assert get_adapter().get_client_ip(request) == found
    ipaddress.ip_address(found)


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1, RATELIMIT_ANONYMOUS_POST_RATE="5/10m")
@pytest.mark.parametrize(
    "forwarded",
    ["", "a, b, c", "not-an-ip", "\x00", "2001:db8::1", "[::1]:80, 1.1.1.1", "²"],
)
def test_odd_headers_never_break_a_rate_limited_page(forwarded: str) -> None:
    """The middleware and allauth read the address on every anonymous POST: an odd
    header is a normal request (the old header setting answered some with 500)."""
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    response = client.post(reverse("account_request_login_code"), {"email": "x"})
    assert response.status_code == 200


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1, RATELIMIT_ANONYMOUS_POST_RATE="5/10m")
@time_machine.travel("2026-03-02 10:00:00+00:00", tick=False)
def test_a_made_up_header_does_not_give_a_fresh_budget() -> None:
    """A script that writes a new address in front on every request still spends
    one budget, the one of the address our proxy saw."""
    statuses = [
        Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, {PERSON}")
        .post(reverse("account_signup"), {"email": "x"})
        .status_code
        for n in range(7)
    ]
    assert statuses == [200] * 5 + [429] * 2
    other = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert other.post(reverse("account_signup"), {"email": "x"}).status_code == 200


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_anonymous_answers_hash_the_real_address(organisation: Organisation) -> None:
    """A survey's address hash (for spotting abuse) is of the person's address, so
    made-up headers neither hide repeat answers nor blame someone else."""
    survey = make_survey(organisation)
    q = {x.text: x.field_name for x in survey.questions.all()}
    for spoofed in ("192.0.2.1", "192.0.2.2"):
        client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{spoofed}, {PERSON}")
        key = (
            client.get(survey.get_answer_url())
            .context["form"]
            .initial["submission_key"]
        )
        client.post(
            survey.get_answer_url(),
            {"submission_key": key, q["Who are you?"]: "Carer"},
        )
    hashes = set(Response.objects.values_list("ip_hash", flat=True))
    assert hashes == {ip_hash(survey, PERSON)}


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.addFilter(ClientAddressLogFilter())
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1, TRUSTED_PROXY_IPS=[PROXY])
@override_settings(ACCOUNT_RATE_LIMITS={"request_login_code": "1/10m/key"})
def test_log_lines_carry_the_trusted_address() -> None:
    """A log line written while handling a request names the person's address as
    the rate limits see it, not what the client wrote."""
    handler = _Capture()
    logger = logging.getLogger("cocommission")
    logger.addHandler(handler)
    try:
        for _ in range(2):
            Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"6.6.6.6, {PERSON}").post(
                reverse("account_request_login_code"), {"email": "a@example.org"}
            )
    finally:
        logger.removeHandler(handler)
    refused = [r for r in handler.records if "refused" in r.getMessage()]
    assert refused
    assert {getattr(r, "client_ip", None) for r in refused} == {PERSON}
    assert "a@example.org" not in " ".join(r.getMessage() for r in refused)


@pytest.mark.parametrize(
    ("environ", "settings_", "error"),
    [
        ({"DJANGO_RATELIMIT_IP_META_KEY": "HTTP_X_FORWARDED_FOR"}, {}, "pages.E001"),
        ({}, {"TRUSTED_PROXY_IPS": ["not-a-network"]}, "pages.E003"),
    ],
)
def test_start_up_stops_on_proxy_settings_that_would_mislead(
    monkeypatch: pytest.MonkeyPatch,
    environ: dict[str, str],
    settings_: dict[str, Any],
    error: str,
) -> None:
    """The replaced header setting, or an unreadable proxy list, stops
    ``manage.py check`` (and so ``migrate`` at start-up) with a clear error."""
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    with override_settings(**settings_), pytest.raises(SystemCheckError, match=error):
        call_command("check")
