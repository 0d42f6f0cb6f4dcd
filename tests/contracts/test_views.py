"""Providers and contracts: who sees what, forms, versions and query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from contracts.models import Contract, Provider, Sector, Specification
from tests.contracts.factories import make_contract, make_provider
from tests.cycles.factories import CycleFactory

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_team_sees_every_contract_and_a_representative_only_theirs(
    organisation: Organisation,
    other_organisation: Organisation,
    people: dict[str, User],
    make_member: Any,
) -> None:
    partner = make_provider(
        organisation, "Peer Pathways", representatives=[people["provider"].email]
    )
    alliance = make_provider(
        organisation, "Support Alliance", sector=Sector.ALLIANCE, members=[partner]
    )
    theirs = make_contract(organisation, [alliance], title="Alliance contract")
    direct = make_contract(organisation, [partner], title="Peer support contract")
    other = make_contract(organisation, title="Unrelated contract")
    elsewhere = make_contract(other_organisation, title="Southvale contract")
    url = f"/o/{organisation.slug}/contracts/"

    for role in ("admin", "commissioner", "decision_maker"):
        page = _client(people[role]).get(url).content.decode()
        assert all(c.title in page for c in (theirs, direct, other))
        assert elsewhere.title not in page

    rep = _client(people["provider"])
    page = rep.get(url).content.decode()
    assert theirs.title in page and direct.title in page
    assert other.title not in page
    assert rep.get(theirs.get_absolute_url()).status_code == 200
    assert rep.get(other.get_absolute_url()).status_code == 404
    # Representatives read; they do not change contracts or see the register.
    assert rep.get(f"{url}{theirs.pk}/edit/").status_code in {403, 404}
    assert rep.get(f"{url}providers/").status_code == 403
    assert (
        "Contract settings" not in rep.get(theirs.get_absolute_url()).content.decode()
    )

    citizen = _client(people["citizen"])
    # A citizen without a monitoring seat sees an empty list and no contract.
    listing = citizen.get(url).content.decode()
    assert not any(c.title in listing for c in (theirs, direct, other))
    assert citizen.get(theirs.get_absolute_url()).status_code == 404
    stranger = _client(make_member("commissioner", other_organisation))
    assert stranger.get(url).status_code == 404
    assert stranger.get(theirs.get_absolute_url()).status_code == 404
    assert _client(people["outsider"]).get(url).status_code == 404


def test_a_contract_is_made_with_clear_errors_and_nothing_lost(
    organisation: Organisation,
    other_organisation: Organisation,
    people: dict[str, User],
) -> None:
    cycle = CycleFactory(organisation=organisation)
    provider = make_provider(organisation, "Brixton Recovery Trust")
    foreign = make_provider(other_organisation, "Elsewhere Ltd")
    client = _client(people["commissioner"])
    url = f"/o/{organisation.slug}/contracts/new/"
    assert "Brixton Recovery Trust" in client.get(url).content.decode()
    assert "Elsewhere Ltd" not in client.get(url).content.decode()

    bad = client.post(
        url,
        {
            "cycle": cycle.pk,
            "title": "Recovery college",
            "kind": "sla",
            "providers": [provider.pk],
            "route": "open",
            "status": "active",
            "value": "lots",
            "starts_on": "2026-04-01",
            "ends_on": "2025-04-01",
        },
    )
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "Enter the value in pounds" in text
    assert 'value="Recovery college"' in text
    form = {
        "cycle": cycle.pk,
        "title": "Recovery college",
        "kind": "sla",
        "providers": [provider.pk],
        "route": "open",
        "status": "active",
        "value": "120000",
        "starts_on": "2026-04-01",
        "ends_on": "2025-04-01",
    }
    wrong_route = client.post(url, form).content.decode()
    assert "An in-house agreement is not procured" in wrong_route
    form["route"] = "in_house"
    assert (
        "The end must be on or after the start"
        in client.post(url, form).content.decode()
    )
    form["ends_on"] = "2029-03-31"
    assert client.post(url, {**form, "providers": [foreign.pk]}).status_code == 400
    done = client.post(url, form)
    assert done.status_code == 302
    contract = Contract.objects.get()
    assert list(contract.providers.all()) == [provider]


def test_specifications_are_versioned_not_edited(
    organisation: Organisation, people: dict[str, User]
) -> None:
    contract = make_contract(organisation)
    client = _client(people["commissioner"])
    url = f"/o/{organisation.slug}/contracts/{contract.pk}/specification/new/"
    missing = client.post(url, {"text": ""})
    assert missing.status_code == 400
    assert "Enter the specification" in missing.content.decode()
    client.post(url, {"text": "Version one", "agreed_on": "2025-03-01"})
    second = client.get(url).content.decode()
    assert "Version one" in second  # the next version starts from the last
    client.post(
        url,
        {"text": "Version two", "agreed_on": "2025-09-01", "agreement_note": "Panel"},
    )
    assert list(
        Specification.objects.order_by("version").values_list("version", "text")
    ) == [(1, "Version one"), (2, "Version two")]
    page = client.get(contract.get_absolute_url()).content.decode()
    assert "Version 2, agreed 1 September 2025" in page
    assert "Earlier versions" in page


def test_providers_are_added_with_partners_and_representatives(
    organisation: Organisation, people: dict[str, User]
) -> None:
    one = make_provider(organisation, "Peer Pathways")
    two = make_provider(organisation, "South Thames NHS Trust", sector=Sector.PUBLIC)
    client = _client(people["commissioner"])
    url = f"/o/{organisation.slug}/contracts/providers/new/"
    form = {
        "name": "Support Alliance",
        "sector": "third",
        "members": [one.pk, two.pk],
        "representatives_text": "nobody@example.org",
    }
    problem = client.post(url, form).content.decode()
    assert "Only a partnership or alliance has partners" in problem
    form["sector"] = "alliance"
    problem = client.post(url, form).content.decode()
    assert "nobody@example.org is not a provider representative" in problem
    assert "Support Alliance" in problem
    form["representatives_text"] = people["provider"].email
    assert client.post(url, form).status_code == 302
    alliance = Provider.objects.get(name="Support Alliance")
    assert set(alliance.members.all()) == {one, two}
    assert list(alliance.representatives.all()) == [people["provider"]]
    page = client.get(alliance.get_absolute_url()).content.decode()
    assert "Peer Pathways" in page and people["provider"].email in page
    listing = client.get(f"/o/{organisation.slug}/contracts/providers/", {"q": "alli"})
    assert "Support Alliance" in listing.content.decode()
    assert "Peer Pathways" not in listing.content.decode().split("Partners:")[0]


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_lists_and_pages_take_the_same_queries_at_any_size(
    organisation: Organisation, people: dict[str, User]
) -> None:
    client = _client(people["commissioner"])
    contracts = f"/o/{organisation.slug}/contracts/"
    providers = f"/o/{organisation.slug}/contracts/providers/"
    first = make_contract(organisation)
    client.get(contracts)
    few = (_queries(client, contracts), _queries(client, providers))
    for number in range(20):
        partner = make_provider(organisation, f"Partner {number}")
        make_contract(
            organisation,
            [partner, make_provider(organisation, f"Other {number}")],
        )
    many = (_queries(client, contracts), _queries(client, providers))
    assert few == many
    detail = first.get_absolute_url()
    before = _queries(client, detail)
    first.providers.add(*Provider.objects.all()[:10])
    assert _queries(client, detail) == before
