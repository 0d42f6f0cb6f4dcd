"""Evaluating a phase's gate checks against what happened in the phase."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from cocommission.organisations.models import Membership, Role

from .contributions import gate_test
from .models import (
    ActivityStatus,
    Cycle,
    DecisionKind,
    GateAttestation,
    GateCheck,
    GateKind,
    GateRule,
    Mode,
)

# Moving between phases or overriding a gate is not the decision a check looks for.
_PROCEDURAL = {DecisionKind.PHASE_CHANGE, DecisionKind.GATE_OVERRIDE}


@dataclass(frozen=True)
class GateResult:
    check: GateCheck
    passed: bool
    detail: str
    attestation: GateAttestation | None = None


def gate_results(*, cycle: Cycle, phase: str) -> list[GateResult]:
    """Each active check guarding ``phase``, passed or not, in five queries at most."""
    checks = list(
        GateCheck.objects.active()
        .filter(organisation_id=cycle.organisation_id, phase=phase)
        .select_related("principle")
    )
    if not checks:
        return []
    # A traditional activity (the team alone) never meets a co-production check.
    done_modes = set(
        cycle.activities.filter(phase=phase, status=ActivityStatus.DONE)
        .exclude(mode=Mode.TRADITIONAL)
        .values_list("mode", flat=True)
    )
    decisions = list(
        cycle.decisions.filter(phase=phase)
        .exclude(kind__in=_PROCEDURAL)
        .values_list("confirmed_by_id", "is_published")
    )
    decision_makers = set(
        Membership.objects.filter(
            organisation_id=cycle.organisation_id, role=Role.DECISION_MAKER
        ).values_list("user_id", flat=True)
    )
    attestations = {
        a.gate_check_id: a
        for a in cycle.attestations.filter(gate_check__in=checks).select_related(
            "attested_by"
        )
    }

    def automatic(rule: str) -> tuple[bool, str]:
        if rule == GateRule.CO_PRODUCED_ACTIVITY_DONE:
            return bool(done_modes), _("No co-produced activity is done yet.")
        if rule == GateRule.CITIZEN_ACTION_DONE:
            return Mode.CO_DELIVERY in done_modes, _(
                "No co-delivery activity is done yet."
            )
        if rule == GateRule.CO_ASSESSMENT_DONE:
            return Mode.CO_ASSESSMENT in done_modes, _(
                "No co-assessment activity is done yet."
            )
        if rule == GateRule.DECISION_MAKER_DECIDED:
            # Confirmed by a decision maker: in their own name, or as a board's chair.
            decided = any(person in decision_makers for person, _p in decisions)
            return decided, _(
                "No decision maker has confirmed a decision in this phase yet."
            )
        if rule == GateRule.DECISION_PUBLISHED:
            published = any(p for _person, p in decisions)
            return published, _("No decision is published yet.")
        contributed = gate_test(rule)  # a rule of an app above cycles (panels)
        if contributed is not None:
            return contributed.passed(cycle, phase), str(contributed.why_not)
        return False, _("This rule is not known.")

    results = []
    for check in checks:
        if check.kind == GateKind.ATTESTED:
            attestation = attestations.get(check.pk)
            results.append(
                GateResult(
                    check,
                    attestation is not None,
                    _("Nobody has confirmed this yet.") if attestation is None else "",
                    attestation,
                )
            )
        else:
            passed, why_not = automatic(check.rule)
            results.append(GateResult(check, passed, "" if passed else why_not))
    return results
