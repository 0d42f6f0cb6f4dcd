"""What goes into each kind of report: the context for its HTML template and the
tables of its XLSX data annex. Everything is read at build time, so the same
data gives the same report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from cycles.models import FOUR_COS, Decision, Mode

from .cycle_results import (
    OutcomeResult,
    contract_results,
    outcome_results,
)
from .equation import Equation, cycle_equation
from .models import Report, ReportKind

Sheet = tuple[str, list[list[Any]]]


@dataclass
class Built:
    title: str
    template: str
    context: dict[str, Any]
    sheets: list[Sheet] = field(default_factory=list)


def _indicator_rows(outcomes: list[OutcomeResult]) -> list[list[Any]]:
    """A row per indicator, and one saying so for each outcome without any."""
    rows: list[list[Any]] = []
    for result in outcomes:
        statement = result.outcome.statement
        if not result.indicators:
            rows.append([statement, _("No indicator yet")])
        for item in result.indicators:
            indicator, latest = item.line.indicator, item.latest
            money = item.line.value_for_money
            rows.append(
                [
                    statement,
                    indicator.name,
                    indicator.unit,
                    indicator.baseline_value,
                    indicator.target,
                    latest.value if latest else None,
                    latest.period_end.isoformat() if latest else None,
                    latest.get_source_display() if latest else None,
                    item.line.status.label,
                    money.cost_per_unit if money else None,
                ]
            )
    return rows


def _equation_sheets(equation: Equation) -> list[Sheet]:
    """The equation's figures, routes and partners' benefits, for the annex."""
    figures: list[list[Any]] = [
        [_("Figure"), _("Value")],
        [_("Public sector inputs (£)"), equation.public_inputs],
        [_("Community inputs, valued (£)"), equation.community_inputs],
        [_("Cost per unit of demand taken away (£)"), equation.cost_per_unit],
        [_("What partners gain, estimated (£)"), equation.benefits_total],
    ]
    routes: list[list[Any]] = [
        [
            _("Need"),
            _("Demand measured as"),
            _("Demand before"),
            _("Demand now"),
            _("Change (%)"),
            _("Route"),
            _("Planned share (%)"),
            _("Achieved share (%)"),
            _("Public input (£)"),
            _("Community input (£)"),
        ]
    ]
    for line in equation.needs:
        start = [
            line.need.statement,
            line.unit,
            line.before,
            line.after,
            line.change,
        ]
        routes += [
            start
            + [
                r.route.get_route_display(),
                r.planned_share,
                r.achieved_share,
                r.public_input,
                r.community_input,
            ]
            for r in line.routes
        ] or [start + [None] * 5]
    partners: list[list[Any]] = [
        [
            _("Partner"),
            _("What they gain"),
            _("Estimated value (£)"),
            _("How estimated"),
        ]
    ] + [
        [b.partner.name, b.benefit, b.estimated_value, b.how_estimated]
        for b in equation.benefits
    ]
    return [
        (_("Public value equation"), figures),
        (_("Demand and routes"), routes),
        (_("Who gains"), partners),
    ]


def _cycle(report: Report) -> Built:
    from assets.resources import cycle_resources
    from outcomes.scorecard import cycle_scorecard

    cycle = report.cycle
    assert cycle is not None  # noqa: S101 - the kind says so
    card = cycle_scorecard(cycle)
    resources = cycle_resources(cycle)
    equation = cycle_equation(cycle)
    activities = list(cycle.activities.order_by("phase", "pk"))
    # Only what the decision makers confirmed: a report is shared beyond the team.
    decisions = list(
        Decision.objects.filter(cycle=cycle)
        .published()
        .current()
        .select_related("decided_by", "board_chair", "recorded_by", "confirmed_by")
        .order_by("decided_on", "pk")
    )
    from surveys.models import Survey
    from surveys.results import survey_results

    surveys = [
        (survey, survey_results(survey, public=True))
        for survey in Survey.objects.filter(
            activity__cycle=cycle, published_at__isnull=False
        )
        .with_response_count()
        .order_by("published_at", "pk")
    ]
    risks = list(cycle.risks.open())
    risks.sort(key=lambda r: -r.rating)
    modes = [str(Mode(mode).label) for mode in FOUR_COS]
    outcomes, measurements = outcome_results(cycle, card)
    names = {line.indicator.pk: line.indicator.name for line in card.indicators}
    contracts = contract_results(cycle)
    sheets: list[Sheet] = [
        (
            _("Activities"),
            [[_("Phase"), _("Mode"), _("Activity"), _("Status")]]
            + [
                [
                    a.get_phase_display(),
                    a.get_mode_display(),
                    a.title,
                    a.get_status_display(),
                ]
                for a in activities
            ],
        ),
        (
            _("Decisions"),
            [[_("Date"), _("Phase"), _("Decision"), _("What was decided"), _("Why")]]
            + [
                [
                    d.decided_on.isoformat(),
                    d.get_phase_display(),
                    d.title,
                    d.decided,
                    d.rationale,
                ]
                for d in decisions
            ],
        ),
        (
            _("Indicators"),
            [
                [
                    _("Outcome"),
                    _("Indicator"),
                    _("Unit"),
                    _("Baseline"),
                    _("Target"),
                    _("Latest"),
                    _("Period ending"),
                    _("Source"),
                    _("Status"),
                    _("Cost per unit (£)"),
                ]
            ]
            + _indicator_rows(outcomes),
        ),
        (
            _("Measurements"),
            [[_("Indicator"), _("Period ending"), _("Value"), _("Source"), _("Note")]]
            + [
                [
                    names[m.indicator_id],
                    m.period_end.isoformat(),
                    m.value,
                    m.get_source_display(),
                    m.note,
                ]
                for m in measurements
            ],
        ),
        (
            _("Contracts"),
            [
                [
                    _("Contract"),
                    _("Providers"),
                    _("Status"),
                    _("Indicators on track"),
                    _("Indicators judged"),
                    _("Monitoring meetings held"),
                    _("Issues raised"),
                    _("Issues open"),
                    _("Complaints"),
                    _("Complaints open"),
                    _("Citizens' rating (of 5)"),
                ]
            ]
            + [
                [
                    c.contract.title,
                    ", ".join(c.providers),
                    c.contract.get_status_display(),
                    c.on_track,
                    c.judged,
                    c.meetings_held,
                    c.issues_raised,
                    c.issues_open,
                    c.complaints,
                    c.complaints_open,
                    c.rating,
                ]
                for c in contracts
            ],
        ),
        (
            _("Governance"),
            [[_("Principle"), _("Team score"), _("Citizens' score")]]
            + [
                [g.principle.name, g.team_score, g.citizen_score]
                for g in card.governance
            ],
        ),
        (
            _("Risks"),
            [[_("Risk"), _("Whose"), _("Likelihood"), _("Impact"), _("Rating")]]
            + [
                [r.description, r.get_whose_display(), r.likelihood, r.impact, r.rating]
                for r in risks
            ],
        ),
        (
            _("Resources"),
            [[_("Source"), _("Amount (£)")]]
            + [[str(label), amount] for label, amount in resources.by_source],
        ),
        *_equation_sheets(equation),
    ]
    return Built(
        title=cycle.title,
        template="reports/cycle.html",
        context={
            "cycle": cycle,
            "phases": list(cycle.phases.all()),
            "activities": activities,
            "modes": modes,
            "card": card,
            "resources": resources,
            "decisions": decisions,
            "risks": risks,
            "surveys": surveys,
            "outcomes": outcomes,
            "contracts": contracts,
            "equation": equation,
        },
        sheets=sheets,
    )


def _survey(report: Report) -> Built:
    from surveys.results import survey_results

    survey = report.survey
    assert survey is not None  # noqa: S101
    results = survey_results(survey, public=True)
    rows: list[list[Any]] = [[_("Question"), _("Answer"), _("People"), _("Share (%)")]]
    for result in results:
        for row in result.rows:
            rows.append([result.question.text, row.label, row.count_shown, row.percent])
        for statement, scale in result.matrix:
            for row in scale:
                rows.append(
                    [
                        f"{result.question.text}: {statement}",
                        row.label,
                        row.count_shown,
                        row.percent,
                    ]
                )
    return Built(
        title=survey.title,
        template="reports/survey.html",
        context={"survey": survey, "results": results},
        sheets=[(_("Answers"), rows)],
    )


def _ballot(report: Report) -> Built:
    from surveys.ballot_counts import ballot_stored_result
    from surveys.ballots import ballot_results

    ballot = report.ballot
    assert ballot is not None  # noqa: S101
    # The stored count when it holds every vote; else counting here is fine: a
    # report is made in the background, never in a request.
    result = ballot_stored_result(ballot) or ballot_results(ballot)
    rows: list[list[Any]] = [
        [
            _("Option"),
            _("Cost (£)"),
            _("Votes"),
            _("Most votes first"),
            _("Equal Shares"),
        ]
    ] + [
        [r.option.title, r.option.cost, r.votes, r.by_votes, r.by_equal_shares]
        for r in result.options
    ]
    return Built(
        title=ballot.title,
        template="reports/ballot.html",
        context={"ballot": ballot, "result": result},
        sheets=[(_("Options"), rows)],
    )


def _contract(report: Report) -> Built:
    from contracts.review import indicators_with_status, review_summary

    contract = report.contract
    assert contract is not None  # noqa: S101
    summary = review_summary(contract, indicators_with_status(contract))
    return Built(
        title=contract.title,
        template="reports/contract.html",
        context={
            "contract": contract,
            "summary": summary,
            "providers": list(contract.providers.all()),
        },
        sheets=[
            (
                _("Indicators"),
                [[_("Indicator"), _("Latest"), _("Period"), _("Target"), _("Status")]]
                + [
                    [
                        i.name,
                        m.value if m else None,
                        m.period_end.isoformat() if m else None,
                        i.target,
                        s.label,
                    ]
                    for i, m, s in summary.indicators
                ],
            ),
            (
                _("Citizens' ratings"),
                [[_("Part of the service"), _("Average of 5"), _("Ratings")]]
                + [[label, avg, n] for label, avg, n in summary.aspects],
            ),
            (
                _("Complaints"),
                [[_("Category"), _("All time"), _("Upheld"), _("Median days")]]
                + [
                    [c.label, c.total, c.upheld, c.median_days]
                    for c in summary.complaints.categories
                ],
            ),
        ],
    )


BUILDERS: dict[str, Callable[[Report], Built]] = {
    ReportKind.CYCLE: _cycle,
    ReportKind.SURVEY: _survey,
    ReportKind.BALLOT: _ballot,
    ReportKind.CONTRACT: _contract,
}


def build(report: Report) -> Built:
    return BUILDERS[report.kind](report)
