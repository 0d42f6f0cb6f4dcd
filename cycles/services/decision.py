"""Workflows of decisions: recording, changing, confirming, declining and publishing.
Each is one transaction."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cocommission.accounts.models import User
from cocommission.organisations.models import Membership, roles_of
from cocommission.webhooks.events import emit
from cocommission.webhooks.models import Event

from .. import contributions
from ..models import (
    Activity,
    Cycle,
    Decision,
)
from ..models.decision import CHAIR_ROLES, DECIDER_ROLES
from ..translations import decision_publish_problem

#: What the team may change in a decision that is not yet published.
DECISION_EDITABLE = frozenset(
    {
        "title",
        "phase",
        "kind",
        "decided",
        "decided_by",
        "decided_by_body",
        "board_chair",
        "decided_on",
        "rationale",
    }
)


def _today() -> datetime.date:
    return timezone.localdate()


def _decision(
    *, cycle: Cycle, by: User, decided_on: datetime.date | None = None, **fields: Any
) -> Decision:
    """A record of what the system did at someone's request, in their own name:
    confirmed by them and final at once; decided today unless said otherwise."""
    now = timezone.now()
    decision = Decision(
        cycle=cycle,
        decided_by=by,
        recorded_by=by,
        decided_on=decided_on or _today(),
        confirmed_by=by,
        confirmed_at=now,
        is_published=True,
        published_at=now,
        **fields,
    )
    decision.full_clean()
    decision._history_user = by  # type: ignore[attr-defined]
    decision.save()
    return decision


def _check_deciders(decision: Decision) -> None:
    """The person named as deciding, or the board's chair, belongs to the cycle's
    organisation in a role that may decide (a chair must be a decision maker)."""
    roles = dict(
        Membership.objects.filter(
            organisation_id=decision.cycle.organisation_id,
            user_id__in=[
                pk for pk in (decision.decided_by_id, decision.board_chair_id) if pk
            ],
        ).values_list("user_id", "role")
    )
    errors: dict[str, str] = {}
    if decision.decided_by_id and decision.decided_by_body.strip():
        errors["decided_by_body"] = _(
            "Name either the person who decided or the board, not both"
        )
    if decision.board_chair_id and not decision.decided_by_body.strip():
        errors["decided_by_body"] = _("Name the board or panel the chair chairs")
    if decision.decided_by_id and roles.get(decision.decided_by_id) not in (
        DECIDER_ROLES
    ):
        errors["decided_by"] = _(
            "Choose someone in this organisation's commissioning team"
        )
    if decision.decided_by_body.strip() and not decision.decided_by_id:
        if not decision.board_chair_id:
            errors["board_chair"] = _(
                "Choose the decision maker who chairs the board or panel"
            )
        elif roles.get(decision.board_chair_id) not in CHAIR_ROLES:
            errors["board_chair"] = _(
                "The chair must be a decision maker in this organisation"
            )
    if not decision.decided_by_id and not decision.decided_by_body.strip():
        errors["decided_by_body"] = _(
            "Choose the person who decided, or name the board or panel"
        )
    if errors:
        raise ValidationError(errors)


def _publish(decision: Decision, *, by: User) -> None:
    """Confirm in ``by``'s name and publish; panel members hear about it."""
    now = timezone.now()
    decision.confirmed_by = by
    decision.confirmed_at = now
    decision.declined_at = None
    decision.declined_reason = ""
    decision.is_published = True
    decision.published_at = now
    decision._history_user = by  # type: ignore[attr-defined]
    decision.save()
    contributions.decision_published(decision)
    emit(
        organisation=decision.cycle.organisation,
        event=Event.DECISION_PUBLISHED,
        data={
            "decision": {
                "id": decision.pk,
                "title": decision.title,
                "decided": decision.decided,
                "decided_on": decision.decided_on,
                "published_at": decision.published_at,
            },
            "cycle": {"id": decision.cycle_id, "title": decision.cycle.title},
        },
    )


@transaction.atomic
def decision_record(
    *,
    cycle: Cycle,
    by: User,
    citizen_input: Iterable[Activity] = (),
    supersedes: Decision | None = None,
    **fields: Any,
) -> Decision:
    """Record a decision; a correction names the published decision it supersedes.

    It waits for the person named as deciding (or the board's chair) to confirm it,
    unless that is who records it: then it is confirmed and published at once."""
    if supersedes is not None:
        supersedes = Decision.objects.select_for_update().get(pk=supersedes.pk)
        if supersedes.cycle_id != cycle.pk:
            raise ValidationError(
                _("A decision can only correct one in the same cycle.")
            )
        if not supersedes.is_published:
            raise ValidationError(_("Only a published decision can be corrected."))
        if Decision.objects.filter(supersedes=supersedes).exists():
            raise ValidationError(_("This decision has already been corrected."))
    if set(fields) - DECISION_EDITABLE:
        raise ValidationError(_("This cannot be set when recording a decision."))
    decision = Decision(cycle=cycle, recorded_by=by, supersedes=supersedes, **fields)
    _check_deciders(decision)
    decision.full_clean()
    decision._history_user = by  # type: ignore[attr-defined]
    decision.save()
    decision.citizen_input.set([a for a in citizen_input if a.cycle_id == cycle.pk])
    # Recorded by the person who decided, it is theirs at once: published, unless
    # a required language is still to be written (then they confirm it after).
    if decision.confirmer_id == by.pk and not decision_publish_problem(decision):
        _publish(decision, by=by)
    return decision


@transaction.atomic
def decision_update(
    *,
    decision: Decision,
    by: User,
    citizen_input: Iterable[Activity] | None = None,
    **fields: Any,
) -> Decision:
    """Change a decision not yet published; it waits for confirmation again (a
    declined one too). A published one is final and can only be superseded."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.is_published:
        raise ValidationError(
            _("A published decision cannot be changed. Record a correction instead.")
        )
    for name, value in fields.items():
        if name not in DECISION_EDITABLE:
            raise ValidationError(_("This cannot be changed here."))
        setattr(decision, name, value)
    decision.declined_at = None
    decision.declined_reason = ""
    _check_deciders(decision)
    decision.full_clean()
    decision._history_user = by  # type: ignore[attr-defined]
    decision.save()
    if citizen_input is not None:
        decision.citizen_input.set(
            [a for a in citizen_input if a.cycle_id == decision.cycle_id]
        )
    return decision


def _check_confirmer(decision: Decision, by: User) -> None:
    """Only the person named as deciding, or the board's chair, still holding a
    role that may decide, confirms or declines."""
    role = roles_of(by).get(decision.cycle.organisation_id)
    allowed = CHAIR_ROLES if decision.decided_by_body else DECIDER_ROLES
    if decision.confirmer_id != by.pk or role not in allowed:
        raise PermissionDenied(
            _("Only the person named as deciding can confirm this decision.")
        )


@transaction.atomic
def decision_confirm(
    *, decision: Decision, by: User, seen: str | None = None
) -> Decision:
    """The person who decided (or the board's chair) confirms the decision, which
    publishes it in their name. ``seen`` is the fingerprint of what they read:
    if it changed since, nothing is confirmed."""
    decision = (
        Decision.objects.select_for_update().select_related("cycle").get(pk=decision.pk)
    )
    _check_confirmer(decision, by)
    if decision.is_published:
        return decision
    if seen is not None and seen != decision.fingerprint():
        raise ValidationError(
            _(
                "The decision was changed after you opened it. Read it again "
                "before you confirm it."
            )
        )
    problem = decision_publish_problem(decision)
    if problem:
        raise ValidationError(
            _("It cannot be published yet. %(problem)s") % {"problem": problem}
        )
    _publish(decision, by=by)
    return decision


#: Confirming is what publishes a decision: the old name stays for callers.
decision_publish = decision_confirm


@transaction.atomic
def decision_decline(*, decision: Decision, by: User, reason: str) -> Decision:
    """The person named as deciding says this is not their decision as written,
    and why; the team can change it, and it waits for them again."""
    decision = (
        Decision.objects.select_for_update().select_related("cycle").get(pk=decision.pk)
    )
    _check_confirmer(decision, by)
    if decision.is_published:
        raise ValidationError(
            _("A published decision cannot be declined. Record a correction instead.")
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say what is wrong with it")})
    decision.declined_at = timezone.now()
    decision.declined_reason = reason.strip()
    decision._history_user = by  # type: ignore[attr-defined]
    decision.save(update_fields=["declined_at", "declined_reason"])
    return decision
