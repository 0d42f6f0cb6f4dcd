from __future__ import annotations

import datetime
from typing import Any

import factory

from cocommission.accounts.models import User
from cocommission.organisations.models import Role
from cycles.models import Activity, Cycle, Decision, GateCheck, GateKind, Mode, Phase
from cycles.services import cycle_create
from governance.services import principles_ensure_defaults
from tests.accounts.factories import UserFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory


class CycleFactory(factory.django.DjangoModelFactory):
    """Cycles made through ``cycle_create``, so they have their four phases."""

    class Meta:
        model = Cycle

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Cycle {n}: support at home")

    @classmethod
    def _create(cls, model_class: type[Cycle], *args: Any, **kwargs: Any) -> Cycle:
        by = kwargs.pop("by", None) or kwargs.get("lead") or UserFactory()
        return cycle_create(by=by, **kwargs)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    cycle = factory.SubFactory(CycleFactory)
    phase = Phase.ANALYSE
    title = factory.Sequence(lambda n: f"Activity {n}")
    mode = Mode.CO_DESIGN


def _chair(decision: Any) -> User | None:
    """A board's decision is chaired by a decision maker of the cycle's
    organisation: an existing one, else a new one."""
    if decision.decided_by is not None:
        return None
    organisation = decision.cycle.organisation
    chair = User.objects.filter(
        memberships__organisation=organisation,
        memberships__role=Role.DECISION_MAKER,
    ).first()
    if chair is None:
        chair = UserFactory()
        MembershipFactory(
            user=chair, organisation=organisation, role=Role.DECISION_MAKER
        )
    return chair


class DecisionFactory(factory.django.DjangoModelFactory):
    """A decision recorded and waiting for confirmation: by a board chaired by a
    decision maker unless ``decided_by`` names a person. Confirm it with
    ``decision_confirm`` as the confirmer."""

    class Meta:
        model = Decision

    cycle = factory.SubFactory(CycleFactory)
    phase = Phase.ANALYSE
    title = factory.Sequence(lambda n: f"Decision {n}")
    decided = "We agreed to go ahead."
    decided_by = None
    decided_by_body = factory.LazyAttribute(
        lambda o: "" if o.decided_by is not None else "Commissioning board"
    )
    board_chair = factory.LazyAttribute(_chair)
    decided_on = factory.LazyFunction(datetime.date.today)


class GateCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GateCheck

    organisation = factory.SubFactory(OrganisationFactory)
    phase = Phase.ANALYSE
    title = factory.Sequence(lambda n: f"Check {n}")
    kind = GateKind.ATTESTED
    rule = ""
    principle = factory.LazyAttribute(
        lambda o: principles_ensure_defaults(organisation=o.organisation)[0]
    )
