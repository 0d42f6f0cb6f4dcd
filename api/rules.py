"""Who may make and revoke API tokens: organisation admins (the team's tokens)
and provider representatives (tokens for their providers' returns)."""

from __future__ import annotations

from typing import Any

import rules

from cocommission.organisations.models import Role, roles_of
from cocommission.organisations.rules import is_org_admin


@rules.predicate
def is_provider_rep(user: Any, organisation: Any) -> bool:
    return organisation is not None and (
        roles_of(user).get(organisation.pk) == Role.PROVIDER
    )


rules.add_perm("api.manage_tokens", is_org_admin | is_provider_rep)
rules.add_perm("api.manage_team_tokens", is_org_admin)
