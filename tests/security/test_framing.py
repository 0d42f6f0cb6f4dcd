"""Framing, across the whole URL inventory: only the embed pages may be shown in
a frame, only by the sites their organisation lists, and another organisation's
sites never appear in any header."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import inventory

pytestmark = pytest.mark.django_db

LAMBETH_SITES = ["https://www.lambeth.example"]
SURREY_SITE = "www.surrey.example"


def _frame_ancestors(response: object) -> list[str]:
    policy = response["Content-Security-Policy"]  # type: ignore[index]
    for part in policy.split(";"):
        words = part.split()
        if words and words[0] == "frame-ancestors":
            return words[1:]
    raise AssertionError(f"no frame-ancestors in {policy!r}")


def _check(entry: inventory.Entry, role: str, client: object) -> None:
    response = inventory.request_rolled_back(client, entry.method, entry.url)  # type: ignore[arg-type]
    where = f"{entry.method} {entry.url} as {role} ({response.status_code})"
    headers = " ".join(f"{k}: {v}" for k, v in response.headers.items())
    assert SURREY_SITE not in headers, where
    ancestors = _frame_ancestors(response)
    embedded = entry.name.startswith("embed:") and response.status_code < 404
    if embedded:
        assert ancestors == LAMBETH_SITES, where
        assert "X-Frame-Options" not in response, where
    else:
        assert ancestors == ["'none'"], where
        assert response["X-Frame-Options"] == "DENY", where


def test_only_embed_pages_are_framed_and_only_by_their_organisations_sites() -> None:
    call_command("seed_demo", verbosity=0)
    entries = inventory.build(probe_roles=False)
    assert any(e.name == "embed:survey_answer" for e in entries)
    clients = {role: inventory.client_for(role) for role in inventory.ROLES}
    # Every page once, as someone not signed in and as another organisation...
    for entry in entries:
        for role in ("anonymous", "other_organisation"):
            _check(entry, role, clients[role])

    # ...and the rest of the roles, drawn by Hypothesis.
    @settings(
        max_examples=150,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        entry=st.sampled_from(entries),
        role=st.sampled_from(sorted(inventory.ROLES)),
    )
    def check(entry: inventory.Entry, role: str) -> None:
        _check(entry, role, clients[role])

    check()
