"""Who may see and change cycles, and who may decide."""

from __future__ import annotations

from typing import Any

import rules

from cocommission.organisations.models import Role, roles_of
from cocommission.organisations.rules import can_commission, is_org_admin, is_org_staff

from .models import Visibility


@rules.predicate
def is_public(user: Any, cycle: Any) -> bool:
    return cycle is not None and cycle.visibility == Visibility.PUBLIC


@rules.predicate
def in_cycle_team(user: Any, cycle: Any) -> bool:
    """Admins, commissioners and decision makers of the cycle's organisation."""
    return cycle is not None and is_org_staff(user, cycle.organisation)


@rules.predicate
def commissions_cycle(user: Any, cycle: Any) -> bool:
    return cycle is not None and can_commission(user, cycle.organisation)


@rules.predicate
def decides_for_cycle(user: Any, cycle: Any) -> bool:
    return (
        cycle is not None
        and roles_of(user).get(cycle.organisation_id) == Role.DECISION_MAKER
    )


@rules.predicate
def administers_cycle(user: Any, cycle: Any) -> bool:
    return cycle is not None and is_org_admin(user, cycle.organisation)


rules.add_perm("cycles.view_cycle", is_public | in_cycle_team)
rules.add_perm("cycles.view_workspace", in_cycle_team)
rules.add_perm("cycles.change_cycle", commissions_cycle)
rules.add_perm("cycles.record_decision", in_cycle_team)
rules.add_perm("cycles.attest_gate", in_cycle_team)
rules.add_perm("cycles.override_gate", decides_for_cycle)
# Recommissioning leaves Review like a phase move: a decision maker, who alone can
# override Review's checks, may do it as well as those who commission.
rules.add_perm("cycles.recommission", commissions_cycle | decides_for_cycle)
rules.add_perm("cycles.view_history", administers_cycle)
rules.add_perm("cycles.manage_gate_checks", is_org_admin)
rules.add_perm("cycles.manage_catalogue", is_org_admin)
