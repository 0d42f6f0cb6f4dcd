"""Who sees and changes assets and pledges."""

from __future__ import annotations

import rules

from cocommission.organisations.rules import can_commission, is_member, is_org_staff

rules.add_perm("assets.view_register", is_org_staff)
rules.add_perm("assets.change_register", can_commission)
rules.add_perm("assets.pledge", is_member)
rules.add_perm("assets.view_community_assets", is_member)
