"""A property-based run of the whole API against the live test server
(Schemathesis): no answer is a server error, and every answer (status, body)
is one the OpenAPI description allows. A few examples per operation, so the
run stays within minutes."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.models import Scope
from api.tokens import token_create
from cocommission.organisations.models import Organisation
from tests.api.helpers import world
from tests.organisations.factories import OrganisationFactory


@pytest.fixture
def api_schema(live_server: Any, transactional_db: None, settings: Any) -> Any:
    settings.API_PUBLIC_RATE = "100000/m"
    settings.API_TOKEN_RATE = "100000/m"
    north = world(OrganisationFactory(slug="northshire"), "north")
    world(OrganisationFactory(slug="southvale"), "south")
    _row, text = token_create(
        organisation=Organisation.objects.get(slug="northshire"),
        by=north["admin"],
        name="Everything",
        scopes=set(Scope) - {Scope.RETURNS},
    )
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    schema.token = text  # type: ignore[attr-defined]
    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_api_answers_within_its_description(case: Any, live_server: Any) -> None:
    case.call_and_validate(
        base_url=live_server.url,
        headers={"Authorization": f"Bearer {case.operation.schema.token}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
