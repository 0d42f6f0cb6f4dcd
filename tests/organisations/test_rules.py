"""Permissions as a truth table: every role, in this organisation and another."""

from __future__ import annotations

import pytest

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from cycles.models import Visibility
from tests.cycles.factories import CycleFactory

pytestmark = pytest.mark.django_db

# role -> (view_organisation, view_dashboard, manage_members)
ORGANISATION_TABLE = {
    "admin": (True, True, True),
    "commissioner": (True, True, False),
    "decision_maker": (True, True, False),
    "provider": (True, False, False),
    "citizen": (True, False, False),
    "outsider": (False, False, False),
}
ORGANISATION_PERMS = (
    "organisations.view_organisation",
    "organisations.view_dashboard",
    "organisations.manage_members",
)

# role -> (view private cycle, view public cycle, change cycle)
CYCLE_TABLE = {
    "admin": (True, True, True),
    "commissioner": (True, True, True),
    "decision_maker": (True, True, False),
    "provider": (False, True, False),
    "citizen": (False, True, False),
    "outsider": (False, True, False),
}


@pytest.mark.parametrize("role", list(ORGANISATION_TABLE))
def test_organisation_permissions(
    role: str, people: dict[str, User], organisation: Organisation
) -> None:
    """Each role holds exactly the organisation permissions in the table."""
    user = people[role]
    actual = tuple(user.has_perm(perm, organisation) for perm in ORGANISATION_PERMS)
    assert actual == ORGANISATION_TABLE[role]


@pytest.mark.parametrize("role", list(ORGANISATION_TABLE))
def test_roles_do_not_carry_over_to_another_organisation(
    role: str, people: dict[str, User], other_organisation: Organisation
) -> None:
    """Any role in one organisation gives no permission at all in another."""
    user = people[role]
    assert not any(
        user.has_perm(perm, other_organisation) for perm in ORGANISATION_PERMS
    )


@pytest.mark.parametrize("role", list(CYCLE_TABLE))
def test_cycle_permissions(
    role: str, people: dict[str, User], organisation: Organisation
) -> None:
    """Private cycles are for the commissioning team; public ones are for everyone;
    only admins and commissioners change cycles."""
    private = CycleFactory(organisation=organisation, visibility=Visibility.PRIVATE)
    public = CycleFactory(organisation=organisation, visibility=Visibility.PUBLIC)
    user = people[role]
    actual = (
        user.has_perm("cycles.view_cycle", private),
        user.has_perm("cycles.view_cycle", public),
        user.has_perm("cycles.change_cycle", private),
    )
    assert actual == CYCLE_TABLE[role]


@pytest.mark.parametrize("role", ["admin", "commissioner", "decision_maker"])
def test_team_roles_see_no_private_cycle_of_another_organisation(
    role: str, people: dict[str, User], other_organisation: Organisation
) -> None:
    """A commissioning team member cannot see or change another body's private cycle."""
    cycle = CycleFactory(organisation=other_organisation, visibility=Visibility.PRIVATE)
    user = people[role]
    assert not user.has_perm("cycles.view_cycle", cycle)
    assert not user.has_perm("cycles.change_cycle", cycle)
