"""Who configures governance and who signs the charter."""

from __future__ import annotations

import rules

from cocommission.organisations.rules import is_member, is_org_admin, is_org_staff

rules.add_perm("governance.manage_principles", is_org_admin)
rules.add_perm("governance.view_charter", is_member)
rules.add_perm("governance.sign_charter", is_member)
rules.add_perm("governance.publish_charter", is_org_admin)
rules.add_perm("governance.view_signatures", is_org_staff)
