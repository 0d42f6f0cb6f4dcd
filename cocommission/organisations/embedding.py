"""Which web sites may show an organisation's surveys and ballots in a frame.

An organisation lists its sites' origins (scheme, host and port, nothing more);
only the embed pages send them, as the Content-Security-Policy's
``frame-ancestors``. The same parser checks what admins type and reads what is
stored, so a value that reached the database some other way is dropped rather than
written into a response header.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: At most this many sites per organisation: a header stays small.
MAX_ORIGINS = 20

_HOST = re.compile(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
)
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1"})


def origin_check(value: str, *, debug: bool | None = None) -> str:
    """One origin, lower-cased, or a ValidationError saying what is wrong."""
    text = value.strip()
    debug = settings.DEBUG if debug is None else debug
    scheme, sep, rest = text.partition("://")
    scheme = scheme.lower()
    if not sep or scheme not in {"https", "http"}:
        raise ValidationError(
            _("Start the address with https://, like https://www.example.gov.uk")
        )
    if "*" in rest:
        raise ValidationError(_("Name one site exactly: wildcards (*) are not allowed"))
    if rest.endswith("/"):
        rest = rest[:-1]
    if any(mark in rest for mark in "/?#@\\"):
        raise ValidationError(
            _(
                "Give only the site, like https://www.example.gov.uk, "
                "without a page, query or user name"
            )
        )
    host, colon, port = rest.lower().partition(":")
    if colon and not (
        port.isascii() and port.isdigit() and len(port) <= 5 and 0 < int(port) < 65536
    ):
        raise ValidationError(_("The port must be a number from 1 to 65535"))
    port = f":{int(port)}" if colon else ""
    if not _HOST.match(host):
        raise ValidationError(_("“%(host)s” is not a web address") % {"host": host})
    if scheme == "http" and not (debug and host in _LOCAL_HOSTS):
        raise ValidationError(
            _("Use https://: only secure sites may show your surveys")
        )
    return f"{scheme}://{host}{port}"


def origins_parse(text: str, *, debug: bool | None = None) -> list[str]:
    """The valid origins in stored text, one a line, without repeats."""
    found: list[str] = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        try:
            origin = origin_check(line, debug=debug)
        except ValidationError:
            continue
        if origin not in found:
            found.append(origin)
    return found[:MAX_ORIGINS]
