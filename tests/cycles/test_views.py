from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from cycles.models import Visibility
from tests.cycles.factories import CycleFactory

pytestmark = pytest.mark.django_db


def _url(organisation: Organisation) -> str:
    return reverse("cycles:list", kwargs={"org_slug": organisation.slug})


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("commissioner", 200),
        ("decision_maker", 200),
        ("provider", 403),
        ("citizen", 403),
        ("outsider", 404),
    ],
)
def test_cycle_list_is_for_the_commissioning_team(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    role: str,
    status: int,
) -> None:
    """The team sees the dashboard; providers and citizens get 403; outsiders 404."""
    client.force_login(people[role])
    assert client.get(_url(organisation)).status_code == status


def test_cycle_list_shows_only_this_organisations_cycles(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    other_organisation: Organisation,
) -> None:
    """Another body's cycles, public or private, are not on this dashboard."""
    CycleFactory(organisation=organisation, title="Ours")
    CycleFactory(organisation=other_organisation, title="Theirs, private")
    CycleFactory(
        organisation=other_organisation,
        title="Theirs, public",
        visibility=Visibility.PUBLIC,
    )
    client.force_login(people["commissioner"])
    content = client.get(_url(organisation)).content.decode()
    assert "Ours" in content
    assert "Theirs" not in content


def test_cycle_list_has_an_empty_state(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """With no cycles the page says so plainly."""
    client.force_login(people["commissioner"])
    assert (
        "no commissioning cycles yet" in client.get(_url(organisation)).content.decode()
    )


def test_cycle_list_query_count_is_flat(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    django_assert_num_queries: object,
) -> None:
    """The dashboard costs the same queries with 10 or 500 cycles."""
    lead = people["commissioner"]
    CycleFactory.create_batch(10, organisation=organisation, lead=lead)
    client.force_login(lead)
    client.get(_url(organisation))
    with django_assert_num_queries(7) as few:  # type: ignore[operator]
        client.get(_url(organisation))
    CycleFactory.create_batch(490, organisation=organisation, lead=lead)
    with django_assert_num_queries(len(few.captured_queries)):  # type: ignore[operator]
        response = client.get(_url(organisation))
    assert response.context["page"].paginator.count == 500
