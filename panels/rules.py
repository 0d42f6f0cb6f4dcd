"""Who may see and run panels, and configure what people are asked."""

from __future__ import annotations

import rules

from cocommission.organisations.rules import can_commission, is_org_admin, is_org_staff

rules.add_perm("panels.view_panels", is_org_staff)
rules.add_perm("panels.manage_panels", can_commission)
rules.add_perm("panels.configure_demographics", is_org_admin)
