"""The URL inventory covers every URL pattern, and what it records about each role
holds: crawls built on it see the whole site."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tests import inventory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    call_command("seed_demo", stdout=io.StringIO())


def test_every_url_pattern_is_filled_or_listed_unreachable(demo: None) -> None:
    """Each URL pattern is filled from the demo data or listed in UNREACHABLE with a
    reason, never both, and the list names only patterns that exist."""
    names = {route.name for route in inventory.routes()}
    filled = {entry.name for entry in inventory.entries()}
    assert names - filled - set(inventory.UNREACHABLE) == set(), (
        "fill these from the demo (inventory.SOURCES) or list them in UNREACHABLE"
    )
    assert filled & set(inventory.UNREACHABLE) == set(), (
        "these can be filled now: take them off UNREACHABLE"
    )
    assert set(inventory.UNREACHABLE) <= names
    assert all(reason.strip() for reason in inventory.UNREACHABLE.values())


def test_inventory_is_the_resolver_less_the_admin_site(demo: None) -> None:
    """Every named pattern outside Django's admin is in the inventory, allauth's
    sign-in, sign-up, code and password-reset pages included."""
    names = {route.name for route in inventory.routes()}
    assert not any(name.startswith("admin:") for name in names)
    assert {
        "account_login",
        "account_signup",
        "account_request_login_code",
        "account_confirm_login_code",
        "account_reset_password",
        "account_reset_password_from_key",
    } <= names
    assert len(names) > 200


def test_outer_kwargs_follow_from_inner_ones(demo: None) -> None:
    """An indicator's framework and outcome are its own; a cost's cycle is its
    own; a ballot option's ballot is its own."""
    from outcomes.models import CycleCost, Indicator
    from surveys.models import Ballot, BallotOption

    kwargs = inventory.fill(inventory.route("outcomes:indicator_edit"))
    assert kwargs is not None
    indicator = Indicator.objects.get(pk=kwargs["indicator_pk"])
    assert indicator.outcome_id == kwargs["outcome_pk"]
    assert indicator.outcome.framework_id == kwargs["pk"]
    kwargs = inventory.fill(inventory.route("outcomes:cost_remove"))
    assert kwargs is not None
    assert CycleCost.objects.get(pk=kwargs["cost_pk"]).cycle_id == kwargs["cycle_pk"]
    kwargs = inventory.fill(inventory.route("surveys:option_edit"))
    assert kwargs is not None
    option = BallotOption.objects.get(pk=kwargs["option_pk"])
    assert option.ballot_id == kwargs["pk"]
    assert Ballot.objects.filter(pk=kwargs["pk"]).exists()


def test_other_organisation_fills_with_its_own_ids(demo: None) -> None:
    """Filling for Surrey gives Surrey's rows, so crawls can send another
    organisation's ids."""
    from cycles.models import Cycle

    route = inventory.route("cycles:detail")
    lambeth = inventory.fill(route)
    surrey = inventory.fill(route, inventory.other_organisation())
    assert lambeth is not None and surrey is not None
    assert surrey["org_slug"] == "surrey-demo"
    assert Cycle.objects.get(pk=surrey["pk"]).organisation.slug == "surrey-demo"
    assert lambeth["pk"] != surrey["pk"]


def test_query_parameters_are_read_from_the_views(demo: None) -> None:
    """Every query parameter our code reads is attributed to some URL, and the
    filter forms bound to the query string bring their fields."""
    attributed = set().union(*(route.query_params for route in inventory.routes()))
    assert inventory.project_query_keys() <= attributed
    assert {"cycle", "step", "activity", "corrects", "entry", "question", "again"} <= (
        attributed
    )
    assert {"q", "phase", "service_area", "status"} <= inventory.route(
        "cycles:list"
    ).query_params


def test_probe_records_what_each_role_gets(demo: None) -> None:
    """Opening every URL as every role answers without a server error; public
    pages are open to all; the team's pages shut out anonymous people, platform
    staff and members of another organisation; forms are found with their fields."""
    found = {entry.name: entry for entry in inventory.build()}
    errors = [
        (entry.url, role, status)
        for entry in found.values()
        for role, status in entry.status.items()
        if status >= 500
    ]
    assert errors == []
    for role in inventory.ROLES:
        assert found["landing"].visible_to(role)
        assert found["public_decisions"].visible_to(role)
    nobody = {
        name
        for name, entry in found.items()
        if not any(entry.allowed(role) for role in inventory.ROLES)
    }
    assert nobody == set(inventory.NOBODY_GETS_IN), "wrong kwargs, or update the list"
    assert found["account_login"].visible_to("anonymous")
    assert found["cycles:list"].visible_to("commissioner")
    assert not found["cycles:list"].allowed("citizen")
    assert found["taking_part:seat"].visible_to("citizen")
    for entry in found.values():
        if entry.url.startswith("/o/"):
            for role in ("anonymous", "staff", "other_organisation"):
                assert not entry.allowed(role), (entry.url, role)
    assert {"title", "status", "lead"} <= set(found["cycles:new"].form_fields)
    assert "status" in found["cycles:activity_status"].form_fields
    assert found["cycles:activity_status"].method == "POST"


def test_every_id_in_our_urls_is_bounded() -> None:
    """Our URL patterns take ids with the <id:> converter (ASCII digits within
    bigint), never Django's unbounded <int:>."""
    ours = [r for r in inventory.routes() if inventory._is_ours(_module(r))]
    assert ours
    unbounded = [
        (r.name, kwarg)
        for r in ours
        for kwarg, converter in r.converters.items()
        if converter == "int"
    ]
    assert unbounded == []


def _module(route: inventory.Route):  # type: ignore[no-untyped-def]
    import inspect

    return inspect.getmodule(route.view)
