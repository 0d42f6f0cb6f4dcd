"""Who sees and changes providers and contracts. Provider representatives see
the contracts of the providers they represent and send their returns, nothing
else (which contracts: ``ContractQuerySet.visible_to_provider``)."""

from __future__ import annotations

from typing import Any

import rules

from cocommission.organisations.models import Role, roles_of
from cocommission.organisations.rules import can_commission, is_org_staff


@rules.predicate
def is_provider_rep(user: Any, organisation: Any) -> bool:
    return organisation is not None and roles_of(user).get(organisation.pk) == (
        Role.PROVIDER
    )


rules.add_perm("contracts.view_contracts", is_org_staff | is_provider_rep)
rules.add_perm("contracts.manage_contracts", can_commission)
rules.add_perm("contracts.view_providers", is_org_staff)
rules.add_perm("contracts.submit_returns", is_provider_rep)
