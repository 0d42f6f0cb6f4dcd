"""Workflows of needs: saving one, and prioritising them (recorded as a decision). Each
is one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cocommission.accounts.models import User
from cocommission.organisations.models import Role, roles_of

from ..models import (
    Cycle,
    Decision,
    DecisionKind,
    Need,
    NeedStatus,
)
from .decision import _today, decision_record


@transaction.atomic
def need_save(*, need: Need, by: User, outcomes: Iterable[Any] | None = None) -> Need:
    need.full_clean()
    need.save()
    if outcomes is not None:
        need.outcomes.set(
            [
                o
                for o in outcomes
                if o.framework.organisation_id == need.cycle.organisation_id
            ]
        )
    return need


@transaction.atomic
def needs_prioritise(
    *,
    cycle: Cycle,
    by: User,
    ranked: list[Need],
    rationale: str,
    decided_by_body: str = "",
) -> Decision:
    """A decision maker recognises needs in order of priority; the rest of the
    expressed needs are marked not prioritised. One decision records it all, drawing
    on the activities where the needs were raised. Named for a board, it is the
    board's decision chaired by them; either way it is theirs, so published."""
    if roles_of(by).get(cycle.organisation_id) != Role.DECISION_MAKER:
        raise PermissionDenied(_("Only a decision maker can prioritise needs."))
    if not ranked:
        raise ValidationError({"needs": _("Choose at least one need to prioritise")})
    if any(n.cycle_id != cycle.pk for n in ranked):
        raise ValidationError(_("A need belongs to another cycle."))
    phase = cycle.phases.get(is_current=True).phase
    decision = decision_record(
        cycle=cycle,
        by=by,
        phase=phase,
        kind=DecisionKind.PRIORITY,
        title=_("Priority needs agreed"),
        decided="\n".join(f"{i}. {n.statement}" for i, n in enumerate(ranked, start=1)),
        decided_by=None if decided_by_body.strip() else by,
        decided_by_body=decided_by_body.strip(),
        board_chair=by if decided_by_body.strip() else None,
        decided_on=_today(),
        rationale=rationale,
        citizen_input=[
            n.source_activity for n in ranked if n.source_activity is not None
        ],
    )
    # Saved one by one, not with update(), so the audit trail records each change.
    for priority, need in enumerate(ranked, start=1):
        need.status, need.priority, need.decision = (
            NeedStatus.RECOGNISED,
            priority,
            decision,
        )
        need.save(update_fields=["status", "priority", "decision"])
    ranked_ids = {n.pk for n in ranked}
    for need in cycle.needs.filter(status=NeedStatus.EXPRESSED):
        if need.pk not in ranked_ids:
            need.status, need.decision = NeedStatus.NOT_PRIORITISED, decision
            need.save(update_fields=["status", "decision"])
    return decision
