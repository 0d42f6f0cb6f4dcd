from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from governance.models import Charter, GovernancePrinciple
from governance.services import (
    charter_publish,
    charter_sign,
    principle_move,
    principle_set_retired,
    principles_ensure_defaults,
)

pytestmark = pytest.mark.django_db


def _names(organisation: Organisation) -> list[str]:
    return list(
        GovernancePrinciple.objects.filter(organisation=organisation)
        .order_by("order")
        .values_list("name", flat=True)
    )


def test_the_six_defaults_are_created_once(organisation: Organisation) -> None:
    """Every organisation starts with the six default principles, and only once."""
    principles_ensure_defaults(organisation=organisation)
    principles_ensure_defaults(organisation=organisation)
    assert _names(organisation) == [
        "Citizen engagement",
        "Transparency",
        "Accountability",
        "Fairness and due process",
        "Equalities",
        "Sustainability",
    ]


def test_moving_a_principle_swaps_it_with_its_neighbour(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """Moving up swaps with the one above; the first cannot move further up."""
    principles_ensure_defaults(organisation=organisation)
    equalities = GovernancePrinciple.objects.get(
        organisation=organisation, name="Equalities"
    )
    principle_move(principle=equalities, by=people["admin"], up=True)
    assert _names(organisation)[3:5] == ["Equalities", "Fairness and due process"]
    first = GovernancePrinciple.objects.get(
        organisation=organisation, name="Citizen engagement"
    )
    principle_move(principle=first, by=people["admin"], up=True)
    assert _names(organisation)[0] == "Citizen engagement"


def test_retired_principles_stay_but_are_not_in_use(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """Retiring keeps a principle on record but out of use; restoring undoes it."""
    principle = principles_ensure_defaults(organisation=organisation)[5]
    principle_set_retired(principle=principle, by=people["admin"], retired=True)
    assert principle not in GovernancePrinciple.objects.in_use()
    principle_set_retired(principle=principle, by=people["admin"], retired=False)
    assert principle in GovernancePrinciple.objects.in_use()


def test_charter_versions_count_up_and_refuse_empty_or_unchanged_text(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """Each publication is a new version; empty or identical text is refused."""
    first = charter_publish(
        organisation=organisation, by=people["admin"], text="We listen."
    )
    with pytest.raises(ValidationError):
        charter_publish(organisation=organisation, by=people["admin"], text="  ")
    with pytest.raises(ValidationError, match="same as the current"):
        charter_publish(
            organisation=organisation, by=people["admin"], text="We listen. "
        )
    second = charter_publish(
        organisation=organisation, by=people["admin"], text="We listen and act."
    )
    assert (first.version, second.version) == (1, 2)
    assert Charter.objects.latest_for(organisation) == second


def test_members_sign_a_version_once_and_outsiders_cannot(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """A citizen signs once per version, with their role recorded; outsiders cannot."""
    charter = charter_publish(
        organisation=organisation, by=people["admin"], text="We listen."
    )
    first = charter_sign(charter=charter, by=people["citizen"])
    again = charter_sign(charter=charter, by=people["citizen"])
    assert first == again
    assert first.role == "citizen"
    with pytest.raises(ValidationError):
        charter_sign(charter=charter, by=people["outsider"])
