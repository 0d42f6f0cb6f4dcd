"""The public value equation of a cycle, on one page.

Public sector inputs and community inputs (valued) go in; demand comes down and
outcomes come out, some of them to partners who did not pay. Every figure keeps a
link to its evidence. The rules, stated on the page too:

- a need's demand before is its recorded baseline (or its first demand
  indicator's baseline), after is the latest counted measurement of that indicator;
- a route's public input is the value of its contracts plus what the public sector
  spends on it otherwise; its community input is the value of its active pledges
  (hours a month times twelve at the organisation's hourly rate, plus money);
- the cycle's community inputs are everything communities bring to it, as the
  resources page values them;
- a route's achieved share is the latest value of its indicators (the demand it
  took, in the need's unit) as a share of the need's demand before;
- cost per unit is public input divided by the fall in demand.

All the arithmetic is in ``cycles.demand``: no figure can divide by zero."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from assets.models import PledgeStatus
from assets.resources import MONTHS_A_YEAR, cycle_resources
from cycles.demand import (
    change_said,
    cost_per_unit,
    money_said,
    number_said,
    percent_change,
    share_of,
)
from cycles.models import Cycle, Need, NeedRoute, NeedStatus, WayToMeet
from outcomes.models import (
    CostSharingAgreement,
    Indicator,
    Measurement,
    Outcome,
    PartnerBenefit,
    ValueType,
)

#: Cycles back along the recommissioning chain the chart reaches.
HISTORY_CYCLES = 6

#: Outcome kinds as the equation names them, from the kinds of value.
KINDS = [
    (ValueType.USER, _("Personal outcomes")),
    (ValueType.SOCIAL, _("Community outcomes")),
    (ValueType.ECONOMIC, _("Business and economic outcomes")),
    (ValueType.ENVIRONMENTAL, _("Environmental outcomes")),
]


@dataclass
class Evidence:
    label: str
    url: str


@dataclass
class RouteLine:
    route: NeedRoute
    planned_share: Decimal
    achieved_share: Decimal | None
    achieved_value: Decimal | None
    public_input: Decimal
    community_input: Decimal
    strategies: list[str]
    evidence: list[Evidence]


@dataclass
class NeedLine:
    need: Need
    unit: str
    before: Decimal | None
    after: Decimal | None
    after_date: Any
    change: Decimal | None
    change_words: str
    routes: list[RouteLine]
    planned_total: Decimal
    public_input: Decimal
    cost_per_unit: Decimal | None
    evidence: list[Evidence]
    headline: Indicator | None
    series: list[Measurement]


@dataclass
class OutcomeLine:
    outcome: Outcome
    indicators: list[tuple[Indicator, Decimal | None, str]]


@dataclass
class HistoryPoint:
    cycle: Cycle
    label: str
    by_route: dict[str, Decimal]
    demand: Decimal | None
    public: Decimal = Decimal(0)

    @property
    def total(self) -> Decimal:
        return sum(self.by_route.values(), Decimal(0))


@dataclass
class Equation:
    cycle: Cycle
    needs: list[NeedLine]
    public_inputs: Decimal
    community_inputs: Decimal
    community_evidence: Evidence
    public_by_route: dict[str, Decimal]
    outcomes_by_kind: list[tuple[str, list[OutcomeLine]]]
    benefits: list[PartnerBenefit]
    #: None when no benefit has an estimated value yet.
    benefits_total: Decimal | None
    agreements: list[CostSharingAgreement]
    cost_per_unit: Decimal | None
    reading: list[str]
    history: list[HistoryPoint]
    route_labels: list[tuple[str, str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.needs


def _org(cycle: Cycle) -> str:
    return cycle.organisation.slug


def _indicator_url(cycle: Cycle, indicator: Indicator) -> str:
    return reverse(
        "outcomes:indicator",
        kwargs={
            "org_slug": _org(cycle),
            "pk": indicator.outcome.framework_id,
            "indicator_pk": indicator.pk,
        },
    )


def _latest(indicators: list[Indicator]) -> tuple[Indicator | None, Measurement | None]:
    """The first indicator with a measurement, and its latest measurement."""
    for indicator in indicators:
        series = indicator.series  # type: ignore[attr-defined]
        if series:
            return indicator, series[-1]
    return (indicators[0] if indicators else None), None


def _pledge_value(route: NeedRoute, rate: Decimal) -> Decimal:
    total = Decimal(0)
    for pledge in route.pledges.all():
        if pledge.status not in (PledgeStatus.ACTIVE, PledgeStatus.MATCHED):
            continue
        hours = (pledge.hours_per_month or Decimal(0)) * MONTHS_A_YEAR
        total += hours * rate + (pledge.amount or Decimal(0))
    return total.quantize(Decimal("0.01"))


def _route_line(
    cycle: Cycle, route: NeedRoute, before: Decimal | None, rate: Decimal
) -> RouteLine:
    org = _org(cycle)
    contracts = list(route.contracts.all())
    public = sum((c.value or Decimal(0) for c in contracts), Decimal(0)) + (
        route.public_cost or Decimal(0)
    )
    indicators = list(route.indicators.all())
    indicator, latest = _latest(indicators)
    achieved = latest.value if latest else None
    evidence = [
        Evidence(
            f"{c.title} ({money_said(c.value) or _('no value recorded')})",
            reverse("contracts:detail", kwargs={"org_slug": org, "pk": c.pk}),
        )
        for c in contracts
    ]
    evidence += [Evidence(i.name, _indicator_url(cycle, i)) for i in indicators]
    evidence += [
        Evidence(a.title, cycle.get_absolute_url()) for a in route.activities.all()
    ]
    if route.pledges.all():
        evidence.append(
            Evidence(
                _("Pledges (%(n)d)") % {"n": len(route.pledges.all())},
                reverse("assets:pledges", kwargs={"org_slug": org}),
            )
        )
    return RouteLine(
        route=route,
        planned_share=route.planned_share,
        achieved_share=share_of(achieved, before),
        achieved_value=achieved,
        public_input=public,
        community_input=_pledge_value(route, rate),
        strategies=[s.name for s in route.strategies.all()],
        evidence=evidence,
    )


def _with_series(queryset: Any) -> Any:
    return queryset.select_related("outcome").prefetch_related(
        Prefetch(
            "measurements",
            queryset=Measurement.objects.order_by("period_end"),
            to_attr="series",
        )
    )


def _needs(cycle: Cycle) -> list[Need]:
    return list(
        cycle.needs.filter(
            Q(status=NeedStatus.RECOGNISED)
            | ~Q(demand_measure="")
            | Q(routes__isnull=False)
        )
        .distinct()
        .order_by("priority", "pk")
        .prefetch_related(
            Prefetch(
                "demand_indicators",
                queryset=_with_series(Indicator.objects.order_by("pk")),
                to_attr="demand_list",
            ),
            Prefetch(
                "routes",
                queryset=NeedRoute.objects.prefetch_related(
                    "strategies",
                    "activities",
                    "pledges",
                    "contracts",
                    Prefetch(
                        "indicators",
                        queryset=_with_series(Indicator.objects.order_by("pk")),
                    ),
                ),
                to_attr="route_list",
            ),
        )
    )


def _need_line(cycle: Cycle, need: Need, rate: Decimal) -> NeedLine:
    indicators: list[Indicator] = need.demand_list  # type: ignore[attr-defined]
    headline, latest = _latest(indicators)
    before = need.demand_baseline
    if before is None and headline is not None:
        before = headline.baseline_value
    after = latest.value if latest else None
    change = percent_change(before, after)
    routes = [
        _route_line(cycle, route, before, rate)
        for route in need.route_list  # type: ignore[attr-defined]
    ]
    public = sum((r.public_input for r in routes), Decimal(0))
    fall = (before - after) if before is not None and after is not None else None
    evidence = [Evidence(i.name, _indicator_url(cycle, i)) for i in indicators]
    return NeedLine(
        need=need,
        unit=need.demand_measure or (headline.unit if headline else ""),
        before=before,
        after=after,
        after_date=latest.period_end if latest else None,
        change=change,
        change_words=change_said(change),
        routes=routes,
        planned_total=sum((r.planned_share for r in routes), Decimal(0)),
        public_input=public,
        cost_per_unit=cost_per_unit(public, fall),
        evidence=evidence,
        headline=headline,
        series=headline.series if headline is not None else [],  # type: ignore[attr-defined]
    )


def _outcomes(cycle: Cycle) -> list[tuple[str, list[OutcomeLine]]]:
    outcomes = list(
        Outcome.objects.filter(framework__cycle=cycle)
        .order_by("framework_id", "priority", "order", "pk")
        .prefetch_related(
            Prefetch(
                "indicators",
                queryset=Indicator.objects.with_latest().select_related("outcome"),
            )
        )
    )
    lines = {
        o.pk: OutcomeLine(
            o,
            [
                (
                    i,
                    i.latest_value,  # type: ignore[attr-defined]
                    i.change_from_baseline(i.latest_value),  # type: ignore[attr-defined]
                )
                for i in o.indicators.all()
            ],
        )
        for o in outcomes
    }
    return [
        (str(label), [lines[o.pk] for o in outcomes if code in o.value_types])
        for code, label in KINDS
    ]


def _history(
    cycle: Cycle,
    current: dict[str, Decimal],
    demand: Decimal | None,
    public: Decimal,
) -> list[HistoryPoint]:
    """Inputs by route and demand for this cycle and those it recommissions."""
    chain: list[Cycle] = []
    previous = cycle.predecessor
    while previous is not None and len(chain) < HISTORY_CYCLES - 1:
        chain.append(previous)
        previous = previous.predecessor
    points = []
    for past in reversed(chain):
        rate = past.organisation.volunteer_hourly_rate
        lines = [_need_line(past, need, rate) for need in _needs(past)]
        by_route = _by_route(lines, cycle_resources(past).community_total)
        points.append(
            HistoryPoint(
                past,
                _label(past),
                by_route,
                _headline_demand(lines),
                sum((line.public_input for line in lines), Decimal(0)),
            )
        )
    points.append(HistoryPoint(cycle, _label(cycle), current, demand, public))
    return points


def _label(cycle: Cycle) -> str:
    return cycle.start_date.strftime("%Y") if cycle.start_date else cycle.title[:20]


def _by_route(lines: list[NeedLine], community: Decimal) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for line in lines:
        for route in line.routes:
            totals[route.route.route] += route.public_input
    totals[WayToMeet.CO_PRODUCTION] += community
    return {code: totals.get(code, Decimal(0)) for code in WayToMeet.values}


def _headline_demand(lines: list[NeedLine]) -> Decimal | None:
    for line in lines:
        if line.after is not None:
            return line.after
        if line.before is not None:
            return line.before
    return None


def _reading(
    lines: list[NeedLine],
    community: Decimal,
    history: list[HistoryPoint],
    benefits_total: Decimal | None,
    benefits: list[PartnerBenefit],
) -> list[str]:
    """What changed, in plain words, written from the figures."""
    sentences = []
    earlier = history[-2] if len(history) > 1 else None
    before_community = (
        earlier.by_route.get(WayToMeet.CO_PRODUCTION) if earlier is not None else None
    )
    if before_community is not None and community > before_community:
        inputs = _("community inputs rose to %(m)s") % {"m": money_said(community)}
    elif before_community is not None and community < before_community:
        inputs = _("community inputs fell to %(m)s") % {"m": money_said(community)}
    else:
        inputs = _("communities put in %(m)s (valued)") % {"m": money_said(community)}
    first = True
    for line in lines:
        if line.change is None:
            continue
        text = _("Demand (%(unit)s) for “%(need)s” %(change)s, from %(a)s to %(b)s") % {
            "unit": line.unit,
            "need": line.need.statement,
            "change": line.change_words,
            "a": number_said(line.before),
            "b": number_said(line.after),
        }
        if first:
            text = _("%(demand)s, while %(inputs)s.") % {
                "demand": text,
                "inputs": inputs,
            }
            first = False
        else:
            text = f"{text}."
        sentences.append(text)
    if first:
        sentences.append(
            _(
                "No change in demand can be said yet: it needs a baseline and a "
                "measurement. Meanwhile %(inputs)s."
            )
            % {"inputs": inputs}
        )
    if earlier is not None and earlier.public:
        change = percent_change(earlier.public, history[-1].public)
        if change:
            sentences.append(
                _(
                    "Public sector inputs %(change)s since the cycle before, "
                    "from %(a)s to %(b)s."
                )
                % {
                    "change": change_said(change),
                    "a": money_said(earlier.public),
                    "b": money_said(history[-1].public),
                }
            )
    if benefits:
        named = ", ".join(sorted({b.partner.name for b in benefits}))
        if benefits_total:
            sentences.append(
                _(
                    "Partners who did not pay for it gain too: %(names)s, an "
                    "estimated %(m)s."
                )
                % {"names": named, "m": money_said(benefits_total)}
            )
        else:
            sentences.append(
                _("Partners who did not pay for it gain too: %(names)s.")
                % {"names": named}
            )
    return sentences


def cycle_equation(cycle: Cycle, *, public_only: bool = False) -> Equation:
    """Everything the equation page shows for a cycle. ``public_only`` keeps the
    partner benefits and agreements the team marked public."""
    rate = cycle.organisation.volunteer_hourly_rate
    lines = [_need_line(cycle, need, rate) for need in _needs(cycle)]
    resources = cycle_resources(cycle)
    community = resources.community_total
    by_route = _by_route(lines, community)
    public_by_route: dict[str, Decimal] = defaultdict(Decimal)
    for line in lines:
        for route in line.routes:
            public_by_route[route.route.route] += route.public_input
    public = sum(public_by_route.values(), Decimal(0))
    benefits_qs = PartnerBenefit.objects.filter(cycle=cycle).select_related(
        "partner", "outcome"
    )
    agreements_qs = CostSharingAgreement.objects.filter(cycle=cycle).prefetch_related(
        "partners"
    )
    if public_only:
        benefits_qs = benefits_qs.filter(is_public=True)
        agreements_qs = agreements_qs.filter(is_public=True)
    benefits = list(benefits_qs)
    valued = [b.estimated_value for b in benefits if b.estimated_value is not None]
    # "Not valued yet" rather than £0 while no benefit has a value.
    benefits_total = sum(valued, Decimal(0)) if valued else None
    history = _history(cycle, by_route, _headline_demand(lines), public)
    falls = [
        line.before - line.after
        for line in lines
        if line.before is not None and line.after is not None
    ]
    units = {
        line.unit
        for line in lines
        if line.before is not None and line.after is not None
    }
    return Equation(
        cycle=cycle,
        needs=lines,
        public_inputs=public,
        community_inputs=community,
        community_evidence=Evidence(
            _("Resources of the cycle"),
            reverse(
                "assets:cycle_resources",
                kwargs={"org_slug": _org(cycle), "cycle_pk": cycle.pk},
            ),
        ),
        public_by_route={
            c: public_by_route.get(c, Decimal(0)) for c in WayToMeet.values
        },
        outcomes_by_kind=_outcomes(cycle),
        benefits=benefits,
        benefits_total=benefits_total,
        agreements=list(agreements_qs),
        # Only one unit of demand makes one cost per unit for the whole cycle.
        cost_per_unit=cost_per_unit(public, sum(falls, Decimal(0)))
        if len(units) == 1
        else None,
        reading=_reading(lines, community, history, benefits_total, benefits),
        history=history,
        route_labels=[(str(code), str(label)) for code, label in WayToMeet.choices],
    )


@dataclass(frozen=True)
class Bar:
    route: str
    label: str
    x: float
    y: float
    height: float
    value: Decimal


@dataclass(frozen=True)
class ChartGroup:
    label: str
    x: float
    bars: list[Bar]
    demand_x: float
    demand_y: float | None
    demand: Decimal | None


@dataclass(frozen=True)
class EquationChart:
    width: int
    height: int
    bar_width: int
    groups: list[ChartGroup]
    polyline: str
    top_money: Decimal
    top_demand: Decimal | None


def equation_chart(
    history: list[HistoryPoint], *, width: int = 600, height: int = 260
) -> EquationChart | None:
    """Inputs by route as stacked bars, one group a cycle, with demand as a line
    on its own scale; None when there is nothing to draw."""
    if not history or not any(p.total or p.demand for p in history):
        return None
    pad_x, pad_top, pad_bottom = 56, 24, 36
    plot = height - pad_top - pad_bottom
    top_money = max((p.total for p in history), default=Decimal(0)) or Decimal(1)
    demands = [p.demand for p in history if p.demand is not None]
    top_demand = max(demands) if demands and max(demands) > 0 else None
    step = (width - 2 * pad_x) / len(history)
    bar_width = int(min(step * 0.6, 80))
    labels = dict(WayToMeet.choices)
    groups = []
    for index, point in enumerate(history):
        x = round(pad_x + step * index + (step - bar_width) / 2, 1)
        base = float(height - pad_bottom)
        bars = []
        for code in WayToMeet.values:
            value = point.by_route.get(code, Decimal(0))
            size = round(float(value / top_money) * plot, 1)
            base -= size
            bars.append(Bar(code, str(labels[code]), x, round(base, 1), size, value))
        demand_y = (
            round(height - pad_bottom - float(point.demand / top_demand) * plot, 1)
            if point.demand is not None and top_demand
            else None
        )
        groups.append(
            ChartGroup(
                point.label,
                x,
                bars,
                round(x + bar_width / 2, 1),
                demand_y,
                point.demand,
            )
        )
    polyline = " ".join(
        f"{g.demand_x},{g.demand_y}" for g in groups if g.demand_y is not None
    )
    return EquationChart(
        width, height, bar_width, groups, polyline, top_money, top_demand
    )
