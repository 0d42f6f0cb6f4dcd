"""A property-based run of the whole API against the live test server
(Schemathesis): no answer is a server error, and every answer (status, content
type, body) is one the OpenAPI description allows. A few examples per operation,
so the run stays within minutes.

Each operation's cases come from Schemathesis's own strategy and run inside one
test (its pytest fixture loader, ``schemathesis.pytest.from_fixture``, fails on
this pytest version)."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.models import Scope
from api.tokens import token_create
from tests.api.helpers import world
from tests.organisations.factories import OrganisationFactory

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def test_the_api_answers_within_its_description(
    live_server: Any, transactional_db: None, settings: Any
) -> None:
    settings.API_PUBLIC_RATE = "1000000/m"
    settings.API_TOKEN_RATE = "1000000/m"
    north_org = OrganisationFactory(slug="northshire")
    north = world(north_org, "north")
    world(OrganisationFactory(slug="southvale"), "south")
    _row, text = token_create(
        organisation=north_org,
        by=north["admin"],
        name="Everything",
        scopes=set(Scope) - {Scope.RETURNS},
    )
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    headers = {"Authorization": f"Bearer {text}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 19
    for operation in operations:
        _run(operation, live_server.url, headers)


def _run(operation: Any, base_url: str, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=12,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def run(case: Any) -> None:
        case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS)

    try:
        run()
    except Exception as error:
        pytest.fail(f"{operation.label}: {error}")
