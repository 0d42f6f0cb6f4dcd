"""Who may see and change cycles."""

from __future__ import annotations

from typing import Any

import rules

from cocommission.organisations.rules import can_commission, is_org_staff

from .models import Visibility


@rules.predicate
def is_public(user: Any, cycle: Any) -> bool:
    return cycle is not None and cycle.visibility == Visibility.PUBLIC


@rules.predicate
def in_cycle_team(user: Any, cycle: Any) -> bool:
    return cycle is not None and is_org_staff(user, cycle.organisation)


@rules.predicate
def commissions_cycle(user: Any, cycle: Any) -> bool:
    return cycle is not None and can_commission(user, cycle.organisation)


rules.add_perm("cycles.view_cycle", is_public | in_cycle_team)
rules.add_perm("cycles.change_cycle", commissions_cycle)
