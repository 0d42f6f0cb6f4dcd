"""Deployment checks for publishing Open Contracting data."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

#: The prefix used until one is registered: fine on a laptop, never in public.
PLACEHOLDER_PREFIX = "ocds-cocomm"


@register(deploy=True)
def ocid_prefix(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """Production publishes OCIDs under a prefix registered with the Open
    Contracting Partnership, not the placeholder (ids would clash with every
    other CoCommission site's)."""
    prefix = settings.OCDS_OCID_PREFIX
    if not prefix or prefix == PLACEHOLDER_PREFIX:
        return [
            Error(
                "OCDS_OCID_PREFIX is not set: contracts would be published under "
                "the placeholder prefix.",
                hint="Register a prefix with the Open Contracting Partnership "
                "(https://standard.open-contracting.org) and set OCDS_OCID_PREFIX.",
                id="contracts.E001",
            )
        ]
    if not re.fullmatch(r"ocds-[a-z0-9]{6}", prefix):
        return [
            Error(
                f"OCDS_OCID_PREFIX {prefix!r} is not an OCID prefix.",
                hint="It looks like ocds-213czf: 'ocds-' and six letters or digits.",
                id="contracts.E002",
            )
        ]
    return []
