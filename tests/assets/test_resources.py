from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from assets.models import Pledge, ResourceLine
from assets.resources import cycle_resources
from assets.views import CYCLES_PER_PAGE
from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from cycles.models import Cycle
from tests.cycles.factories import CycleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(organisation: Organisation, people: dict[str, User]) -> Cycle:
    return CycleFactory(organisation=organisation, by=people["commissioner"])


def test_picture_values_active_pledged_time_at_the_hourly_rate(
    cycle: Cycle, people: dict[str, User]
) -> None:
    """Active and matched pledges count at hours a month x 12 x the rate; offered
    and ended ones do not; the community share includes that time."""
    organisation = cycle.organisation
    organisation.volunteer_hourly_rate = Decimal(10)
    organisation.save()
    ResourceLine.objects.create(
        cycle=cycle, source="public_budget", label="Grant", amount=Decimal(9000)
    )
    ResourceLine.objects.create(
        cycle=cycle, source="crowdfunding", label="Appeal", amount=Decimal(600)
    )
    for status, hours in (
        ("active", 5),
        ("matched", 5),
        ("offered", 50),
        ("ended", 50),
    ):
        Pledge.objects.create(
            organisation=organisation,
            cycle=cycle,
            pledger=people["citizen"],
            offer="x",
            hours_per_month=Decimal(hours),
            status=status,
        )
    picture = cycle_resources(cycle)
    assert picture.volunteer_hours_a_year == Decimal(120)
    assert picture.volunteer_value == Decimal(1200)
    assert (picture.public_total, picture.community_total) == (
        Decimal(9000),
        Decimal(1800),
    )
    assert picture.community_share == "17"


def test_an_empty_picture_has_no_share(cycle: Cycle) -> None:
    """With nothing recorded there is no percentage to show, and no error."""
    assert cycle_resources(cycle).community_share is None


@pytest.mark.parametrize(
    ("role", "read", "add"),
    [
        ("admin", 200, 302),
        ("commissioner", 200, 302),
        ("decision_maker", 200, 403),
        ("citizen", 404, 404),
        ("outsider", 404, 404),
    ],
)
def test_resources_truth_table(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    cycle: Cycle,
    role: str,
    read: int,
    add: int,
) -> None:
    """The team reads the resources; admins and commissioners add money lines."""
    client.force_login(people[role])
    url = reverse(
        "assets:cycle_resources",
        kwargs={"org_slug": organisation.slug, "cycle_pk": cycle.pk},
    )
    assert client.get(url).status_code == read
    response = client.post(
        url, {"source": "fees", "label": "Lunch club fees", "amount": "300"}
    )
    assert response.status_code == add


def test_a_negative_amount_is_refused(
    client: Client, people: dict[str, User], organisation: Organisation, cycle: Cycle
) -> None:
    """Money lines cannot be negative; the label typed stays."""
    client.force_login(people["commissioner"])
    url = reverse(
        "assets:cycle_resources",
        kwargs={"org_slug": organisation.slug, "cycle_pk": cycle.pk},
    )
    response = client.post(
        url, {"source": "fees", "label": "Lunch club fees", "amount": "-3"}
    )
    assert "The amount cannot be negative" in response.content.decode()
    assert 'value="Lunch club fees"' in response.content.decode()
    assert not ResourceLine.objects.exists()


def test_resources_across_cycles_query_count_is_flat(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    django_assert_num_queries: object,
) -> None:
    """Comparing cycles costs the same with 3 or 60 cycles (a page of them), and
    following "Next" shows every cycle exactly once, oldest first."""

    def add(n: int) -> None:
        for _i in range(n):
            made = CycleFactory(organisation=organisation, by=people["commissioner"])
            ResourceLine.objects.create(
                cycle=made, source="public_budget", label="B", amount=Decimal(100)
            )
            Pledge.objects.create(
                organisation=organisation,
                cycle=made,
                pledger=people["citizen"],
                offer="x",
                hours_per_month=Decimal(2),
                status="active",
            )

    add(3)
    client.force_login(people["commissioner"])
    url = reverse("assets:resources", kwargs={"org_slug": organisation.slug})
    client.get(url)
    with django_assert_num_queries(11) as few:  # type: ignore[operator]
        client.get(url)
    add(57)
    with django_assert_num_queries(len(few.captured_queries)):  # type: ignore[operator]
        response = client.get(url)
    assert len(response.context["rows"]) == CYCLES_PER_PAGE
    shown = ""
    query: str | None = ""
    while query is not None:
        page = client.get(url + query).content.decode()
        shown += page
        found = re.search(r'href="(\?[^"]*)"\s+rel="next"', page)
        query = html.unescape(found.group(1)) if found else None
    cycles = Cycle.objects.filter(organisation=organisation).order_by(
        "created_at", "pk"
    )
    links = [
        reverse(
            "assets:cycle_resources",
            kwargs={"org_slug": organisation.slug, "cycle_pk": cycle.pk},
        )
        for cycle in cycles
    ]
    assert [shown.count(f'href="{link}"') for link in links] == [1] * 60
    assert sorted(links, key=shown.index) == links
