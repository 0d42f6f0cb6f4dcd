"""Who manages an organisation's webhooks: its admins."""

from __future__ import annotations

import rules

from cocommission.organisations.rules import is_org_admin

rules.add_perm("webhooks.manage_webhooks", is_org_admin)
