"""Request typing and request helpers shared by views."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request that passed through django-htmx's middleware."""

    htmx: HtmxDetails


def next_url(request: HttpRequest, default: str) -> str:
    """Where ``?next=`` asks to go after a form, if it is a path on this site;
    otherwise ``default``. Anything else (another site, ``//host``, a word that
    ``redirect()`` would look up as a view name) is ignored."""
    asked = request.GET.get("next", "")
    if asked.startswith("/") and url_has_allowed_host_and_scheme(
        asked, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return asked
    return default
