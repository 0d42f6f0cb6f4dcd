"""The results a cycle report carries (issue #16, "Reports that carry the
results"): every outcome with its indicators (the latest value with its date
and source, a small trend with its figures, cost per unit where entered), saying
plainly where an outcome has no indicator yet; and every contract of the cycle
with what its monitoring found."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q

#: Measurements listed under each indicator's trend; the annex has them all.
RECENT = 8


@dataclass
class IndicatorResult:
    line: Any  # outcomes.scorecard.IndicatorLine: status and value for money
    latest: Any  # the latest Measurement, or None
    chart: Any  # outcomes.progress.TrendChart, or None
    recent: list[Any]  # up to RECENT measurements, oldest first
    earlier: int  # measurements before those
    #: "down 60% from the baseline", for a target written as a change
    change: str = ""


@dataclass
class OutcomeResult:
    outcome: Any
    indicators: list[IndicatorResult] = field(default_factory=list)
    #: Who else benefits (OutcomeBeneficiary), besides the people it is for.
    beneficiaries: list[Any] = field(default_factory=list)


@dataclass
class ContractResult:
    contract: Any
    providers: list[str]
    on_track: int
    judged: int
    meetings_held: int
    issues_raised: int
    issues_open: int
    complaints: int
    complaints_open: int
    #: Citizens' average rating (of 5) and how many rated; the average only
    #: where enough people rated that no one's rating can be read from it.
    rating: Decimal | None
    ratings: int


def outcome_results(cycle: Any, card: Any) -> tuple[list[OutcomeResult], list[Any]]:
    """(every outcome of the cycle's frameworks in the scorecard's order, with its
    indicators; every measurement of those indicators, for the annex). Three
    queries."""
    from outcomes.models import Measurement, Outcome, TargetKind
    from outcomes.progress import trend_chart

    lines = {line.indicator.pk: line for line in card.indicators}
    series: dict[int, list[Any]] = defaultdict(list)
    measurements = list(
        Measurement.objects.filter(indicator_id__in=list(lines)).order_by(
            "indicator_id", "period_end", "pk"
        )
    )
    for measurement in measurements:
        series[measurement.indicator_id].append(measurement)
    results = {
        outcome.pk: OutcomeResult(outcome)
        for outcome in Outcome.objects.filter(framework__cycle=cycle).order_by(
            "framework_id", "priority", "pk"
        )
    }
    for beneficiary in card.beneficiaries:
        if beneficiary.outcome_id in results:
            results[beneficiary.outcome_id].beneficiaries.append(beneficiary)
    for pk, line in lines.items():
        if line.indicator.outcome_id not in results:
            continue
        values = series.get(pk, [])
        results[line.indicator.outcome_id].indicators.append(
            IndicatorResult(
                line=line,
                latest=values[-1] if values else None,
                chart=trend_chart(line.indicator, values, width=420, height=140),
                recent=values[-RECENT:],
                earlier=max(len(values) - RECENT, 0),
                change=line.indicator.change_from_baseline(values[-1].value)
                if values and line.indicator.target_kind == TargetKind.CHANGE
                else "",
            )
        )
    return list(results.values()), measurements


def contract_results(cycle: Any) -> list[ContractResult]:
    """Each contract of the cycle with what its monitoring found. A fixed number
    of queries per contract (a cycle has a handful)."""
    from cocommission.disclosure import K
    from contracts.models import Contract, IssueStatus, MonitoringIssue
    from contracts.review import indicators_with_status, review_summary

    results = []
    for contract in (
        Contract.objects.filter(cycle=cycle)
        .prefetch_related("providers")
        .order_by("starts_on", "title", "pk")
    ):
        summary = review_summary(contract, indicators_with_status(contract))
        issues = MonitoringIssue.objects.filter(
            monitoring_meeting__contract=contract
        ).aggregate(
            raised=Count("pk"), open=Count("pk", filter=Q(status=IssueStatus.OPEN))
        )
        held = contract.monitoring_meetings.filter(
            meeting__starts_at__lte=_now()
        ).count()
        results.append(
            ContractResult(
                contract=contract,
                providers=[p.name for p in contract.providers.all()],
                on_track=summary.on_track,
                judged=summary.judged,
                meetings_held=held,
                issues_raised=issues["raised"],
                issues_open=issues["open"],
                complaints=summary.complaints.total,
                complaints_open=summary.complaints.still_open,
                rating=summary.report_average if summary.reports >= K else None,
                ratings=summary.reports,
            )
        )
    return results


def _now() -> Any:
    from django.utils import timezone

    return timezone.now()
