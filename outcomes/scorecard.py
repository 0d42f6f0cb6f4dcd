"""The public value scorecard of a cycle: outcomes, governance, involvement, cost."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cycles.coverage import Coverage, cycle_coverage
from cycles.models.risk import HIGH_RATING
from governance.assessment import Comparison, governance_comparison
from panels.representation import cycle_participants, representation

from .models import (
    CostSharingAgreement,
    CycleCost,
    Indicator,
    OutcomeBeneficiary,
    PartnerBenefit,
)
from .progress import Status, ValueForMoney, indicator_status, value_for_money


@dataclass(frozen=True)
class IndicatorLine:
    indicator: Indicator
    framework_id: int
    status: Status
    value_for_money: ValueForMoney | None


@dataclass(frozen=True)
class Scorecard:
    indicators: list[IndicatorLine]
    status_counts: dict[str, int]
    governance: list[Comparison]
    team_overall: Decimal | None
    citizen_overall: Decimal | None
    coverage: Coverage
    costs: list[CycleCost]
    total_cost: Decimal
    high_risks: int
    high_risks_with_fallback: int
    #: People holding seats on the cycle's panels.
    participants: int
    #: "Category: answer" for each group under-represented among them.
    under_represented: list[str]
    #: Who else benefits from the outcomes, besides the people they are for.
    beneficiaries: list[OutcomeBeneficiary]
    #: What partners (organisations the team keeps) gain, with estimated values.
    partner_benefits: list[PartnerBenefit]
    agreements: list[CostSharingAgreement]


def _counts(lines: list[IndicatorLine]) -> dict[str, int]:
    counts = Counter(line.status.code for line in lines)
    codes = ("on_track", "at_risk", "off_track", "no_data", "not_assessable")
    result = {code: counts.get(code, 0) for code in codes}
    result["unknown"] = result["no_data"] + result["not_assessable"]
    return result


def _weighted(rows: list[Comparison], attr: str) -> Decimal | None:
    pairs = [
        (getattr(r, attr), r.principle.weight)
        for r in rows
        if getattr(r, attr) is not None
    ]
    weight = sum(w for _score, w in pairs)
    if not weight:
        return None
    return (sum(score * w for score, w in pairs) / weight).quantize(Decimal("0.1"))


def cycle_scorecard(cycle: Any) -> Scorecard:
    """Everything the scorecard shows, in a fixed number of queries."""
    indicators = list(
        Indicator.objects.filter(outcome__framework__cycle=cycle)
        .select_related("outcome")
        .with_latest()
        .order_by("outcome__framework_id", "outcome__priority", "order", "pk")
    )
    lines = []
    for indicator in indicators:
        measured = indicator.latest_measurement()
        lines.append(
            IndicatorLine(
                indicator,
                indicator.outcome.framework_id,
                indicator_status(indicator, measured),
                value_for_money(indicator, measured),
            )
        )
    governance = governance_comparison(cycle)
    costs = list(cycle.costs.all())
    high = [
        bool(resilience.strip())
        for likelihood, impact, resilience in cycle.risks.open().values_list(
            "likelihood", "impact", "resilience"
        )
        if likelihood * impact >= HIGH_RATING
    ]
    people = cycle_participants(cycle)
    participants = people.count()
    under = [
        f"{table.category.name}: {row.label}"
        for table in representation(
            organisation=cycle.organisation, people=people, total=participants
        )
        for row in table.flagged
    ]
    return Scorecard(
        indicators=lines,
        status_counts=_counts(lines),
        governance=governance,
        team_overall=_weighted(governance, "team_score"),
        citizen_overall=_weighted(governance, "citizen_score"),
        coverage=cycle_coverage(cycle, with_tasks=False),
        costs=costs,
        total_cost=sum((c.amount for c in costs), Decimal(0)),
        high_risks=len(high),
        high_risks_with_fallback=sum(high),
        participants=participants,
        under_represented=under,
        beneficiaries=list(
            OutcomeBeneficiary.objects.filter(outcome__framework__cycle=cycle)
            .select_related("outcome")
            .order_by("outcome__framework_id", "outcome__priority", "outcome_id", "pk")
        ),
        partner_benefits=list(
            PartnerBenefit.objects.filter(cycle=cycle).select_related(
                "partner", "outcome"
            )
        ),
        agreements=list(
            CostSharingAgreement.objects.filter(cycle=cycle).prefetch_related(
                "partners"
            )
        ),
    )
