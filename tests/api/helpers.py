"""Data for the API tests: two organisations with public and private work."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from cocommission.organisations.models import Organisation, Role
from cycles.models import Visibility
from cycles.services import decision_confirm, decision_record
from outcomes.services import measurement_record
from tests.accounts.factories import UserFactory
from tests.contracts.factories import make_contract, make_indicators, make_provider
from tests.cycles.factories import ActivityFactory, CycleFactory
from tests.organisations.factories import MembershipFactory


def member(organisation: Organisation, role: str, email: str) -> Any:
    user = UserFactory(email=email)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def world(organisation: Organisation, tag: str) -> dict[str, Any]:
    """A public and a private cycle, a published and an unpublished decision,
    an indicator with a measurement, a provider and its contract."""
    admin = member(organisation, Role.ADMIN, f"admin-{tag}@example.org")
    chair = member(organisation, Role.DECISION_MAKER, f"chair-{tag}@example.org")
    rep = member(organisation, Role.PROVIDER, f"rep-{tag}@example.org")
    public = CycleFactory(
        organisation=organisation,
        title=f"Public cycle {tag}",
        visibility=Visibility.PUBLIC,
        by=admin,
    )
    private = CycleFactory(organisation=organisation, title=f"Private cycle {tag}")
    activity = ActivityFactory(cycle=public, title=f"Listening event {tag}")
    shown = decision_record(
        cycle=public,
        by=admin,
        citizen_input=[activity],
        phase="analyse",
        kind="other",
        title=f"Published decision {tag}",
        decided=f"We will open a drop-in {tag}.",
        decided_by=chair,
        decided_on=datetime.date(2026, 5, 1),
    )
    decision_confirm(decision=shown, by=chair)
    decision_record(
        cycle=public,
        by=admin,
        phase="analyse",
        kind="other",
        title=f"Draft decision {tag}",
        decided=f"Secret plan {tag}.",
        decided_by=chair,
        decided_on=datetime.date(2026, 5, 2),
    )
    indicators = make_indicators(organisation, admin, [f"Recovery rate {tag}"])
    indicator = indicators[0]
    measurement_record(
        indicator=indicator,
        by=admin,
        period_end=datetime.date(2026, 3, 31),
        value=Decimal("12.5"),
        source="routine",
    )
    provider = make_provider(
        organisation, f"Provider {tag}", representatives=[rep.email]
    )
    contract = make_contract(organisation, [provider], cycle=private)
    contract.indicators.add(indicator)
    other_provider = make_provider(organisation, f"Other provider {tag}")
    other_contract = make_contract(
        organisation, [other_provider], cycle=private, title=f"Other contract {tag}"
    )
    return {
        "admin": admin,
        "chair": chair,
        "rep": rep,
        "public": public,
        "private": private,
        "indicator": indicator,
        "provider": provider,
        "contract": contract,
        "other_contract": other_contract,
    }
