"""Workflows of demand and routes. Each is one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from cocommission.accounts.models import User

from ..models import Need, NeedRoute


def _same_org(items: Iterable[Any], need: Need, path: str) -> list[Any]:
    org = need.cycle.organisation_id
    return [i for i in items if _org_of(i, path) == org]


def _org_of(item: Any, path: str) -> Any:
    for part in path.split("."):
        item = getattr(item, part)
    return item


@transaction.atomic
def need_demand_save(
    *, need: Need, by: User, indicators: Iterable[Any] | None = None
) -> Need:
    """Record the demand a need creates and the indicators that track it."""
    need.full_clean()
    need.save()
    if indicators is not None:
        need.demand_indicators.set(
            _same_org(indicators, need, "outcome.framework.organisation_id")
        )
    return need


@transaction.atomic
def need_route_save(*, route: NeedRoute, by: User, links: dict[str, Any]) -> NeedRoute:
    """Save a route of a need with what it puts in. The need is locked so two
    routes saved at once cannot together plan more than 100% of its demand."""
    Need.objects.select_for_update().filter(pk=route.need_id).first()
    route.full_clean()
    route.save()
    need = route.need
    cycle_id = need.cycle_id
    if "strategies" in links:
        route.strategies.set(links["strategies"])
    if "activities" in links:
        route.activities.set([a for a in links["activities"] if a.cycle_id == cycle_id])
    if "pledges" in links:
        route.pledges.set([p for p in links["pledges"] if p.cycle_id == cycle_id])
    if "assets" in links:
        route.assets.set(_same_org(links["assets"], need, "organisation_id"))
    if "contracts" in links:
        route.contracts.set([c for c in links["contracts"] if c.cycle_id == cycle_id])
    if "indicators" in links:
        route.indicators.set(
            _same_org(links["indicators"], need, "outcome.framework.organisation_id")
        )
    return route


@transaction.atomic
def need_route_remove(*, route: NeedRoute, by: User) -> None:
    """Take a route off a need."""
    route.delete()
