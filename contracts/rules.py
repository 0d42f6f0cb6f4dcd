"""Who sees and changes providers and contracts. Provider representatives see
the contracts of the providers they represent, nothing else."""

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


@rules.predicate
def represents_a_party(user: Any, contract: Any) -> bool:
    """The user represents one of the contract's providers, or a partner in an
    alliance that holds it."""
    from .models import Contract

    return Contract.objects.filter(pk=contract.pk).visible_to_provider(user).exists()


rules.add_perm("contracts.view_contracts", is_org_staff | is_provider_rep)
rules.add_perm("contracts.manage_contracts", can_commission)
rules.add_perm("contracts.view_providers", is_org_staff)
