"""Importing needs with a token: each row is checked by the page's own "Record a
need" form (so a row the page refuses, the API refuses with the same message),
all rows are saved or none, problems are named ``needs.<row>.<field>``, another
organisation's cycle is 404 and every import is in the audit trail."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.models import ApiWrite, Scope
from api.tokens import token_create
from cocommission.organisations.models import Membership, Organisation, Role
from cycles.models import Need
from tests.api.helpers import world
from tests.cycles.factories import ActivityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(organisation: Organisation, other_organisation: Organisation) -> Any:
    return world(organisation, "north"), world(other_organisation, "south")


def _token(w: dict[str, Any], *scopes: str) -> str:
    _row, text = token_create(
        organisation=w["public"].organisation,
        by=w["admin"],
        name="Needs feed",
        scopes=set(scopes),
    )
    return text


def _import(text: str, cycle_id: int, needs: Any) -> Any:
    return Client().post(
        f"/api/v1/team/cycles/{cycle_id}/needs/import",
        json.dumps({"needs": needs}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {text}",
    )


def test_a_good_list_is_saved_in_the_cycle_and_audited(two: Any) -> None:
    north, _south = two
    cycle = north["private"]
    activity = ActivityFactory(cycle=cycle, title="Carers' breakfast")
    outcome = north["indicator"].outcome
    text = _token(north, Scope.IMPORT)
    response = _import(
        text,
        cycle.pk,
        [
            {
                "statement": "Somewhere to talk at night",
                "raised_by": "carers at the breakfast",
                "source_activity": activity.pk,
                "how_many": 12,
                "groups": "carers",
                "quiet_demand": True,
                "ways_to_meet": ["co_production", "service"],
                "outcomes": [outcome.pk],
            },
            {"statement": "Help with forms", "how_many": "3"},
        ],
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["imported"] == 2
    first, second = (Need.objects.get(pk=pk) for pk in body["ids"])
    assert first.cycle == cycle and first.source_activity == activity
    assert (first.how_many, first.quiet_demand) == (12, True)
    assert first.ways_to_meet == ["co_production", "service"]
    assert list(first.outcomes.all()) == [outcome]
    assert (second.statement, second.how_many) == ("Help with forms", 3)
    (write,) = ApiWrite.objects.all()
    assert (write.method, write.status) == ("POST", 201)
    assert write.path == f"/api/v1/team/cycles/{cycle.pk}/needs/import"
    assert write.summary == f"2 needs in cycle {cycle.pk}"
    listed = Client().get(
        f"/api/v1/team/needs?cycle={cycle.pk}", HTTP_AUTHORIZATION=f"Bearer {text}"
    )
    assert listed.status_code == 403  # the import scope alone reads nothing


def test_another_organisations_cycle_and_its_parts_are_out_of_reach(
    two: Any,
) -> None:
    """Its cycle is 404; its activities and outcomes are refused as the page
    refuses a choice not on offer; nothing is saved."""
    north, south = two
    text = _token(north, Scope.IMPORT)
    assert _import(text, south["private"].pk, [{"statement": "x"}]).status_code == 404
    south_activity = ActivityFactory(cycle=south["private"])
    refused = _import(
        text,
        north["private"].pk,
        [
            {"statement": "Fine"},
            {"statement": "Theirs", "source_activity": south_activity.pk},
            {"statement": "Theirs", "outcomes": [south["indicator"].outcome_id]},
        ],
    )
    assert refused.status_code == 422
    assert set(refused.json()["errors"]) == {
        "needs.1.source_activity",
        "needs.2.outcomes",
    }
    assert not Need.objects.exists()
    assert _import(_token(north, Scope.READ), north["private"].pk, []).status_code in (
        403,
        422,
    )
    assert (
        _import(
            _token(north, Scope.READ), north["private"].pk, [{"statement": "x"}]
        ).status_code
        == 403
    )


def test_a_token_whose_maker_can_no_longer_commission_records_nothing(
    two: Any,
) -> None:
    north, _south = two
    text = _token(north, Scope.IMPORT)
    Membership.objects.filter(user=north["admin"]).update(role=Role.DECISION_MAKER)
    response = _import(text, north["private"].pk, [{"statement": "x"}])
    assert response.status_code == 403
    assert not Need.objects.exists()
    assert ApiWrite.objects.get().status == 403


_TEXT = st.characters(
    codec="utf-8", exclude_categories=["Cs"], exclude_characters="\x00"
)
_ROWS = st.fixed_dictionaries(
    {"statement": st.text(_TEXT, max_size=320)},
    optional={
        "raised_by": st.text(_TEXT, max_size=210),
        "how_many": st.one_of(
            st.integers(-3, 10**10), st.sampled_from(["", "7", "lots", "-1"])
        ),
        "groups": st.text(_TEXT, max_size=310),
        "quiet_demand": st.booleans(),
        "ways_to_meet": st.lists(
            st.sampled_from(["service", "co_production", "magic"]), max_size=2
        ),
    },
)


def _page_errors(client: Client, url: str, row: dict[str, Any]) -> set[str] | None:
    """The messages the page's form shows for ``row`` (None: it saved it)."""
    data = {k: ("on" if v is True else v) for k, v in row.items() if v is not False}
    response = client.post(url, data)
    if response.status_code == 302:
        return None
    assert response.status_code in (200, 400), response.status_code
    page = response.content.decode()
    summary = page[page.index("govuk-error-summary__list") :]
    summary = summary[: summary.index("</ul>")]
    return {html.unescape(m) for m in re.findall(r"<a\s[^>]*>(.*?)</a>", summary, re.S)}


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=st.lists(_ROWS, min_size=1, max_size=4))
def test_rows_are_checked_as_the_page_checks_them_and_saved_all_or_none(
    two: Any, rows: list[dict[str, Any]]
) -> None:
    """For any list of rows, the API refuses exactly the rows (and fields) the
    page's form refuses; a list with any refused row saves nothing."""
    north, _south = two
    cycle = north["private"]
    page_url = reverse(
        "cycles:need_new",
        kwargs={"org_slug": cycle.organisation.slug, "pk": cycle.pk},
    )
    with transaction.atomic():
        text = _token(north, Scope.IMPORT)
        response = _import(text, cycle.pk, rows)
        transaction.set_rollback(True)
    client = Client()
    client.force_login(north["admin"])
    expected: dict[str, set[str]] = {}
    with transaction.atomic():
        for n, row in enumerate(rows):
            wrong = _page_errors(client, page_url, row)
            if wrong is not None:
                expected[f"needs.{n}"] = wrong
        transaction.set_rollback(True)
    if not expected:
        assert response.status_code == 201, response.content
        assert response.json()["imported"] == len(rows)
        return
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["detail"].startswith("No need was imported")
    found: dict[str, set[str]] = {}
    for key, messages in body["errors"].items():
        _needs, row, *_field = key.split(".")
        found.setdefault(f"needs.{row}", set()).update(messages)
    assert found == expected
    assert not Need.objects.filter(cycle=cycle).exists()


def test_a_row_of_the_wrong_shape_is_named_by_its_place_in_the_list(
    two: Any,
) -> None:
    """JSON the form never sees (a number for text, a fraction of a person) is
    named the same way: ``needs.<row>.<field>``."""
    north, _south = two
    text = _token(north, Scope.IMPORT)
    response = _import(
        text, north["private"].pk, [{"statement": "Fine"}, {"statement": 5}]
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["needs.1.statement"]
    response = _import(text, north["private"].pk, [])
    assert list(response.json()["errors"]) == ["needs"]
    assert not Need.objects.exists()
