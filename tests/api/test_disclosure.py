"""The public API discloses what the public pages show, and nothing else: walked
as an attacker would, every public operation for every organisation, cycle and
published survey; on the demo, and on generated data (Hypothesis)."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocommission.organisations.models import Organisation
from cycles.models import Visibility
from cycles.services import decision_confirm, decision_record
from tests.api.helpers import member
from tests.cycles.factories import CycleFactory
from tests.participation.test_public_pages import _private_texts

pytestmark = pytest.mark.django_db


def _get(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return response.json()


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def _in(text: str, page: str) -> bool:
    return re.sub(r"\s+", " ", text).strip() in page


def _walk(client: Client) -> list[tuple[str, Any, str]]:
    """(API url, its answer, the public page it stands for) for everything the
    public API offers, found by following the API itself."""
    out: list[tuple[str, Any, str]] = []
    organisations = _get(client, "/api/v1/organisations?limit=100")["items"]
    for org in organisations:
        base = f"/api/v1/organisations/{org['slug']}"
        page = org["url"]
        out.append((base, _get(client, base), page))
        cycles = _get(client, f"{base}/cycles?limit=100")
        # The organisation's page shortens each cycle's problem statement: each
        # item is checked against its cycle's own page.
        out += [(f"{base}/cycles", c, c["url"]) for c in cycles["items"]]
        panels_url = f"{base}/panels"
        out.append(
            (panels_url, _get(client, panels_url), f"/get-involved/{org['slug']}/")
        )
        for cycle in cycles["items"]:
            c = f"{base}/cycles/{cycle['id']}"
            you_said = cycle["url"]
            out.append((c, _get(client, c), you_said))
            for part in ("decisions?limit=100", "surveys?limit=100", "ballots"):
                out.append((f"{c}/{part}", _get(client, f"{c}/{part}"), you_said))
            outcomes_page = you_said.replace("you-said-we-did/", "outcomes/")
            out.append((f"{c}/outcomes", _get(client, f"{c}/outcomes"), outcomes_page))
            for survey in _get(client, f"{c}/surveys?limit=100")["items"]:
                r = f"{base}/surveys/{survey['token']}/results"
                out.append((r, _get(client, r), survey["results_url"]))
    return out


#: Keys whose values are words the page prints as they are.
_PRINTED = {
    "name",
    "title",
    "description",
    "problem_statement",
    "decided",
    "rationale",
    "decided_by",
    "recorded_by",
    "statement",
    "who_for",
    "answers",
    "answered",
    "label",
    "count",
    "text",
    "purpose",
    "commitment",
    "panel",
}


def _printed(value: Any) -> list[str]:
    found: list[str] = []
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in _PRINTED and isinstance(inner, str) and inner:
                found.append(inner)
            else:
                found += _printed(inner)
    elif isinstance(value, list):
        for inner in value:
            found += _printed(inner)
    return found


_COUNTS = {"count", "answers", "answered", "points", "first", "placed"}


def _counts(value: Any) -> list[str]:
    found: list[str] = []
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in _COUNTS and isinstance(inner, str):
                found.append(inner)
            else:
                found += _counts(inner)
    elif isinstance(value, list):
        for inner in value:
            found += _counts(inner)
    return found


def _check(walked: list[tuple[str, Any, str]], private: set[str]) -> None:
    client = Client()
    pages: dict[str, str] = {}
    for url, answer, page_url in walked:
        text = json.dumps(answer, ensure_ascii=False)
        leaked = sorted(p for p in private if p in text)
        assert not leaked, (url, leaked[:5])
        assert not re.search(r"[\w.+-]+@[\w-]+\.\w+", text), url
        # Counts of people: never an exact 1 to 4 (cocommission.disclosure).
        small = [c for c in _counts(answer) if c in {"1", "2", "3", "4"}]
        assert not small, (url, small)
        page = pages.setdefault(page_url, _page(client, page_url))
        for words in _printed(answer):
            for line in words.splitlines():
                if line.strip():
                    assert _in(line, page), (url, line, page_url)


def test_the_demo_api_shows_what_its_pages_show_and_nothing_private() -> None:
    call_command("seed_demo")
    private = _private_texts()
    walked = _walk(Client())
    assert len(walked) >= 10
    assert any("/decisions" in url and answer["items"] for url, answer, _ in walked)
    assert any("/results" in url for url, _answer, _ in walked)
    _check(walked, private)


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    cycles=st.lists(
        st.tuples(
            st.booleans(),  # public
            st.lists(st.booleans(), max_size=3),  # decisions: published or not
        ),
        min_size=1,
        max_size=3,
    ),
    words=st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]),
        min_size=0,
        max_size=30,
    ),
)
def test_generated_work_is_disclosed_only_as_the_pages_disclose_it(
    organisation: Organisation, cycles: list[Any], words: str
) -> None:
    """For any mix of public and private cycles and published and draft
    decisions (with any text in them), every public answer is on the page it
    stands for, and no private cycle or draft decision is in any answer."""
    with transaction.atomic():
        admin = member(organisation, "admin", "admin@gen.example")
        chair = member(organisation, "decision_maker", "chair@gen.example")
        private: set[str] = {"admin@gen.example", "chair@gen.example"}
        for n, (public, decisions) in enumerate(cycles):
            cycle = CycleFactory(
                organisation=organisation,
                title=f"Cycle {n} {'' if public else f'PRIV{n}'} {words}",
                visibility=Visibility.PUBLIC if public else Visibility.PRIVATE,
                by=admin,
            )
            for m, published in enumerate(decisions):
                marker = f"DRAFT{n}x{m}" if not published or not public else ""
                decision = decision_record(
                    cycle=cycle,
                    by=admin,
                    phase="analyse",
                    kind="other",
                    title=f"Decision {n}.{m} {marker} {words}",
                    decided=f"We did {n}.{m} {marker}",
                    decided_by=chair,
                    decided_on="2026-05-01",
                )
                if published:
                    decision_confirm(decision=decision, by=chair)
                if marker:
                    private.add(marker)
            if not public:
                private.add(f"PRIV{n}")
        _check(_walk(Client()), private)
        transaction.set_rollback(True)
