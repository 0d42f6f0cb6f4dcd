"""Who configures governance and who signs the charter."""

from __future__ import annotations

import rules

from cocommission.organisations.rules import (
    can_commission,
    is_member,
    is_org_admin,
    is_org_staff,
)

rules.add_perm("outcomes.manage_principles", is_org_admin)
rules.add_perm("outcomes.view_charter", is_member)
rules.add_perm("outcomes.sign_charter", is_member)
rules.add_perm("outcomes.publish_charter", is_org_admin)
rules.add_perm("outcomes.view_signatures", is_org_staff)

rules.add_perm("outcomes.view_frameworks", is_org_staff)
rules.add_perm("outcomes.change_frameworks", can_commission)
