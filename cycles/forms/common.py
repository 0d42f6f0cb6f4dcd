"""What every form of the cycle screens shares: the GOV.UK form bases (from
``cocommission.forms``) and the people a lead or owner is chosen from."""

from __future__ import annotations

from typing import Any

from cocommission.accounts.models import User
from cocommission.forms import GovForm, GovModelForm
from cocommission.organisations.models import STAFF_ROLES, Organisation


def _team_members(organisation: Organisation) -> Any:
    return User.objects.filter(
        memberships__organisation=organisation, memberships__role__in=STAFF_ROLES
    ).order_by("email")


__all__ = ["GovForm", "GovModelForm", "_team_members"]
