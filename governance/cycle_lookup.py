"""How governance finds the cycle an assessment page is about.

Governance sits below cycles in the layers (README, "Architecture"): cycles' gate
checks and contracts name principles, so governance may not import ``cycles``.
The assessment pages still need "cycle N of this organisation", so cycles hands its
lookup down: ``CyclesConfig.ready`` calls :func:`register`, once. The assessment
model names its cycle by the string ``"cycles.Cycle"`` for the same reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

CycleLookup = Callable[[str, int], Any]

_lookup: CycleLookup | None = None


def register(lookup: CycleLookup) -> None:
    """Set the function that finds an organisation's cycle by id (raising Http404)."""
    global _lookup
    _lookup = lookup


def cycle_in(org_slug: str, pk: int) -> Any:
    """The organisation's cycle with this id, with its organisation; else Http404."""
    if _lookup is None:
        raise ImproperlyConfigured("No cycle lookup: is the cycles app installed?")
    return _lookup(org_slug, pk)
