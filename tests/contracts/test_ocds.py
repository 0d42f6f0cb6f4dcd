"""The Open Contracting export validates against the OCDS 1.1.5 schema and its
closed codelists (copied into tests/data/ocds-1.1.5 with their licence note)."""

from __future__ import annotations

import csv
import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from contracts.models import (
    Contract,
    ContractKind,
    ContractStatus,
    RegisterScheme,
    Route,
)
from contracts.ocds import release_package
from tests.contracts.factories import make_contract, make_provider

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parent.parent / "data" / "ocds-1.1.5"


def _validator() -> Draft4Validator:
    package = json.loads((SCHEMAS / "release-package-schema.json").read_text())
    release = json.loads((SCHEMAS / "release-schema.json").read_text())
    registry = Registry().with_resource(
        release["id"], Resource.from_contents(release, default_specification=DRAFT4)
    )
    return Draft4Validator(package, registry=registry)


VALIDATOR = _validator()


def _codes(name: str) -> set[str]:
    with (SCHEMAS / "codelists" / f"{name}.csv").open() as handle:
        return {row["Code"] for row in csv.DictReader(handle)}


def _check(package: dict[str, Any]) -> None:
    errors = sorted(VALIDATOR.iter_errors(package), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
    for release in package["releases"]:
        assert set(release["tag"]) <= _codes("releaseTag")
        assert release["initiationType"] in _codes("initiationType")
        tender = release["tender"]
        assert tender["status"] in _codes("tenderStatus")
        if "procurementMethod" in tender:  # left out when the route is not known
            assert tender["procurementMethod"] in _codes("method")
        assert tender["mainProcurementCategory"] in _codes("procurementCategory")
        for party in release["parties"]:
            assert set(party["roles"]) <= _codes("partyRole")
        for award in release.get("awards", []):
            assert award["status"] in _codes("awardStatus")
        for contract in release.get("contracts", []):
            assert contract["status"] in _codes("contractStatus")
            if "value" in contract:
                assert contract["value"]["currency"] in _codes("currency")


def test_every_demo_contract_validates() -> None:
    call_command("seed_demo")
    contracts = Contract.objects.all()
    assert contracts.exists()
    for organisation in Organisation.objects.filter(
        pk__in=contracts.values("cycle__organisation")
    ):
        package = release_package(
            organisation,
            Contract.objects.of_organisation(organisation),
            "https://example.org/ocds.json",
        )
        _check(package)
    alliance = Contract.objects.get(title__startswith="Living Well alliance")
    (release,) = release_package(
        alliance.cycle.organisation,
        Contract.objects.filter(pk=alliance.pk),
        "https://example.org/ocds.json",
    )["releases"]
    assert release["ocid"] == alliance.ocid
    assert release["awards"][0]["suppliers"][0]["name"] == (
        "Integrated Personalised Support Alliance"
    )
    assert release["contracts"][0]["value"] == {"amount": 32000000.0, "currency": "GBP"}


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    status=st.sampled_from(ContractStatus.values),
    route=st.sampled_from(Route.values),
    value=st.one_of(st.none(), st.decimals(0, 10**9, places=2)),
    dated=st.booleans(),
    scheme=st.sampled_from(RegisterScheme.values),
    contact=st.booleans(),
)
def test_any_contract_validates(
    organisation: Organisation,
    status: str,
    route: str,
    value: Decimal | None,
    dated: bool,
    scheme: str,
    contact: bool,
) -> None:
    provider = make_provider(
        organisation,
        f"Provider {Contract.objects.count()}",
        register_scheme=scheme,
        register_id="12345" if scheme else "",
        contact_email="team@example.org" if contact else "",
    )
    contract = make_contract(
        organisation,
        [provider],
        status=status,
        route=Route.IN_HOUSE if route == Route.IN_HOUSE else route,
        kind=ContractKind.SLA if route == Route.IN_HOUSE else ContractKind.CONTRACT,
        value=value,
        starts_on=datetime.date(2025, 1, 1) if dated else None,
        ends_on=datetime.date(2026, 1, 1) if dated else None,
    )
    _check(
        release_package(
            organisation, Contract.objects.filter(pk=contract.pk), "https://x.org/p"
        )
    )


def test_the_download_is_for_the_team(
    organisation: Organisation, people: dict[str, User]
) -> None:
    contract = make_contract(organisation)
    client = Client()
    client.force_login(people["commissioner"])
    one = client.get(f"/o/{organisation.slug}/contracts/{contract.pk}/ocds.json")
    assert one.status_code == 200
    assert "attachment" in one["Content-Disposition"]
    _check(json.loads(one.content))
    every = client.get(f"/o/{organisation.slug}/contracts/ocds.json")
    _check(json.loads(every.content))
    for role in ("citizen", "provider", "outsider"):
        client.force_login(people[role])
        assert client.get(
            f"/o/{organisation.slug}/contracts/ocds.json"
        ).status_code in {403, 404}


def test_the_schema_check_catches_a_broken_release(organisation: Organisation) -> None:
    """The validator really reads the release schema through its $ref."""
    package = release_package(
        organisation, Contract.objects.filter(pk=make_contract(organisation).pk), "u"
    )
    broken = json.loads(json.dumps(package))
    del broken["releases"][0]["ocid"]
    broken["releases"][0]["tender"]["value"]["amount"] = "lots"
    messages = [e.message for e in VALIDATOR.iter_errors(broken)]
    assert any("'ocid' is a required property" in m for m in messages)
    assert any("'lots' is not of type" in m for m in messages)


def test_a_tender_with_bids_validates(organisation: Organisation) -> None:
    from contracts.models import Bid, Criterion
    from contracts.tender import bid_add, criterion_add, tender_start

    contract = make_contract(organisation, status=ContractStatus.TENDERING)
    tender = tender_start(contract=contract, panel=None)
    criterion_add(criterion=Criterion(tender=tender, name="Quality", weight=70))
    criterion_add(criterion=Criterion(tender=tender, name="Price", weight=30))
    for name in ("Bidder One", "Bidder Two"):
        bid_add(bid=Bid(tender=tender, provider=make_provider(organisation, name)))
    package = release_package(
        organisation, Contract.objects.filter(pk=contract.pk), "https://x.org/p"
    )
    _check(package)
    (release,) = package["releases"]
    assert release["tender"]["numberOfTenderers"] == 2
    assert release["tender"]["awardCriteriaDetails"] == "Quality 70%; Price 30%"
    assert release["tender"]["awardCriteria"] in _codes("awardCriteria")
    assert {"tenderer"} in [set(p["roles"]) for p in release["parties"]]


def test_a_contract_let_by_an_unknown_route_is_recorded_and_published(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """Contracts recorded years after they were let may not say how: "Not known"
    is a choice on the form, shows on the contract, and the OCDS release leaves
    the method out (OCDS has no code for it) and still validates."""
    contract = make_contract(organisation)
    client = Client()
    client.force_login(people["commissioner"])
    form = client.get(f"/o/{organisation.slug}/contracts/new/").content.decode()
    assert 'value="not_known"' in form
    assert "Not known" in form
    Contract.objects.filter(pk=contract.pk).update(route=Route.NOT_KNOWN)
    assert "Not known" in client.get(contract.get_absolute_url()).content.decode()
    download = client.get(f"/o/{organisation.slug}/contracts/{contract.pk}/ocds.json")
    package = json.loads(download.content)
    _check(package)
    (release,) = package["releases"]
    assert "procurementMethod" not in release["tender"]
    assert release["tender"]["procurementMethodDetails"] == "Not known"
