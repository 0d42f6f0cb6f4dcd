from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from governance.models import CharterSignature, GovernancePrinciple
from governance.services import charter_publish, principles_ensure_defaults

pytestmark = pytest.mark.django_db


def _url(name: str, organisation: Organisation, **kwargs: object) -> str:
    return reverse(
        f"governance:{name}", kwargs={"org_slug": organisation.slug, **kwargs}
    )


# role -> (principles pages, charter page, publish charter)
TABLE = {
    "admin": (200, 200, 302),
    "commissioner": (403, 200, 403),
    "decision_maker": (403, 200, 403),
    "provider": (403, 200, 403),
    "citizen": (403, 200, 403),
    "outsider": (404, 404, 404),
}


@pytest.mark.parametrize("role", list(TABLE))
def test_governance_permissions(
    client: Client, people: dict[str, User], organisation: Organisation, role: str
) -> None:
    """Admins configure principles and publish the charter; every member reads and
    signs it; outsiders find nothing."""
    principle = principles_ensure_defaults(organisation=organisation)[0]
    client.force_login(people[role])
    principles, charter, publish = TABLE[role]
    assert client.get(_url("principles", organisation)).status_code == principles
    assert (
        client.get(_url("principle_edit", organisation, pk=principle.pk)).status_code
        == principles
    )
    assert client.post(
        _url("principle_retire", organisation, pk=principle.pk), {"retire": "yes"}
    ).status_code == (302 if principles == 200 else principles)
    assert client.get(_url("charter", organisation)).status_code == charter
    assert (
        client.post(_url("charter", organisation), {"text": "We listen."}).status_code
        == publish
    )


def test_another_organisations_admin_sees_nothing(
    client: Client,
    organisation: Organisation,
    other_organisation: Organisation,
    make_member: object,
) -> None:
    """An admin elsewhere gets 404 for this organisation's principles and charter."""
    principle = principles_ensure_defaults(organisation=organisation)[0]
    client.force_login(make_member("admin", other_organisation))  # type: ignore[operator]
    assert (
        client.get(_url("principle_edit", organisation, pk=principle.pk)).status_code
        == 404
    )
    assert client.get(_url("charter", organisation)).status_code == 404


def test_a_principle_needs_a_unique_name_and_a_weight_from_1_to_5(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """Duplicate names and weights outside 1 to 5 are refused beside the field."""
    principles_ensure_defaults(organisation=organisation)
    client.force_login(people["admin"])
    response = client.post(
        _url("principle_new", organisation), {"name": "transparency", "weight": "9"}
    )
    content = response.content.decode()
    assert "Your organisation already has this principle" in content
    assert "Enter a weight from 1 to 5" in content
    client.post(
        _url("principle_new", organisation), {"name": "Value for money", "weight": "2"}
    )
    assert GovernancePrinciple.objects.filter(
        organisation=organisation, name="Value for money"
    ).exists()


def test_a_citizen_signs_the_current_charter(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """A citizen signs the latest version from the charter page, once."""
    charter = charter_publish(
        organisation=organisation, by=people["admin"], text="We listen."
    )
    client.force_login(people["citizen"])
    assert (
        "I agree and sign the charter"
        in client.get(_url("charter", organisation)).content.decode()
    )
    client.post(_url("charter", organisation), {"action": "sign"})
    client.post(_url("charter", organisation), {"action": "sign"})
    assert (
        CharterSignature.objects.filter(charter=charter, user=people["citizen"]).count()
        == 1
    )
    assert (
        "You have signed this version"
        in client.get(_url("charter", organisation)).content.decode()
    )


def test_who_signed_is_shown_to_the_team_not_to_citizens(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """The list of signatures is for the commissioning team."""
    charter = charter_publish(
        organisation=organisation, by=people["admin"], text="We listen."
    )
    from governance.services import charter_sign

    charter_sign(charter=charter, by=people["provider"])
    client.force_login(people["commissioner"])
    assert (
        str(people["provider"])
        in client.get(_url("charter", organisation)).content.decode()
    )
    client.force_login(people["citizen"])
    assert (
        str(people["provider"])
        not in client.get(_url("charter", organisation)).content.decode()
    )


def test_principle_list_query_count_is_flat(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    django_assert_num_queries: object,
) -> None:
    """The principles list costs the same with 6 or 40 principles and questions."""
    principles_ensure_defaults(organisation=organisation)
    client.force_login(people["admin"])
    client.get(_url("principles", organisation))
    with django_assert_num_queries(10) as few:  # type: ignore[operator]
        client.get(_url("principles", organisation))
    for n in range(34):
        principle = GovernancePrinciple.objects.create(
            organisation=organisation, name=f"P{n}", order=10 + n
        )
        principle.criteria.create(question="Was it fair?")
    with django_assert_num_queries(len(few.captured_queries)):  # type: ignore[operator]
        client.get(_url("principles", organisation))
