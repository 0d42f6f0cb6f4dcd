from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cocommission.accounts.models import User
from cocommission.organisations.models import Membership, Organisation, Role
from cocommission.organisations.services import (
    membership_add,
    membership_change_role,
    membership_remove,
)

pytestmark = pytest.mark.django_db


def test_membership_add_creates_a_passwordless_account_for_a_new_address(
    organisation: Organisation,
) -> None:
    """Adding an unknown address creates an account that signs in by code."""
    membership = membership_add(
        organisation=organisation, email="New.Person@Example.org", role=Role.CITIZEN
    )
    assert membership.user.email == "new.person@example.org"
    assert not membership.user.has_usable_password()


def test_membership_add_reuses_an_existing_account(
    organisation: Organisation, other_organisation: Organisation
) -> None:
    """A person already known elsewhere joins with the same account."""
    first = membership_add(
        organisation=organisation, email="jo@example.org", role=Role.CITIZEN
    )
    second = membership_add(
        organisation=other_organisation, email="jo@example.org", role=Role.COMMISSIONER
    )
    assert first.user == second.user
    assert User.objects.filter(email="jo@example.org").count() == 1


def test_membership_add_refuses_a_second_membership_in_the_same_organisation(
    organisation: Organisation,
) -> None:
    """A person holds one role per organisation; adding them again is refused."""
    membership_add(organisation=organisation, email="jo@example.org", role=Role.CITIZEN)
    with pytest.raises(ValidationError) as error:
        membership_add(
            organisation=organisation, email="jo@example.org", role=Role.ADMIN
        )
    assert "email" in error.value.message_dict


def test_membership_add_refuses_an_unknown_role(organisation: Organisation) -> None:
    """Roles outside the list are refused before anything is saved."""
    with pytest.raises(ValidationError):
        membership_add(
            organisation=organisation, email="jo@example.org", role="overlord"
        )
    assert not Membership.objects.exists()


def test_the_last_admin_cannot_be_demoted_or_removed(
    people: dict[str, User], organisation: Organisation
) -> None:
    """An organisation always keeps at least one admin."""
    admin = Membership.objects.get(user=people["admin"])
    with pytest.raises(ValidationError):
        membership_change_role(membership=admin, role=Role.CITIZEN)
    with pytest.raises(ValidationError):
        membership_remove(membership=admin)
    admin.refresh_from_db()
    assert admin.role == Role.ADMIN


def test_an_admin_can_step_down_once_another_admin_exists(
    people: dict[str, User], organisation: Organisation
) -> None:
    """With a second admin in place, the first may change role or leave."""
    membership_change_role(
        membership=Membership.objects.get(user=people["commissioner"]), role=Role.ADMIN
    )
    admin = Membership.objects.get(user=people["admin"])
    membership_change_role(membership=admin, role=Role.COMMISSIONER)
    admin.refresh_from_db()
    assert admin.role == Role.COMMISSIONER


def test_membership_changes_are_audited(
    people: dict[str, User], organisation: Organisation
) -> None:
    """Role changes leave a history record saying what changed."""
    membership = Membership.objects.get(user=people["citizen"])
    membership_change_role(membership=membership, role=Role.PROVIDER)
    roles = list(
        membership.history.order_by("history_date").values_list("role", flat=True)
    )
    assert roles == [Role.CITIZEN, Role.PROVIDER]
