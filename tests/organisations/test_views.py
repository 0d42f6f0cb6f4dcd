from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.organisations.models import Membership, Organisation, Role
from tests.organisations.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _members_url(
    organisation: Organisation, name: str = "members", **kwargs: object
) -> str:
    return reverse(
        f"organisations:{name}", kwargs={"org_slug": organisation.slug, **kwargs}
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("commissioner", 403),
        ("decision_maker", 403),
        ("provider", 403),
        ("citizen", 403),
        ("outsider", 404),
    ],
)
def test_member_pages_are_for_admins_only(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    role: str,
    status: int,
) -> None:
    """Admins manage members; other roles get 403; people outside get 404 everywhere."""
    target = Membership.objects.get(user=people["citizen"])
    client.force_login(people[role])
    urls = [
        _members_url(organisation),
        _members_url(organisation, "member_add"),
        _members_url(organisation, "member_role", pk=target.pk),
        _members_url(organisation, "member_remove", pk=target.pk),
    ]
    assert [client.get(url).status_code for url in urls] == [status] * 4
    assert client.post(urls[3]).status_code == (302 if status == 200 else status)


def test_admin_of_another_organisation_gets_404(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    other_organisation: Organisation,
    make_member: object,
) -> None:
    """Being an admin elsewhere gives no view of this organisation's members."""
    other_admin = make_member("admin", other_organisation)  # type: ignore[operator]
    client.force_login(other_admin)
    assert client.get(_members_url(organisation)).status_code == 404
    target = Membership.objects.get(user=people["citizen"])
    assert (
        client.post(
            _members_url(other_organisation, "member_remove", pk=target.pk)
        ).status_code
        == 404
    )
    assert Membership.objects.filter(pk=target.pk).exists()


def test_anonymous_visitors_are_sent_to_sign_in(
    client: Client, organisation: Organisation
) -> None:
    """Member pages never show to someone who is not signed in."""
    response = client.get(_members_url(organisation))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_search_narrows_the_list_and_htmx_gets_only_the_results(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """Searching filters by e-mail; an htmx request gets the results fragment alone."""
    client.force_login(people["admin"])
    response = client.get(
        _members_url(organisation), {"q": "citizen@"}, headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert "<html" not in content
    assert 'id="member-results"' in content
    assert "citizen@northshire.example" in content
    assert "provider@northshire.example" not in content


def test_member_list_query_count_is_flat(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    django_assert_num_queries: object,
) -> None:
    """The member list costs the same queries with 5 or 60 members (a full page)."""
    client.force_login(people["admin"])
    client.get(_members_url(organisation))
    with django_assert_num_queries(7) as few:  # type: ignore[operator]
        client.get(_members_url(organisation))
    MembershipFactory.create_batch(55, organisation=organisation)
    with django_assert_num_queries(len(few.captured_queries)):  # type: ignore[operator]
        response = client.get(_members_url(organisation))
    assert response.context["page"].paginator.count == 60


def test_adding_a_member_with_bad_input_shows_errors_and_keeps_the_input(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """A malformed address is reported next to the field, and what was typed stays."""
    client.force_login(people["admin"])
    response = client.post(
        _members_url(organisation, "member_add"),
        {"email": "not-an-address", "role": "citizen"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in content
    assert "Enter an e-mail address in the right format" in content
    assert 'value="not-an-address"' in content


def test_adding_an_existing_member_is_refused_clearly(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """Adding someone who already belongs says so, beside the e-mail field."""
    client.force_login(people["admin"])
    response = client.post(
        _members_url(organisation, "member_add"),
        {"email": "citizen@northshire.example", "role": "admin"},
    )
    assert "is already a member of this organisation" in response.content.decode()
    assert Membership.objects.get(user=people["citizen"]).role == Role.CITIZEN


def test_adding_a_member_redirects_with_a_confirmation(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """A new member is added and the admin is told so on the list page."""
    client.force_login(people["admin"])
    response = client.post(
        _members_url(organisation, "member_add"),
        {"email": "new@example.org", "role": "commissioner"},
        follow=True,
    )
    assert "new@example.org added as Commissioner." in response.content.decode()
    assert (
        Membership.objects.get(user__email="new@example.org").role == Role.COMMISSIONER
    )


def test_removing_the_last_admin_is_refused_with_a_message(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """The remove page explains why the last admin cannot be removed."""
    client.force_login(people["admin"])
    admin = Membership.objects.get(user=people["admin"])
    response = client.post(_members_url(organisation, "member_remove", pk=admin.pk))
    assert response.status_code == 400
    assert "at least one admin" in response.content.decode()
    assert Membership.objects.filter(pk=admin.pk).exists()


def test_removing_asks_for_confirmation_first(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """Opening the remove link only asks; nothing is removed until the form is sent."""
    client.force_login(people["admin"])
    target = Membership.objects.get(user=people["citizen"])
    response = client.get(_members_url(organisation, "member_remove", pk=target.pk))
    assert "Yes, remove them" in response.content.decode()
    assert Membership.objects.filter(pk=target.pk).exists()
    client.post(_members_url(organisation, "member_remove", pk=target.pk))
    assert not Membership.objects.filter(pk=target.pk).exists()


def test_changing_a_role(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """An admin changes a member's role with the role form."""
    client.force_login(people["admin"])
    target = Membership.objects.get(user=people["citizen"])
    response = client.post(
        _members_url(organisation, "member_role", pk=target.pk),
        {"role": "decision_maker"},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.role == Role.DECISION_MAKER


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 200), ("commissioner", 403), ("citizen", 403), ("outsider", 404)],
)
def test_settings_page_is_for_admins(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    role: str,
    status: int,
) -> None:
    """The settings hub lists the admin pages and is for admins only."""
    client.force_login(people[role])
    response = client.get(
        reverse("organisations:settings", kwargs={"org_slug": organisation.slug})
    )
    assert response.status_code == status
    if status == 200:
        assert "Gate checks" in response.content.decode()


def test_admin_sets_retention_and_hourly_rate(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """Admins change the details; an out-of-range retention is explained and the
    other values typed are kept; commissioners may not."""
    details = reverse("organisations:details", kwargs={"org_slug": organisation.slug})
    client.force_login(people["commissioner"])
    assert client.get(details).status_code == 403
    client.force_login(people["admin"])
    data = {"name": "Northshire Council", "volunteer_hourly_rate": "13.50"}
    response = client.post(details, {**data, "retention_months": "2"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Keep personal data for between 6 and 120 months" in content
    assert "13.50" in content
    client.post(details, {**data, "retention_months": "36"})
    organisation.refresh_from_db()
    assert (organisation.retention_months, str(organisation.volunteer_hourly_rate)) == (
        36,
        "13.50",
    )
