"""Who may see and build surveys."""

from __future__ import annotations

import rules

from cocommission.organisations.rules import can_commission, is_org_staff

rules.add_perm("surveys.view_surveys", is_org_staff)
rules.add_perm("surveys.manage_surveys", can_commission)
