"""Who may do what in an organisation. Predicates read roles once per user."""

from __future__ import annotations

from typing import Any

import rules

from .models import STAFF_ROLES, Role, roles_of


def _role(user: Any, organisation: Any) -> str | None:
    if organisation is None:
        return None
    return roles_of(user).get(organisation.pk)


@rules.predicate
def is_member(user: Any, organisation: Any) -> bool:
    return _role(user, organisation) is not None


@rules.predicate
def is_org_admin(user: Any, organisation: Any) -> bool:
    return _role(user, organisation) == Role.ADMIN


@rules.predicate
def is_org_staff(user: Any, organisation: Any) -> bool:
    """Admins, commissioners and decision makers: the commissioning team."""
    return _role(user, organisation) in STAFF_ROLES


@rules.predicate
def can_commission(user: Any, organisation: Any) -> bool:
    return _role(user, organisation) in {Role.ADMIN, Role.COMMISSIONER}


rules.add_perm("organisations.view_organisation", is_member)
rules.add_perm("organisations.view_dashboard", is_org_staff)
rules.add_perm("organisations.manage_members", is_org_admin)
