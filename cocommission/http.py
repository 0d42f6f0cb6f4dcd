"""Request helpers shared by views: typing, the client's address and safe redirects.

Two things here are security boundaries, so each has exactly one implementation
that everything else calls:

- ``client_ip`` decides whose address a request comes from. Every rate limit
  (django-ratelimit through ``RATELIMIT_IP_META_KEY``, allauth through the account
  adapter), the anonymous survey answers' address hash and the log lines use it.
  Behind proxies, X-Forwarded-For is believed only as far as our own proxies wrote
  it (``TRUSTED_PROXY_COUNT``, and optionally ``TRUSTED_PROXY_IPS``); what a client
  writes there itself never chooses its rate-limit budget.
- ``next_url`` / ``is_safe_redirect`` decide where a ``next=`` parameter may send
  someone: only to a page of this site.
"""

from __future__ import annotations

import ipaddress
import logging
import unicodedata
from collections.abc import Callable
from contextvars import ContextVar
from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.middleware import HtmxDetails
from python_ipware import IpWare

if TYPE_CHECKING:
    from cocommission.accounts.models import User

# Requests whose address cannot be known (no usable REMOTE_ADDR, as over a Unix
# socket without a proxy header) all share this one, and so one rate-limit budget.
UNKNOWN_ADDRESS = "0.0.0.0"  # noqa: S104 - a placeholder, never bound to
# Longer ``next`` values are not links this site makes.
MAX_NEXT_LENGTH = 2000


class HtmxHttpRequest(HttpRequest):
    """A request that passed through django-htmx's middleware."""

    htmx: HtmxDetails


class AuthedHttpRequest(HtmxHttpRequest):
    """A request from a signed-in person (a view behind ``login_required``)."""

    user: User


IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[IpNetwork, ...]:
    try:
        return tuple(ipaddress.ip_network(e.strip(), strict=False) for e in entries)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXY_IPS must list IP addresses or networks: {error}"
        ) from error


def trusted_proxy_networks() -> tuple[IpNetwork, ...]:
    """The networks our nearest proxy connects from (empty: any)."""
    return _networks(tuple(settings.TRUSTED_PROXY_IPS))


@lru_cache(maxsize=8)
def _reader(header: str, proxy_count: int | None) -> IpWare:
    """python-ipware reading one header only (its default list includes headers
    any client can set), the client ``proxy_count`` entries left of the right end."""
    return IpWare(precedence=(header,), proxy_count=proxy_count, algorithm="modern")


def _read(header: str, value: object, proxy_count: int | None = None) -> str | None:
    if not isinstance(value, str):
        return None
    # Not strict: unreadable entries a client put on the left ("unknown", junk)
    # are skipped rather than discarding what our proxies appended.
    address, _trusted = _reader(header, proxy_count).get_client_ip(
        {header: value}, strict=False
    )
    return None if address is None else str(address)


def _from_trusted_peer(peer: str | None) -> bool:
    networks = trusted_proxy_networks()
    if not networks:
        return True
    if peer is None:
        return False
    address = ipaddress.ip_address(peer)
    return any(address in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """The address of the person making the request, as far as it can be trusted.

    With ``TRUSTED_PROXY_COUNT`` = N proxies in front of the app, each adding the
    address it was reached from to X-Forwarded-For, the person's address is the Nth
    entry from the right: anything further left came from the client and may be
    made up, so it is never read. When ``TRUSTED_PROXY_IPS`` is set, the header is
    read only on connections from those addresses (so reaching the app directly
    cannot spoof it). A missing, short or unreadable header falls back to the
    connection's own address; with no usable address at all, every such request
    shares ``UNKNOWN_ADDRESS``. Never raises on anything a client can send.
    """
    known = getattr(request, "_client_ip", None)
    if known is not None:
        return str(known)
    peer = _read("REMOTE_ADDR", request.META.get("REMOTE_ADDR"))
    address = None
    count: int = settings.TRUSTED_PROXY_COUNT
    if count > 0 and _from_trusted_peer(peer):
        # python-ipware counts the proxies listed *in* the header; the nearest
        # proxy is the connection itself (REMOTE_ADDR), hence N - 1.
        address = _read(
            "HTTP_X_FORWARDED_FOR", request.META.get("HTTP_X_FORWARDED_FOR"), count - 1
        )
    found = address or peer or UNKNOWN_ADDRESS
    request._client_ip = found  # type: ignore[attr-defined]
    return found


# The client address of the request being handled, for log lines.
_log_client_ip: ContextVar[str] = ContextVar("client_ip", default="-")


class ClientAddressMiddleware:
    """Puts the client's address (``client_ip``) on every log line of a request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _log_client_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            _log_client_ip.reset(token)


class ClientAddressLogFilter(logging.Filter):
    """Adds ``client_ip`` to log records ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.client_ip = _log_client_ip.get()
        return True


def is_safe_redirect(request: HttpRequest, url: str | None) -> bool:
    """Whether ``url`` is a page of this site, safe to send someone to.

    Django's ``url_has_allowed_host_and_scheme`` decides on host and scheme (https
    only, unless in DEBUG or the request itself is plain http in development);
    before it, anything with control characters, spaces or backslashes, and
    anything implausibly long, is refused outright, since browsers and headers
    treat those differently from the parser.
    """
    if not url or len(url) > MAX_NEXT_LENGTH or "\\" in url:
        return False
    if any(unicodedata.category(char)[0] in "CZ" for char in url):
        return False
    return url_has_allowed_host_and_scheme(
        url,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure() or not settings.DEBUG,
    )


def next_url(request: HttpRequest, *, default: str) -> str:
    """Where to go next: the ``next`` the request carries (form first, then query)
    when it stays on this site, else ``default``."""
    candidate = request.POST.get("next") or request.GET.get("next")
    return candidate if candidate and is_safe_redirect(request, candidate) else default
