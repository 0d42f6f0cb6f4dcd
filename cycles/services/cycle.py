"""Workflows of a cycle itself: creating, changing, moving between phases past the
gates, recommissioning. Each is one transaction."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation, Role, roles_of

from .. import contributions
from ..gates import GateResult, gate_results
from ..models import (
    PHASE_ORDER,
    Cycle,
    CyclePhase,
    Decision,
    DecisionKind,
    GateAttestation,
    GateCheck,
    Phase,
    Status,
    Visibility,
)
from ..translations import cycle_publish_problem
from .decision import _decision, _today


class GateBlocked(Exception):
    """Leaving the phase is refused: these checks failed and nobody overrode them."""

    def __init__(self, failed: list[GateResult]) -> None:
        super().__init__(
            _("%(count)d gate checks have not passed.") % {"count": len(failed)}
        )
        self.failed = failed


@transaction.atomic
def cycle_create(
    *, organisation: Organisation, by: User, title: str, **fields: Any
) -> Cycle:
    """Start a cycle in Analyse, with its four phases and the creator in the team."""
    cycle = Cycle(
        organisation=organisation, title=title, lead=fields.pop("lead", by), **fields
    )
    cycle.full_clean()
    _check_languages(cycle, was_public=False)
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
    """Change a cycle's details; making it public needs its text in each of the
    organisation's required languages."""
    was_public = Cycle.objects.filter(
        pk=cycle.pk, visibility=Visibility.PUBLIC
    ).exists()
    for name, value in fields.items():
        setattr(cycle, name, value)
    cycle.full_clean()
    _check_languages(cycle, was_public=was_public)
    cycle.save()
    return cycle


def _check_languages(cycle: Cycle, *, was_public: bool) -> None:
    """A cycle is made public only with its public text written in each required
    language, and up to date with the English (as it is about to be saved)."""
    if cycle.visibility != Visibility.PUBLIC or was_public:
        return
    problem = cycle_publish_problem(cycle)
    if problem:
        raise ValidationError(
            {
                "visibility": _(
                    "It cannot be made public yet. %(problem)s Save it as private, "
                    "write it on the cycle's Languages page, then make it public."
                )
                % {"problem": problem}
            }
        )


def _check_move_date(*, cycle: Cycle, on: datetime.date) -> None:
    """A phase move happened on ``on``: today or earlier, and not before the
    latest date already recorded for the cycle's phases."""
    if on > _today():
        raise ValidationError(
            {"on": _("The date it happened must be today or in the past")}
        )
    recorded = [
        day
        for row in cycle.phases.all()
        for day in (row.actual_start, row.actual_end)
        if day is not None
    ]
    if recorded and on < max(recorded):
        raise ValidationError(
            {
                "on": _(
                    "The date it happened must be the same as or after %(date)s, "
                    "the latest date recorded for this cycle's phases (if that date "
                    "is wrong, change it on the cycle page first)"
                )
                % {"date": formats.date_format(max(recorded), "j F Y")}
            }
        )


def _pass_gates(
    *,
    cycle: Cycle,
    current: CyclePhase,
    by: User,
    override_reason: str,
    on: datetime.date,
) -> None:
    """Leaving ``current`` forward: its gate checks must pass, or a decision maker
    overrides the failed ones with a reason, recorded as a published decision."""
    failed = [r for r in gate_results(cycle=cycle, phase=current.phase) if not r.passed]
    if not failed:
        return
    if not override_reason.strip():
        raise GateBlocked(failed)
    if roles_of(by).get(cycle.organisation_id) != Role.DECISION_MAKER:
        raise PermissionDenied(_("Only a decision maker can override a gate check."))
    _decision(
        cycle=cycle,
        by=by,
        phase=current.phase,
        kind=DecisionKind.GATE_OVERRIDE,
        title=_("Moved on from %(phase)s with checks not passed")
        % {"phase": current.get_phase_display()},
        decided="\n".join(f"- {r.check.title}" for r in failed),
        rationale=override_reason,
        decided_on=on,
    )


@transaction.atomic
def cycle_move_to_phase(
    *,
    cycle: Cycle,
    to_phase: str,
    by: User,
    reason: str,
    override_reason: str = "",
    on: datetime.date | None = None,
) -> Decision:
    """Move a cycle to the next phase (gates apply) or back to an earlier one, as
    of ``on`` (today unless given: a move recorded after the fact).

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
    on = on or _today()
    _check_move_date(cycle=cycle, on=on)
    if there > here:
        _pass_gates(
            cycle=cycle,
            current=current,
            by=by,
            override_reason=override_reason,
            on=on,
        )

    target = cycle.phases.get(phase=to_phase)
    current.is_current = False
    current.actual_end = on
    current.save(update_fields=["is_current", "actual_end"])
    target.is_current = True
    target.actual_start = target.actual_start or on
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
        decided_on=on,
    )


def _phase_date_errors(
    row: CyclePhase, started: datetime.date | None, finished: datetime.date | None
) -> dict[str, str]:
    """What is wrong with these actual dates for ``row`` on their own, by field."""
    errors: dict[str, str] = {}
    today = _today()
    if started is None:
        errors["started"] = _("Enter the date the phase started")
    elif started > today:
        errors["started"] = _("The date it started must be today or in the past")
    if not row.is_current and finished is None:
        errors["finished"] = _("Enter the date the phase finished")
    elif finished is not None and finished > today:
        errors["finished"] = _("The date it finished must be today or in the past")
    elif finished is not None and started is not None and finished < started:
        errors["finished"] = _(
            "The date it finished must be the same as or after the date it started"
        )
    return errors


def _phase_order_error(
    rows: dict[str, CyclePhase], row: CyclePhase, started: datetime.date
) -> dict[str, str]:
    """Why ``started`` puts ``row`` out of order with the phases around it, if it
    does: no earlier than the phases before it began, no later than those after."""
    index = PHASE_ORDER.index(row.phase)
    earlier = [rows[p].actual_start for p in PHASE_ORDER[:index]]
    later = [rows[p].actual_start for p in PHASE_ORDER[index + 1 :]]
    floor = max((d for d in earlier if d), default=None)
    ceiling = min((d for d in later if d), default=None)
    if floor and started < floor:
        message = _(
            "The date it started must be the same as or after %(date)s, "
            "when the phase before it started"
        ) % {"date": formats.date_format(floor, "j F Y")}
        return {"started": message}
    if ceiling and started > ceiling:
        message = _(
            "The date it started must be the same as or before %(date)s, "
            "when the phase after it started"
        ) % {"date": formats.date_format(ceiling, "j F Y")}
        return {"started": message}
    return {}


@transaction.atomic
def cycle_phase_correct_dates(
    *,
    cycle: Cycle,
    phase: str,
    by: User,
    started: datetime.date | None,
    finished: datetime.date | None,
    reason: str,
) -> CyclePhase:
    """Correct when a phase that has started actually started and finished: never
    in the future, an end not before its start, the phases in their order. The
    change, who made it and why go in the phase's history."""
    rows = {row.phase: row for row in cycle.phases.select_for_update()}
    row = rows[phase]
    if row.actual_start is None:
        raise ValidationError(_("This phase has not started yet."))
    errors = _phase_date_errors(row, started, finished)
    if started is not None and "started" not in errors:
        errors.update(_phase_order_error(rows, row, started))
    if not reason.strip():
        errors["reason"] = _("Say why the dates are changing")
    elif len(reason.strip()) > 100:  # simple-history keeps 100 characters
        errors["reason"] = _("The reason must be 100 characters or fewer")
    if errors:
        raise ValidationError(errors)
    row.actual_start = started
    row.actual_end = None if row.is_current else finished
    row._change_reason = reason.strip()  # type: ignore[attr-defined]
    row._history_user = by  # type: ignore[attr-defined]
    row.save(update_fields=["actual_start", "actual_end"])
    return row


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
def cycle_recommission(
    *,
    cycle: Cycle,
    by: User,
    title: str,
    rationale: str,
    lessons: str = "",
    carry_team: bool = True,
    carry_risks: bool = False,
    override_reason: str = "",
    **carried: Iterable[Any],
) -> Cycle:
    """From Review, start the next cycle: linked to this one, with its team, the
    items chosen of each registered carry-over (``outcomes=`` with indicators,
    ``panels=`` with their members: see ``cycles.contributions``), its open risks
    if asked, and this cycle's lessons shown in the new one. The old cycle closes.

    Review's gate checks apply as to any phase move: failed ones refuse it unless
    a decision maker overrides them with a reason, recorded the same way."""
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
    _pass_gates(
        cycle=cycle,
        current=cycle.phases.get(is_current=True),
        by=by,
        override_reason=override_reason,
        on=_today(),
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
