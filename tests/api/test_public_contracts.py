"""The public contracts in the API are exactly those of the organisation's public
Open Contracting package, with the same releases: compared on generated mixes of
public and private cycles, procurement, grants and in-house agreements, read page
by page as a client would. The public page links the package."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocommission.organisations.models import Organisation
from contracts.models import ContractKind, ContractStatus, Route
from cycles.models import Visibility
from tests.contracts.factories import make_contract, make_provider
from tests.cycles.factories import CycleFactory

pytestmark = pytest.mark.django_db


def _all_pages(client: Client, url: str, limit: int) -> list[dict[str, Any]]:
    """Every item of a list, read ``limit`` at a time."""
    items: list[dict[str, Any]] = []
    while True:
        glue = "&" if "?" in url else "?"
        page = client.get(f"{url}{glue}limit={limit}&offset={len(items)}")
        assert page.status_code == 200, page.content
        body = page.json()
        items += body["items"]
        if not body["items"] or len(items) >= body["count"]:
            assert len(items) == body["count"]
            return items


def _package(client: Client, slug: str) -> dict[str, Any]:
    response = client.get(f"/public/{slug}/contracts/ocds.json")
    if response.status_code == 404:
        return {"releases": []}
    assert response.status_code == 200
    return dict(json.loads(response.content))


_CONTRACTS = st.lists(
    st.tuples(
        st.booleans(),  # in a public cycle
        st.sampled_from(
            [
                (ContractKind.CONTRACT, Route.OPEN),
                (ContractKind.CONTRACT, Route.DIRECT),
                (ContractKind.CONTRACT, Route.NOT_KNOWN),
                (ContractKind.CONTRACT, Route.GRANT),
                (ContractKind.SLA, Route.IN_HOUSE),
                (ContractKind.CONTRACT, Route.FRAMEWORK),
            ]
        ),
        st.sampled_from(ContractStatus.values),
    ),
    max_size=6,
)


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(contracts=_CONTRACTS, limit=st.integers(1, 3))
def test_the_api_lists_exactly_the_public_packages_contracts(
    organisation: Organisation,
    other_organisation: Organisation,
    contracts: list[Any],
    limit: int,
) -> None:
    """For any mix, the API's contracts (every page) are the package's, each
    with the package's very release, and each opens by its OCID; another
    organisation's contracts are in neither."""
    with transaction.atomic():
        cycles = {
            visibility: CycleFactory(organisation=organisation, visibility=visibility)
            for visibility in Visibility.values
        }
        provider = make_provider(organisation, "Provider Ltd")
        for public, (kind, route), status in contracts:
            make_contract(
                organisation,
                [provider],
                cycle=cycles[Visibility.PUBLIC if public else Visibility.PRIVATE],
                kind=kind,
                route=route,
                status=status,
            )
        theirs = make_contract(
            other_organisation,
            cycle=CycleFactory(
                organisation=other_organisation, visibility=Visibility.PUBLIC
            ),
        )
        client = Client()
        base = f"/api/v1/organisations/{organisation.slug}/contracts"
        listed = _all_pages(client, base, limit)
        package = _package(client, organisation.slug)
        releases = {r["ocid"]: r for r in package["releases"]}
        assert [c["ocid"] for c in listed] == sorted(
            releases, key=lambda ocid: int(ocid.rsplit("-", 1)[1])
        )
        for item in listed:
            assert item["release"] == releases[item["ocid"]]
            assert item["package_url"].endswith(
                f"/public/{organisation.slug}/contracts/ocds.json"
            )
            one = client.get(f"{base}/{item['ocid']}")
            assert one.status_code == 200
            assert one.json() == item
        assert theirs.ocid not in json.dumps(listed)
        assert client.get(f"{base}/{theirs.ocid}").status_code == 404
        for status in ContractStatus.values:
            narrowed = _all_pages(client, f"{base}?status={status}", 100)
            assert [c["ocid"] for c in narrowed] == [
                c["ocid"] for c in listed if c["status"] == status
            ]
        private = cycles[Visibility.PRIVATE].pk
        assert client.get(f"{base}?cycle={private}").json()["count"] == 0
        transaction.set_rollback(True)


def test_contracts_outside_the_package_are_404_by_ocid(
    organisation: Organisation, other_organisation: Organisation
) -> None:
    """A private cycle's contract, a grant, another site's or organisation's
    OCID, and OCIDs that are not ours at all, are 404."""
    public = CycleFactory(organisation=organisation, visibility=Visibility.PUBLIC)
    shown = make_contract(
        organisation, [make_provider(organisation, "Supplier 1 Ltd")], cycle=public
    )
    private = make_contract(organisation)
    grant = make_contract(
        organisation,
        [make_provider(organisation, "Supplier 2 Ltd")],
        cycle=public,
        route=Route.GRANT,
    )
    base = f"/api/v1/organisations/{organisation.slug}/contracts"
    client = Client()
    assert client.get(f"{base}/{shown.ocid}").status_code == 200
    prefix = shown.ocid.rsplit("-", 1)[0]
    for ocid in (
        private.ocid,
        grant.ocid,
        f"ocds-other1-{shown.pk}",
        f"{prefix}-0{shown.pk}",
        f"{prefix}-{shown.pk}x",
        f"{prefix}-{'9' * 30}",
        f"{prefix}-{shown.pk}-1",
        str(shown.pk),
    ):
        response = client.get(f"{base}/{ocid}")
        assert response.status_code == 404, ocid
        assert response.json()["detail"]
    other = f"/api/v1/organisations/{other_organisation.slug}/contracts"
    assert client.get(f"{other}/{shown.ocid}").status_code == 404
    assert client.get(other).json()["count"] == 0


def test_the_contracts_list_has_etags(organisation: Organisation) -> None:
    make_contract(
        organisation,
        [make_provider(organisation, "Supplier 3 Ltd")],
        cycle=CycleFactory(organisation=organisation, visibility=Visibility.PUBLIC),
    )
    url = f"/api/v1/organisations/{organisation.slug}/contracts"
    first = Client().get(url)
    assert first.json()["count"] == 1
    again = Client().get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_the_public_page_links_the_package_when_it_holds_a_contract(
    organisation: Organisation,
) -> None:
    """No link while the package would be empty (it is then a 404); once a public
    cycle has a procured contract, the link is there and opens without sign-in."""
    page = f"/public/{organisation.slug}/"
    link = f'href="/public/{organisation.slug}/contracts/ocds.json"'
    public = CycleFactory(organisation=organisation, visibility=Visibility.PUBLIC)
    make_contract(
        organisation,
        [make_provider(organisation, "Supplier 4 Ltd")],
        cycle=public,
        route=Route.GRANT,
    )
    make_contract(organisation)  # in a private cycle
    assert link not in Client().get(page).content.decode()
    make_contract(
        organisation, [make_provider(organisation, "Supplier 5 Ltd")], cycle=public
    )
    assert link in Client().get(page).content.decode()
    package = Client().get(f"/public/{organisation.slug}/contracts/ocds.json")
    assert package.status_code == 200
    assert len(json.loads(package.content)["releases"]) == 1
