"""Who sees and changes providers and contracts. Outside the commissioning team,
provider representatives see their providers' contracts (and send returns) and
citizens the contracts their panel monitors; which ones is
``ContractQuerySet.visible_outside_the_team``."""

from __future__ import annotations

from typing import Any

import rules

from cocommission.organisations.models import Role, roles_of
from cocommission.organisations.rules import can_commission, is_member, is_org_staff


@rules.predicate
def is_provider_rep(user: Any, organisation: Any) -> bool:
    return organisation is not None and roles_of(user).get(organisation.pk) == (
        Role.PROVIDER
    )


rules.add_perm("contracts.view_contracts", is_member)
rules.add_perm("contracts.manage_contracts", can_commission)
rules.add_perm("contracts.view_providers", is_org_staff)
rules.add_perm("contracts.submit_returns", is_provider_rep)
