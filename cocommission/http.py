"""Request typing shared by views."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request that passed through django-htmx's middleware."""

    htmx: HtmxDetails
