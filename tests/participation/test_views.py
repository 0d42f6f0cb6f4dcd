"""A citizen's own participation page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_participation_page_needs_sign_in(client: Client) -> None:
    """Anonymous visitors are sent to sign in first."""
    response = client.get(reverse("participation:participation"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_participation_page_lists_only_the_persons_own_memberships(
    client: Client,
    people: dict[str, User],
    other_organisation: Organisation,
    make_member: object,
) -> None:
    """A citizen sees where they take part, and nothing about other people."""
    make_member("citizen", other_organisation, email="someone.else@example.org")  # type: ignore[operator]
    client.force_login(people["citizen"])
    response = client.get(reverse("participation:participation"))
    content = response.content.decode()
    assert "Northshire Council" in content
    assert "Southvale Health Partnership" not in content
    assert "someone.else@example.org" not in content


def test_participation_page_query_count_is_flat(
    client: Client,
    django_assert_num_queries: object,
    make_member: object,
    organisation: Organisation,
) -> None:
    """The page costs the same number of queries with 1 or 20 memberships."""
    from tests.organisations.factories import MembershipFactory, OrganisationFactory

    person = make_member("citizen", organisation)  # type: ignore[operator]
    client.force_login(person)
    client.get(reverse("participation:participation"))
    with django_assert_num_queries(10) as few:  # type: ignore[operator]
        client.get(reverse("participation:participation"))
    for _ in range(19):
        MembershipFactory(user=person, organisation=OrganisationFactory())
    with django_assert_num_queries(len(few.captured_queries)):  # type: ignore[operator]
        client.get(reverse("participation:participation"))
