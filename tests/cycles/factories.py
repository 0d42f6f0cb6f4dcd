from __future__ import annotations

import factory

from cycles.models import Cycle
from tests.organisations.factories import OrganisationFactory


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Cycle {n}: support at home")
