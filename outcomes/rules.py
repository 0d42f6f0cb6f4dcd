"""Who sees and changes outcomes frameworks."""

from __future__ import annotations

import rules

from cocommission.organisations.rules import can_commission, is_org_staff

rules.add_perm("outcomes.view_frameworks", is_org_staff)
rules.add_perm("outcomes.change_frameworks", can_commission)
