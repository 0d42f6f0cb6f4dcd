"""The Open Contracting export validates against the OCDS 1.1.5 schema and its
closed codelists (copied into tests/data/ocds-1.1.5 with their licence note), with
jsonschema and with libcoveocds (the checks behind the OCDS Data Review Tool), and
compiles into records with ocdskit.

libcoveocds fetches the standard from GitHub unless it is given a copy: the tests
give it the same schema files as a ZIP of the standard (``standard_zip`` takes the
bytes of one), so it runs offline. The copy has no versioned-release schema (only
record packages use it), so a stub stands in for it."""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core import checks
from django.core.management import call_command
from django.test import Client, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft4Validator
from libcoveocds.api import ocds_json_output
from libcoveocds.config import LibCoveOCDSConfig
from ocdskit.combine import merge
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


def _standard_zip() -> bytes:
    """The schema files laid out as the standard's repository ZIP."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("standard-1__1__5/", "")
        for path in sorted(SCHEMAS.rglob("*")):
            if path.suffix in {".json", ".csv"}:
                name = path.relative_to(SCHEMAS).as_posix()
                archive.writestr(f"standard-1__1__5/schema/{name}", path.read_text())
        archive.writestr(
            "standard-1__1__5/schema/versioned-release-validation-schema.json",
            json.dumps({"$schema": "http://json-schema.org/draft-04/schema#"}),
        )
    return buffer.getvalue()


COVE_CONFIG = {"standard_zip": _standard_zip(), "context": "api"}

#: What libcoveocds reports beyond schema errors. None is expected: each would be
#: a field outside the standard, a deprecated one, a code outside a codelist, or a
#: quality warning (an empty field, a party referred to but not listed...).
COVE_WARNINGS = (
    "additional_fields",
    "deprecated_fields",
    "additional_closed_codelist_values",
    "additional_open_codelist_values",
    "additional_checks",
)


def _cove(package: dict[str, Any]) -> dict[str, Any]:
    return ocds_json_output(
        json_data=json.loads(json.dumps(package)),
        lib_cove_ocds_config=LibCoveOCDSConfig(COVE_CONFIG),
        schema_version="1.1",
    )


def _codes(name: str) -> set[str]:
    with (SCHEMAS / "codelists" / f"{name}.csv").open() as handle:
        return {row["Code"] for row in csv.DictReader(handle)}


def _check(package: dict[str, Any]) -> None:
    errors = sorted(VALIDATOR.iter_errors(package), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
    review = _cove(package)
    assert review["validation_errors"] == [], review["validation_errors"]
    warnings = {key: review[key] for key in COVE_WARNINGS if review.get(key)}
    assert not warnings, json.dumps(warnings, indent=1, default=str)
    ids = [(r["ocid"], r["id"]) for r in package["releases"]]
    assert len(ids) == len(set(ids))
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
    package = release_package(
        organisation, Contract.objects.filter(pk=contract.pk), "https://x.org/p"
    )
    if route in {Route.IN_HOUSE, Route.GRANT}:
        assert package["releases"] == []  # not procurement: not published
    else:
        _check(package)


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


def _release(contract: Contract) -> dict[str, Any]:
    (release,) = release_package(
        contract.cycle.organisation,
        Contract.objects.filter(pk=contract.pk),
        "https://x.org/p",
    )["releases"]
    return release


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    first=st.decimals(0, 10**9, places=2),
    second=st.decimals(0, 10**9, places=2),
    title=st.text(
        st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]),
        min_size=1,
        max_size=40,
    ).filter(str.strip),
)
def test_two_edits_in_the_same_second_get_two_release_ids(
    organisation: Organisation, first: Decimal, second: Decimal, title: str
) -> None:
    """Two different states of one contract saved at the same instant are two
    releases with two ids; the same state keeps its id."""
    with time_machine.travel(
        datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC), tick=False
    ):
        contract = make_contract(organisation, value=first)
        before = _release(contract)
        assert _release(contract)["id"] == before["id"]
        contract.value, contract.title = second, title.strip()
        contract.save()
        after = _release(contract)
    assert before["date"] == after["date"]
    if (first, "Community support") != (second, title.strip()):
        assert before["id"] != after["id"]
    assert before["id"].startswith(f"{contract.ocid}-")


def test_ocdskit_compiles_the_releases_into_a_record_with_the_latest_values(
    organisation: Organisation,
) -> None:
    """Releases published after each change merge (ocdskit, with the 1.1.5
    schema) into a compiled release that holds the latest values."""
    schema = json.loads((SCHEMAS / "release-schema.json").read_text())
    contract = make_contract(
        organisation, status=ContractStatus.TENDERING, value=Decimal("100")
    )
    packages = [
        release_package(organisation, Contract.objects.all(), "https://x.org/p")
    ]
    contract.status = ContractStatus.ACTIVE
    contract.value = Decimal("250")
    contract.signed_on = datetime.date(2026, 6, 1)
    contract.save()
    packages.append(
        release_package(organisation, Contract.objects.all(), "https://x.org/p")
    )
    for package in packages:
        _check(package)
    (record_package,) = merge(packages, return_package=True, schema=schema)
    (record,) = record_package["records"]
    assert len(record["releases"]) == 2
    compiled = record["compiledRelease"]
    assert compiled["ocid"] == contract.ocid
    assert compiled["tender"]["value"]["amount"] == 250.0
    assert compiled["contracts"][0]["dateSigned"] == "2026-06-01T00:00:00+01:00"
    assert compiled["tender"]["status"] == "complete"
    assert set(compiled["tag"]) == {"compiled"}


def test_the_winner_is_a_tenderer_and_nobody_is_a_supplier_before_the_award(
    organisation: Organisation,
) -> None:
    """Before the award no provider is listed as supplier; after it, the winner
    is tenderer and supplier, and the tag names the sections present."""
    winner = make_provider(organisation, "Winner Ltd")
    contract = make_contract(organisation, [winner], status=ContractStatus.PLANNED)
    release = _release(contract)
    assert release["tag"] == ["tender"]
    assert "awards" not in release and "contracts" not in release
    assert all("supplier" not in p["roles"] for p in release["parties"])
    Contract.objects.filter(pk=contract.pk).update(status=ContractStatus.ACTIVE)
    release = _release(Contract.objects.get(pk=contract.pk))
    assert release["tag"] == ["tender", "award", "contract"]
    (party,) = [p for p in release["parties"] if p["name"] == "Winner Ltd"]
    assert {"tenderer", "supplier"} <= set(party["roles"])
    assert release["tender"]["tenderers"] == [{"id": party["id"], "name": "Winner Ltd"}]
    Contract.objects.filter(pk=contract.pk).update(status=ContractStatus.TERMINATED)
    release = _release(Contract.objects.get(pk=contract.pk))
    assert release["tag"] == ["tender", "award", "contract", "contractTermination"]


def test_award_and_signature_dates_come_from_the_form_and_periods_end_at_night(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """The dates typed on the contract form are the award's date and the
    contract's dateSigned; a period ends at the end of its last day, London time."""
    contract = make_contract(organisation)
    client = Client()
    client.force_login(people["commissioner"])
    url = f"/o/{organisation.slug}/contracts/{contract.pk}/edit/"
    form = {
        "cycle": contract.cycle_id,
        "title": contract.title,
        "kind": "contract",
        "providers": [p.pk for p in contract.providers.all()],
        "route": "open",
        "status": "active",
        "value": "250000",
        "starts_on": "2025-04-01",
        "ends_on": "2026-03-31",
        "awarded_on": "2025-01-10",
        "signed_on": "2025-02-14",
    }
    assert client.post(url, {**form, "signed_on": "2025-02-31"}).status_code == 400
    assert client.post(url, form).status_code == 302
    package = json.loads(
        client.get(f"/o/{organisation.slug}/contracts/{contract.pk}/ocds.json").content
    )
    _check(package)
    (release,) = package["releases"]
    assert release["awards"][0]["date"] == "2025-01-10T00:00:00+00:00"
    assert release["contracts"][0]["dateSigned"] == "2025-02-14T00:00:00+00:00"
    period = release["contracts"][0]["period"]
    assert period["startDate"] == "2025-04-01T00:00:00+01:00"
    assert period["endDate"] == "2026-03-31T23:59:59+01:00"
    assert release["awards"][0]["contractPeriod"] == period
    page = client.get(contract.get_absolute_url()).content.decode()
    assert "Awarded 10 January 2025, signed 14 February 2025" in " ".join(page.split())


@pytest.mark.parametrize(
    ("kind", "route"),
    [
        (ContractKind.SLA, Route.IN_HOUSE),
        (ContractKind.CONTRACT, Route.GRANT),
    ],
)
def test_grants_and_in_house_agreements_are_not_published(
    organisation: Organisation, people: dict[str, User], kind: str, route: str
) -> None:
    """OCDS describes procurement: grants and in-house agreements are left out of
    every package, and have no download of their own."""
    procured = make_contract(organisation)
    other = make_contract(organisation, kind=kind, route=route)
    client = Client()
    client.force_login(people["commissioner"])
    base = f"/o/{organisation.slug}/contracts/"
    package = json.loads(client.get(f"{base}ocds.json").content)
    assert [r["ocid"] for r in package["releases"]] == [procured.ocid]
    assert client.get(f"{base}{other.pk}/ocds.json").status_code == 404
    assert (
        f"{other.pk}/ocds.json" not in client.get(f"{base}{other.pk}/").content.decode()
    )


def test_the_package_uri_is_public_and_serves_the_public_cycles_contracts(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """The package's uri opens without signing in and holds the contracts of
    public cycles only."""
    from cycles.models import Visibility
    from tests.cycles.factories import CycleFactory

    public = make_contract(
        organisation,
        cycle=CycleFactory(organisation=organisation, visibility=Visibility.PUBLIC),
    )
    private = make_contract(
        organisation,
        cycle=CycleFactory(organisation=organisation, visibility=Visibility.PRIVATE),
    )
    client = Client()
    client.force_login(people["commissioner"])
    team = json.loads(client.get(f"/o/{organisation.slug}/contracts/ocds.json").content)
    assert {r["ocid"] for r in team["releases"]} == {public.ocid, private.ocid}
    uri = team["uri"]
    assert uri == f"http://testserver/public/{organisation.slug}/contracts/ocds.json"
    anyone = Client().get(uri)
    assert anyone.status_code == 200
    package = json.loads(anyone.content)
    _check(package)
    assert package["uri"] == uri
    assert [r["ocid"] for r in package["releases"]] == [public.ocid]
    Contract.objects.filter(pk=public.pk).update(route=Route.GRANT)
    assert Client().get(uri).status_code == 404  # nothing to publish


def _deploy_errors() -> list[str]:
    return [
        m.id or ""
        for m in checks.run_checks(include_deployment_checks=True)
        if m.id and m.id.startswith("contracts.")
    ]


def test_a_missing_ocid_prefix_fails_the_deployment_check() -> None:
    """``check --deploy`` fails while the OCID prefix is the placeholder or not a
    prefix at all, and passes with a registered one."""
    with override_settings(OCDS_OCID_PREFIX="ocds-cocomm"):
        assert _deploy_errors() == ["contracts.E001"]
    with override_settings(OCDS_OCID_PREFIX=""):
        assert _deploy_errors() == ["contracts.E001"]
    with override_settings(OCDS_OCID_PREFIX="my-council"):
        assert _deploy_errors() == ["contracts.E002"]
    with override_settings(OCDS_OCID_PREFIX="ocds-213czf"):
        assert _deploy_errors() == []
    assert "contracts.E001" not in [
        m.id for m in checks.run_checks(include_deployment_checks=False)
    ]
