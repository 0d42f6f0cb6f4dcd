"""Start-up checks on how the client's address is found behind proxies."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.core.exceptions import ImproperlyConfigured

from cocommission.http import trusted_proxy_networks


@register()
def client_address_settings(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """The trusted-proxy settings parse, and the variable they replace is gone."""
    errors: list[CheckMessage] = []
    # It named a header to believe whole. Still set, it would now be ignored and
    # every visitor behind the proxy would share the proxy's address and budget.
    if os.environ.get("DJANGO_RATELIMIT_IP_META_KEY", "") not in ("", "REMOTE_ADDR"):
        errors.append(
            Error(
                "DJANGO_RATELIMIT_IP_META_KEY is no longer read.",
                hint="Set DJANGO_TRUSTED_PROXY_COUNT to the number of proxies in "
                "front of the app (optionally DJANGO_TRUSTED_PROXY_IPS) and remove "
                "DJANGO_RATELIMIT_IP_META_KEY.",
                id="pages.E001",
            )
        )
    if settings.TRUSTED_PROXY_COUNT < 0:
        errors.append(
            Error("DJANGO_TRUSTED_PROXY_COUNT cannot be negative.", id="pages.E002")
        )
    try:
        trusted_proxy_networks()
    except ImproperlyConfigured as error:
        errors.append(Error(str(error), id="pages.E003"))
    return errors
