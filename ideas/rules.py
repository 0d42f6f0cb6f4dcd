"""Who may moderate what citizens raise: the commissioners (and admins) of the
cycle's organisation."""

from __future__ import annotations

from typing import Any

import rules

from cocommission.organisations.rules import can_commission


@rules.predicate
def moderates(user: Any, idea: Any) -> bool:
    return idea is not None and can_commission(user, idea.cycle.organisation)


@rules.predicate
def moderates_organisation(user: Any, organisation: Any) -> bool:
    return organisation is not None and can_commission(user, organisation)


rules.add_perm("ideas.moderate", moderates)
rules.add_perm("ideas.view_queue", moderates_organisation)
