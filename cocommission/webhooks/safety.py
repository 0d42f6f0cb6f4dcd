"""Refusing webhook addresses that reach inside our own network (SSRF).

An admin types the address, so it could name the metadata service, the database
or anything else reachable from the server. Every name is resolved and every
address it resolves to must be on the public internet, both when the endpoint is
saved and at each delivery (a name can be pointed elsewhere later); the delivery
then connects to the address that was checked, not to a fresh lookup. Numbers
written as decimal or hex (``2130706433``, ``0x7f000001``) are read by the same
resolver the connection would use, so they are caught too.

``WEBHOOKS_ALLOW_LOCALHOST`` lets the tests' receiver on 127.0.0.1 (over plain
http) through; it is never set in production."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class UnsafeAddress(ValueError):
    """The address may not be called."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    ip: str


def _public(ip: Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _local_allowed(ip: Address) -> bool:
    return bool(getattr(settings, "WEBHOOKS_ALLOW_LOCALHOST", False)) and (
        ip.is_loopback
    )


def check_url(url: str) -> Target:
    """The address to connect to, or ``UnsafeAddress`` saying why not."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError as error:
        raise UnsafeAddress(_("This is not a web address.")) from error
    if not host:
        raise UnsafeAddress(_("This is not a web address."))
    if parts.username or parts.password:
        raise UnsafeAddress(_("Leave names and passwords out of the address."))
    default_port = {"https": 443, "http": 80}.get(parts.scheme)
    if default_port is None:
        raise UnsafeAddress(_("The address must start with https://"))
    try:
        found = socket.getaddrinfo(host, port or default_port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise UnsafeAddress(_("We could not find this address.")) from error
    ips = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found]
    if not ips:
        raise UnsafeAddress(_("We could not find this address."))
    if all(_local_allowed(ip) for ip in ips):
        pass  # the tests' own receiver
    elif parts.scheme != "https":
        raise UnsafeAddress(_("The address must start with https://"))
    elif not all(_public(ip) for ip in ips):
        raise UnsafeAddress(
            _("This address is inside a private network: use one on the internet.")
        )
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    return Target(parts.scheme, host, port or default_port, path, str(ips[0]))
