"""The API: its description, tokens (made on a page, shown once, stored hashed,
revoked, expired), scopes and organisations, writes through the forms, paging,
ETags and the rate limit."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate

from api.models import ApiToken, ApiWrite, Scope
from api.tokens import token_create
from cocommission.organisations.models import Organisation
from cycles.models import Need
from outcomes.models import Measurement
from tests.api.helpers import world

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(organisation: Organisation, other_organisation: Organisation) -> Any:
    return world(organisation, "north"), world(other_organisation, "south")


def _bearer(text: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {text}"}


def _token(w: dict[str, Any], *scopes: str, **fields: Any) -> str:
    _token_row, text = token_create(
        organisation=w["public"].organisation,
        by=w["admin"],
        name="Test",
        scopes=set(scopes),
        **fields,
    )
    return text


def test_the_description_is_valid_openapi_3_1(db: None) -> None:
    """/api/v1/openapi.json is an OpenAPI 3.1 document the validator accepts."""
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    validate(schema)
    assert "/api/v1/team/measurements" in schema["paths"]


def test_the_docs_page_lists_every_operation_without_scripts(db: None) -> None:
    """The documentation is our own page, with no script from elsewhere."""
    html = Client().get("/api/v1/docs/").content.decode()
    schema = Client().get("/api/v1/openapi.json").json()
    for path in schema["paths"]:
        assert path in html
    assert "cdn" not in html.lower()
    assert not re.search(r"<script[^>]+src=\"https?://", html)


# ----------------------------------------------------------------- tokens


def test_an_admin_makes_a_token_shown_once_and_stored_hashed(
    two: Any, organisation: Organisation
) -> None:
    """The page shows the token once; the row holds only its SHA-256."""
    north, _south = two
    client = Client()
    client.force_login(north["admin"])
    response = client.post(
        f"/o/{organisation.slug}/api-tokens/new/",
        {"name": "Power BI", "scopes": ["read", "measurements"], "expires": "30"},
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    text = re.search(r"cc_[0-9a-f]+_[A-Za-z0-9_-]+", response.content.decode())
    assert text
    token_text = text.group(0)
    row = ApiToken.objects.get()
    secret = token_text.split("_", 2)[2]
    columns = [str(v) for v in ApiToken.objects.values().get().values()]
    assert not any(secret in c for c in columns)
    assert row.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert row.can_read and row.can_write_measurements and not row.can_import
    assert row.expires_at is not None
    listing = client.get(f"/o/{organisation.slug}/api-tokens/").content.decode()
    assert "Power BI" in listing and secret not in listing
    api = Client().get("/api/v1/team/cycles", **_bearer(token_text))
    assert api.status_code == 200
    row.refresh_from_db()
    assert row.last_used_at is not None


def test_only_admins_and_provider_reps_manage_tokens(
    two: Any, organisation: Organisation, make_member: Any
) -> None:
    """A commissioner gets 403; an outsider 404."""
    client = Client()
    client.force_login(make_member("commissioner", organisation))
    assert client.get(f"/o/{organisation.slug}/api-tokens/").status_code == 403
    client.force_login(make_member("admin", Organisation.objects.get(slug="southvale")))
    assert client.get(f"/o/{organisation.slug}/api-tokens/").status_code == 404


def test_a_provider_rep_makes_a_returns_token_for_their_provider(
    two: Any, organisation: Organisation
) -> None:
    north, _south = two
    client = Client()
    client.force_login(north["rep"])
    response = client.post(
        f"/o/{organisation.slug}/api-tokens/new/",
        {"name": "Our CRM", "provider": north["provider"].pk, "expires": ""},
    )
    assert response.status_code == 200
    row = ApiToken.objects.get()
    assert row.provider == north["provider"] and row.can_send_returns
    assert not row.can_read


def test_revoked_and_expired_tokens_get_401(
    two: Any, organisation: Organisation
) -> None:
    north, _south = two
    text = _token(north, Scope.READ)
    assert Client().get("/api/v1/team/cycles", **_bearer(text)).status_code == 200
    client = Client()
    client.force_login(north["admin"])
    token = ApiToken.objects.get()
    client.post(f"/o/{organisation.slug}/api-tokens/{token.pk}/revoke/")
    response = Client().get("/api/v1/team/cycles", **_bearer(text))
    assert response.status_code == 401
    assert response.json()["detail"]
    expired = _token(
        north, Scope.READ, expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert Client().get("/api/v1/team/cycles", **_bearer(expired)).status_code == 401
    assert Client().get("/api/v1/team/cycles").status_code == 401
    wrong = text[:-3] + "abc"
    assert Client().get("/api/v1/team/cycles", **_bearer(wrong)).status_code == 401


def test_every_use_of_a_token_is_audited_reads_and_refusals_too(two: Any) -> None:
    """Reads, and a write refused for want of a scope, each leave one row; a
    call without a token leaves none."""
    north, _south = two
    text = _token(north, Scope.READ)
    assert Client().get("/api/v1/organisations").status_code == 200
    listed = Client().get("/api/v1/team/needs?cycle=1&limit=5", **_bearer(text))
    assert listed.status_code == 200
    refused = _call(
        Client(),
        "post",
        f"/api/v1/team/indicators/{north['indicator'].pk}/measurements",
        {"period_end": "2026-06-30", "value": "1"},
        text,
    )
    assert refused.status_code == 403
    contracts = Client().get("/api/v1/team/contracts", **_bearer(text))
    assert contracts.status_code == 200
    rows = list(ApiWrite.objects.order_by("pk").values_list("method", "path", "status"))
    assert rows == [
        ("GET", "/api/v1/team/needs?cycle=1&limit=5", 200),
        ("POST", f"/api/v1/team/indicators/{north['indicator'].pk}/measurements", 403),
        ("GET", "/api/v1/team/contracts", 200),
    ]
    assert ApiWrite.objects.get(status=403).summary == "refused"


# ------------------------------------------------ scopes x organisations

#: (method, path template, scope it needs, body)
TEAM_OPERATIONS = [
    ("get", "/api/v1/team/cycles", Scope.READ, None),
    ("get", "/api/v1/team/needs", Scope.READ, None),
    ("get", "/api/v1/team/outcomes", Scope.READ, None),
    ("get", "/api/v1/team/indicators", Scope.READ, None),
    ("get", "/api/v1/team/measurements", Scope.READ, None),
    ("get", "/api/v1/team/contracts", Scope.READ, None),
    (
        "post",
        "/api/v1/team/indicators/{indicator}/measurements",
        Scope.MEASUREMENTS,
        {"period_end": "2026-06-30", "value": "14", "source": "routine"},
    ),
    (
        "post",
        "/api/v1/team/assets/import",
        Scope.IMPORT,
        {"csv": "name,kind,holder_type\nLibrary room,place,community\n"},
    ),
    (
        "post",
        "/api/v1/team/cycles/{cycle}/needs/import",
        Scope.IMPORT,
        {"needs": [{"statement": "Somewhere to talk", "how_many": 3}]},
    ),
]


def _call(client: Client, method: str, path: str, body: Any, text: str) -> Any:
    if method == "get":
        return client.get(path, **_bearer(text))
    return client.post(
        path, json.dumps(body), content_type="application/json", **_bearer(text)
    )


def _texts(value: Any) -> str:
    return json.dumps(value)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    operation=st.sampled_from(TEAM_OPERATIONS),
    scopes=st.sets(st.sampled_from([s for s in Scope if s != Scope.RETURNS])),
    target=st.sampled_from(["own", "other"]),
)
def test_tokens_reach_only_their_organisation_and_scopes(
    two: Any, operation: Any, scopes: set[str], target: str
) -> None:
    """For any operation, set of scopes, and whose ids are in the path: the call
    succeeds only with the scope, never shows or touches the other
    organisation's data, and another organisation's ids are 404."""
    from django.db import transaction

    north, south = two
    south_org = south["public"].organisation
    method, template, needed, body = operation
    with transaction.atomic():
        text = _token(north, *scopes)
        ids = north if target == "own" else south
        path = template.replace("{indicator}", str(ids["indicator"].pk)).replace(
            "{cycle}", str(ids["private"].pk)
        )
        before = Measurement.objects.filter(indicator=south["indicator"]).count()
        their_needs = Need.objects.filter(cycle__organisation=south_org).count()
        response = _call(Client(), method, path, body, text)
        if needed not in scopes:
            assert response.status_code == 403
        elif "{" in template and target == "other":
            assert response.status_code == 404
        else:
            assert response.status_code in (200, 201), response.content
            seen = _texts(response.json())
            for secret in ("south", "Southvale"):
                assert secret not in seen
        assert (
            Measurement.objects.filter(indicator=south["indicator"]).count() == before
        )
        assert Need.objects.filter(cycle__organisation=south_org).count() == their_needs
        transaction.set_rollback(True)


def test_a_provider_token_reads_and_writes_only_its_contracts(two: Any) -> None:
    north, south = two
    _row, text = token_create(
        organisation=north["public"].organisation,
        by=north["rep"],
        name="CRM",
        scopes={Scope.RETURNS},
        provider=north["provider"],
    )
    listed = Client().get("/api/v1/team/contracts", **_bearer(text)).json()["items"]
    assert [c["id"] for c in listed] == [north["contract"].pk]
    assert Client().get("/api/v1/team/cycles", **_bearer(text)).status_code == 403
    for contract in (north["other_contract"], south["contract"]):
        response = _call(
            Client(),
            "post",
            f"/api/v1/team/contracts/{contract.pk}/returns",
            {"period_end": "2026-03-31", "figures": {}},
            text,
        )
        assert response.status_code == 404
    indicator = north["indicator"]
    sent = _call(
        Client(),
        "post",
        f"/api/v1/team/contracts/{north['contract'].pk}/returns",
        {"period_end": "2026-03-31", "figures": {str(indicator.pk): "7"}},
        text,
    )
    assert sent.status_code == 201, sent.content
    assert sent.json()["status"]
    assert ApiWrite.objects.filter(status=201).count() == 1


# ------------------------------------------------------------- writes


def test_a_measurement_is_checked_as_the_form_checks_it(two: Any) -> None:
    """Bad values get 422 with the form's messages per field; a good one is
    saved in the token maker's name and audited."""
    north, _south = two
    text = _token(north, Scope.MEASUREMENTS)
    path = f"/api/v1/team/indicators/{north['indicator'].pk}/measurements"
    bad = _call(
        Client(),
        "post",
        path,
        {"period_end": "31/02/2026", "value": "lots", "source": "guess"},
        text,
    )
    assert bad.status_code == 422
    errors = bad.json()["errors"]
    assert errors["period_end"] == ["Enter a real date"]
    assert errors["value"] == ["Enter the value as a number"]
    assert "source" in errors
    taken = _call(
        Client(), "post", path, {"period_end": "2026-03-31", "value": "3"}, text
    )
    assert taken.status_code == 422
    assert "Correct that one instead" in taken.json()["errors"]["period_end"][0]
    good = _call(
        Client(), "post", path, {"period_end": "2026-06-30", "value": "3.5"}, text
    )
    assert good.status_code == 201
    measurement = Measurement.objects.get(pk=good.json()["id"])
    assert measurement.created_by == north["admin"]
    assert list(ApiWrite.objects.values_list("status", flat=True).order_by("pk")) == [
        422,
        422,
        201,
    ]


def test_an_asset_import_is_all_or_nothing(two: Any) -> None:
    north, _south = two
    text = _token(north, Scope.IMPORT)
    csv = "name,kind,holder_type\nHall,place,community\n,nonsense,community\n"
    response = _call(Client(), "post", "/api/v1/team/assets/import", {"csv": csv}, text)
    assert response.status_code == 422
    assert "line 3" in response.json()["errors"]
    from assets.models import Asset

    assert not Asset.objects.exists()


# ------------------------------------------- paging, ETags, rate limit


def test_lists_are_paged_with_a_maximum(two: Any) -> None:
    response = Client().get("/api/v1/organisations?limit=1")
    body = response.json()
    assert body["count"] == 2 and len(body["items"]) == 1
    assert Client().get("/api/v1/organisations?limit=101").status_code == 422
    assert Client().get("/api/v1/organisations?offset=99999999999").status_code == 422


def test_answers_carry_etags_and_honour_if_none_match(two: Any) -> None:
    first = Client().get("/api/v1/organisations")
    etag = first["ETag"]
    assert etag
    again = Client().get("/api/v1/organisations", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_filters_narrow_measurements(two: Any) -> None:
    north, _south = two
    text = _token(north, Scope.READ)
    url = "/api/v1/team/measurements?period_from=2026-04-01"
    assert Client().get(url, **_bearer(text)).json()["count"] == 0
    url = "/api/v1/team/measurements?period_to=2026-04-01"
    assert Client().get(url, **_bearer(text)).json()["count"] == 1


def test_public_calls_are_rate_limited_per_address(two: Any, settings: Any) -> None:
    """Past the limit a client gets 429 in JSON; another address does not."""
    settings.API_PUBLIC_RATE = "3/m"
    client = Client(REMOTE_ADDR="198.51.100.7")
    statuses = [client.get("/api/v1/organisations").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get("/api/v1/organisations").json()["detail"]
    other = Client(REMOTE_ADDR="198.51.100.8")
    assert other.get("/api/v1/organisations").status_code == 200


def test_a_nul_in_an_api_address_gets_json(db: None) -> None:
    """The edge's refusal of NUL answers the API in JSON, as its description says."""
    response = Client().get("/api/v1/organisations/a%00b")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_lists_cost_the_same_queries_with_more_rows(two: Any) -> None:
    """A page of measurements costs a fixed number of queries, however many."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from outcomes.services import measurement_record

    north, _south = two
    text = _token(north, Scope.READ)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = Client().get("/api/v1/team/measurements", **_bearer(text))
        assert response.status_code == 200
        return len(captured)

    queries()  # the token's first use notes when it was used: one more write
    few = queries()
    for month in range(1, 13):
        measurement_record(
            indicator=north["indicator"],
            by=north["admin"],
            period_end=datetime.date(2024, month, 28),
            value=month,
            source="routine",
        )
    assert queries() == few
