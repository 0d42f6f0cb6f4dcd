from __future__ import annotations

import datetime
from typing import Any

import factory

from cycles.models import Activity, Cycle, Decision, GateCheck, GateKind, Mode, Phase
from cycles.services import cycle_create
from outcomes.services import principles_ensure_defaults
from tests.accounts.factories import UserFactory
from tests.organisations.factories import OrganisationFactory


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


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    cycle = factory.SubFactory(CycleFactory)
    phase = Phase.ANALYSE
    title = factory.Sequence(lambda n: f"Decision {n}")
    decided = "We agreed to go ahead."
    decided_by_body = "Commissioning board"
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
