from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from cocommission.organisations.models import Organisation
from contracts.models import Contract, ContractStatus, Provider, Route, Sector
from contracts.services import contract_save, provider_save
from tests.cycles.factories import CycleFactory


def make_provider(organisation: Organisation, name: str, **fields: Any) -> Provider:
    members = fields.pop("members", None)
    representatives = fields.pop("representatives", None)
    return provider_save(
        provider=Provider(
            organisation=organisation,
            name=name,
            sector=fields.pop("sector", Sector.THIRD),
            **fields,
        ),
        members=members,
        representative_emails=representatives,
    )


def make_contract(
    organisation: Organisation,
    providers: list[Provider] | None = None,
    **fields: Any,
) -> Contract:
    cycle = fields.pop("cycle", None) or CycleFactory(organisation=organisation)
    providers = providers or [make_provider(organisation, f"Provider {cycle.pk}")]
    defaults: dict[str, Any] = {
        "title": "Community support",
        "route": Route.OPEN,
        "status": ContractStatus.ACTIVE,
        "value": Decimal("250000"),
        "starts_on": datetime.date(2025, 4, 1),
        "ends_on": datetime.date(2028, 3, 31),
    }
    return contract_save(
        contract=Contract(cycle=cycle, **{**defaults, **fields}), providers=providers
    )


def make_indicators(organisation: Organisation, by: Any, names: list[str]) -> list[Any]:
    """Indicators of one outcome in a new framework of the organisation."""
    from outcomes.models import Indicator, Outcome
    from outcomes.services import framework_create, indicator_save, outcome_save

    framework = framework_create(organisation=organisation, by=by, title="Framework")
    outcome = outcome_save(
        outcome=Outcome(framework=framework, statement="People recover"), by=by
    )
    return [
        indicator_save(
            indicator=Indicator(
                outcome=outcome, name=name, unit="people", target_value=Decimal(50)
            ),
            by=by,
        )
        for name in names
    ]
