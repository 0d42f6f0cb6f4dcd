"""Workflows of the commissioning cycle. Each is one transaction."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from cocommission.accounts.models import User
from cocommission.organisations.models import Membership, Organisation, Role, roles_of

from . import contributions
from .gates import GateResult, gate_results
from .models import (
    PHASE_ORDER,
    Activity,
    ActivityStatus,
    CatalogueEntry,
    Cycle,
    CyclePhase,
    Decision,
    DecisionKind,
    GateAttestation,
    GateCheck,
    Need,
    NeedStatus,
    Phase,
    Status,
)
from .models.decision import CHAIR_ROLES, DECIDER_ROLES

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


class GateBlocked(Exception):
    """Leaving the phase is refused: these checks failed and nobody overrode them."""

    def __init__(self, failed: list[GateResult]) -> None:
        super().__init__(
            _("%(count)d gate checks have not passed.") % {"count": len(failed)}
        )
        self.failed = failed


def _today() -> datetime.date:
    return timezone.localdate()


@transaction.atomic
def cycle_create(
    *, organisation: Organisation, by: User, title: str, **fields: Any
) -> Cycle:
    """Start a cycle in Analyse, with its four phases and the creator in the team."""
    cycle = Cycle(
        organisation=organisation, title=title, lead=fields.pop("lead", by), **fields
    )
    cycle.full_clean()
    cycle.save()
    cycle.team.add(by)
    bulk_create_with_history(
        [
            CyclePhase(
                cycle=cycle,
                phase=phase,
                order=order,
                is_current=phase == Phase.ANALYSE,
                actual_start=_today() if phase == Phase.ANALYSE else None,
            )
            for order, phase in enumerate(PHASE_ORDER)
        ],
        CyclePhase,
        default_user=by,
    )
    return cycle


@transaction.atomic
def cycle_update(*, cycle: Cycle, by: User, **fields: Any) -> Cycle:
    for name, value in fields.items():
        setattr(cycle, name, value)
    cycle.full_clean()
    cycle.save()
    return cycle


@transaction.atomic
def cycle_move_to_phase(
    *, cycle: Cycle, to_phase: str, by: User, reason: str, override_reason: str = ""
) -> Decision:
    """Move a cycle to the next phase (gates apply) or back to an earlier one.

    Failed gate checks block a forward move unless a decision maker overrides them
    with a reason; the override and the move are both recorded as decisions.
    """
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    current = cycle.phases.get(is_current=True)
    here, there = PHASE_ORDER.index(current.phase), PHASE_ORDER.index(to_phase)
    if there == here:
        raise ValidationError(_("The cycle is already in this phase."))
    if there > here + 1:
        raise ValidationError(
            _("Phases cannot be skipped. Move to the next phase first.")
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the cycle is moving")})

    if there > here:
        failed = [
            r for r in gate_results(cycle=cycle, phase=current.phase) if not r.passed
        ]
        if failed and not override_reason.strip():
            raise GateBlocked(failed)
        if failed:
            if roles_of(by).get(cycle.organisation_id) != Role.DECISION_MAKER:
                raise PermissionDenied(
                    _("Only a decision maker can override a gate check.")
                )
            _decision(
                cycle=cycle,
                by=by,
                phase=current.phase,
                kind=DecisionKind.GATE_OVERRIDE,
                title=_("Moved on from %(phase)s with checks not passed")
                % {"phase": current.get_phase_display()},
                decided="\n".join(f"- {r.check.title}" for r in failed),
                rationale=override_reason,
            )

    target = cycle.phases.get(phase=to_phase)
    current.is_current = False
    current.actual_end = _today()
    current.save(update_fields=["is_current", "actual_end"])
    target.is_current = True
    target.actual_start = target.actual_start or _today()
    target.actual_end = None
    target.save(update_fields=["is_current", "actual_start", "actual_end"])
    if cycle.status == Status.DRAFT:
        cycle.status = Status.ACTIVE
        cycle.save(update_fields=["status", "updated_at"])
    return _decision(
        cycle=cycle,
        by=by,
        phase=current.phase,
        kind=DecisionKind.PHASE_CHANGE,
        title=_("Moved from %(from)s to %(to)s")
        % {"from": current.get_phase_display(), "to": target.get_phase_display()},
        decided=_("The cycle moved to %(to)s.") % {"to": target.get_phase_display()},
        rationale=reason,
    )


def _decision(*, cycle: Cycle, by: User, **fields: Any) -> Decision:
    """A record of what the system did at someone's request, in their own name:
    confirmed by them and final at once."""
    now = timezone.now()
    decision = Decision(
        cycle=cycle,
        decided_by=by,
        recorded_by=by,
        decided_on=_today(),
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


@transaction.atomic
def gate_attest(
    *, cycle: Cycle, gate_check: GateCheck, by: User, evidence: str
) -> GateAttestation:
    """Confirm, with evidence, that an attested check is met (replacing any earlier)."""
    if gate_check.organisation_id != cycle.organisation_id:
        raise ValidationError(_("This check belongs to another organisation."))
    if not evidence.strip():
        raise ValidationError(
            {"evidence": _("Describe the evidence that the check is met")}
        )
    attestation, _created = GateAttestation.objects.update_or_create(
        cycle=cycle,
        gate_check=gate_check,
        defaults={"evidence": evidence, "attested_by": by},
    )
    return attestation


@transaction.atomic
def activity_create(
    *,
    cycle: Cycle,
    by: User,
    covers_tasks: Iterable[CatalogueEntry] = (),
    **fields: Any,
) -> Activity:
    activity = Activity(cycle=cycle, **fields)
    activity.full_clean()
    activity.save()
    activity.covers_tasks.set(covers_tasks)
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    by: User,
    covers_tasks: Iterable[CatalogueEntry] | None = None,
    **fields: Any,
) -> Activity:
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.full_clean()
    activity.save()
    if covers_tasks is not None:
        activity.covers_tasks.set(covers_tasks)
    return activity


@transaction.atomic
def activity_set_status(*, activity: Activity, status: str, by: User) -> Activity:
    if status not in ActivityStatus.values:
        raise ValidationError({"status": _("Choose a status from the list")})
    activity.status = status
    activity.save(update_fields=["status"])
    return activity


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
    if decision.confirmer_id == by.pk:
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


@transaction.atomic
def cycle_recommission(
    *,
    cycle: Cycle,
    by: User,
    title: str,
    rationale: str,
    lessons: str = "",
    carry_team: bool = True,
    carry_risks: bool = False,
    **carried: Iterable[Any],
) -> Cycle:
    """From Review, start the next cycle: linked to this one, with its team, the
    items chosen of each registered carry-over (``outcomes=`` with indicators,
    ``panels=`` with their members: see ``cycles.contributions``), its open risks
    if asked, and this cycle's lessons shown in the new one. The old cycle closes."""
    carry_overs = contributions.carry_overs()
    unknown = set(carried) - {c.name for c in carry_overs}
    if unknown:
        raise TypeError(f"Nothing registered to carry over as {sorted(unknown)}")
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if not cycle.phases.filter(is_current=True, phase=Phase.REVIEW).exists():
        raise ValidationError(_("A cycle can only be recommissioned from Review."))
    if not rationale.strip():
        raise ValidationError(
            {"rationale": _("Say why the service is being recommissioned")}
        )
    successor = cycle_create(
        organisation=cycle.organisation,
        by=by,
        title=title,
        service_area=cycle.service_area,
        problem_statement=cycle.problem_statement,
        level=cycle.level,
        population_served=cycle.population_served,
        predecessor=cycle,
    )
    if carry_team:
        successor.team.add(*cycle.team.all())
    for carry_over in carry_overs:
        carry_over.copy(
            items=carried.get(carry_over.name) or (), to_cycle=successor, by=by
        )
    if carry_risks:
        for risk in cycle.risks.open():
            risk.pk = None
            risk.cycle = successor
            risk.save()
    _decision(
        cycle=cycle,
        by=by,
        phase=Phase.REVIEW,
        kind=DecisionKind.RECOMMISSIONING,
        title=_("Recommissioned as “%(title)s”") % {"title": title},
        decided=_("A new cycle starts, carrying over this cycle's lessons."),
        rationale=rationale,
    )
    cycle.status = Status.CLOSED
    if lessons.strip():
        cycle.lessons = lessons
    cycle.save(update_fields=["status", "lessons", "updated_at"])
    return successor


@transaction.atomic
def cycle_plan_phases(
    *,
    cycle: Cycle,
    by: User,
    dates: dict[str, tuple[datetime.date | None, datetime.date | None]],
) -> None:
    """Set the planned dates of each phase; an end before its start is refused."""
    errors = {}
    for phase, (start, end) in dates.items():
        if start and end and end < start:
            errors[f"{phase}_end"] = _(
                "The planned end must be on or after the planned start"
            )
    if errors:
        raise ValidationError(errors)
    for row in cycle.phases.select_for_update():
        if row.phase in dates:
            row.planned_start, row.planned_end = dates[row.phase]
            row.save(update_fields=["planned_start", "planned_end"])


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
