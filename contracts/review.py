"""The review summary of a contract, and recording the review's recommendation
as a decision."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _

from cocommission.accounts.models import User
from cocommission.disclosure import State
from cycles.models import DecisionKind, Phase
from cycles.services import decision_record
from outcomes.progress import indicator_status
from surveys.models import Kind
from surveys.results import survey_results

from .assessment import principles_for
from .complaints import Patterns, complaint_patterns
from .models import (
    ASPECTS,
    CoAssessmentReport,
    Contract,
    ContractReview,
    GovernanceRating,
    ProviderReturn,
    RatingPerspective,
    Recommendation,
)

#: The provider's figures "look good" when this share of the indicators that
#: can be judged is on track; citizens' view is "poor" below 3 and "good" from 4.
GOOD_FIGURES = Decimal("0.75")
POOR_RATING = Decimal(3)
GOOD_RATING = Decimal(4)


def indicators_with_status(contract: Contract) -> list[tuple[Any, Any, Any]]:
    """Each indicator the contract reports on, its latest measurement and where
    it stands against its target, in one query."""
    rows: list[tuple[Any, Any, Any]] = []
    for indicator in contract.indicators.select_related("outcome").with_latest():
        latest = indicator.latest_measurement()
        rows.append((indicator, latest, indicator_status(indicator, latest)))
    return rows


@dataclass
class ReviewSummary:
    indicators: list[tuple[Any, Any, Any]]
    on_track: int
    judged: int
    returns_by_status: dict[str, int]
    reports: int
    report_average: Decimal | None
    aspects: list[tuple[str, Decimal | None, int]]
    governance: list[tuple[Any, dict[str, tuple[Decimal, int]]]]
    complaints: Patterns
    survey_lines: list[tuple[str, int, str]] = field(default_factory=list)
    gap: str = ""
    reviews: list[ContractReview] = field(default_factory=list)


def _average(total: int, count: int) -> Decimal | None:
    return (Decimal(total) / count).quantize(Decimal("0.1")) if count else None


Aspects = list[tuple[str, Decimal | None, int]]
Governance = list[tuple[Any, dict[str, tuple[Decimal, int]]]]


def _report_aspects(
    contract: Contract,
) -> tuple[list[CoAssessmentReport], Aspects, Decimal | None]:
    """Citizens' reports, the average rating of each aspect, and of them all."""
    sums: dict[str, list[int]] = {code: [] for code, _label in ASPECTS}
    reports = list(CoAssessmentReport.objects.filter(contract=contract))
    for report in reports:
        for code, score in report.ratings.items():
            if code in sums:
                sums[code].append(int(score))
    aspects = [
        (str(label), _average(sum(sums[code]), len(sums[code])), len(sums[code]))
        for code, label in ASPECTS
    ]
    every = [score for scores in sums.values() for score in scores]
    return reports, aspects, _average(sum(every), len(every))


def _governance_ratings(contract: Contract) -> Governance:
    """Each principle with its average rating and count, by perspective."""
    ratings: dict[int, dict[str, tuple[Decimal, int]]] = {}
    for row in (
        GovernanceRating.objects.filter(contract=contract)
        .values("principle_id", "perspective")
        .annotate(average=Avg("score"), n=Count("pk"))
    ):
        ratings.setdefault(row["principle_id"], {})[row["perspective"]] = (
            Decimal(row["average"]).quantize(Decimal("0.1")),
            row["n"],
        )
    return [(p, ratings.get(p.pk, {})) for p in principles_for(contract)]


def _citizens_rating(
    report_average: Decimal | None, governance: Governance
) -> Decimal | None:
    """Citizens' view of the service: their reports' average, else their average
    governance rating."""
    if report_average is not None:
        return report_average
    citizen_scores = [
        by[RatingPerspective.CITIZEN][0]
        for _p, by in governance
        if RatingPerspective.CITIZEN in by
    ]
    if not citizen_scores:
        return None
    total = sum(citizen_scores, Decimal(0))
    return (total / len(citizen_scores)).quantize(Decimal("0.1"))


def _gap(judged: int, on_track: int, citizens: Decimal | None) -> str:
    """A warning when the figures and citizens' view of the service disagree."""
    if not judged or citizens is None:
        return ""
    share = Decimal(on_track) / judged
    if share >= GOOD_FIGURES and citizens < POOR_RATING:
        return _(
            "The figures look good, but citizens rate the service poorly "
            "(%(rating)s out of 5). Look closer before continuing as it is."
        ) % {"rating": citizens}
    if share < 1 - GOOD_FIGURES and citizens >= GOOD_RATING:
        return _(
            "Citizens rate the service well (%(rating)s out of 5) though the "
            "figures are off track. Check the indicators measure what matters."
        ) % {"rating": citizens}
    return ""


def review_summary(
    contract: Contract, indicators: list[tuple[Any, Any, Any]]
) -> ReviewSummary:
    """Everything a review weighs, in a fixed number of queries: performance
    (``indicators`` as the contract page shows them), returns, citizens'
    reports, governance ratings and complaints."""
    judged = [
        s for _i, _m, s in indicators if s.code in {"on_track", "at_risk", "off_track"}
    ]
    on_track = sum(1 for s in judged if s.code == "on_track")
    returns = dict(
        ProviderReturn.objects.filter(contract=contract)
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    reports, aspects, report_average = _report_aspects(contract)
    governance = _governance_ratings(contract)
    citizens = _citizens_rating(report_average, governance)
    gap = _gap(len(judged), on_track, citizens)
    survey_lines = _survey_lines(contract)
    return ReviewSummary(
        indicators=indicators,
        on_track=on_track,
        judged=len(judged),
        returns_by_status=returns,
        reports=len(reports),
        report_average=report_average,
        aspects=aspects,
        governance=governance,
        complaints=complaint_patterns(contract),
        gap=gap,
        survey_lines=survey_lines,
        reviews=list(
            ContractReview.objects.filter(contract=contract).select_related(
                "decision", "created_by"
            )
        ),
    )


AGREE = {"Agree", "Strongly agree"}


def _survey_lines(contract: Contract) -> list[tuple[str, int, str]]:
    """From the users' survey: each rating (average) or agreement question (share
    who agree), with how many answered."""
    survey = contract.ratings_survey
    if survey is None:
        return []
    lines = []
    for result in survey_results(survey):
        kind = result.question.kind
        if result.answered_state is not State.SHOWN:
            continue
        # The share who agree is shown only when the page's own figures give it,
        # so it cannot narrow a hidden group (cocommission.disclosure).
        agree_rows = [r for r in result.rows if r.label in AGREE]
        other_rows = [r for r in result.rows if r.label not in AGREE]
        derivable = not any(r.hidden for r in agree_rows) or not any(
            r.hidden for r in other_rows
        )
        if kind == Kind.RATING and result.mean is not None:
            shown = _("%(mean)s out of 5 on average") % {"mean": result.mean}
        elif kind == Kind.AGREEMENT and result.answered and derivable:
            agree = sum(r.count for r in result.rows if r.label in AGREE)
            shown = _("%(share)s%% agree") % {
                "share": round(100 * agree / result.answered)
            }
        else:
            continue
        lines.append((result.question.text, result.answered, shown))
    return lines


@transaction.atomic
def review_record(
    *,
    contract: Contract,
    recommendation: str,
    rationale: str,
    changes: str,
    by: User,
) -> ContractReview:
    """Record the review's recommendation in the cycle's decision log."""
    if not by.has_perm("cycles.override_gate", contract.cycle):
        raise ValidationError(_("Only a decision maker records the review's outcome."))
    if not rationale.strip():
        raise ValidationError({"rationale": _("Say why, in a sentence or two")})
    if recommendation == Recommendation.CHANGE and not changes.strip():
        raise ValidationError({"changes": _("Say what should change")})
    label = Recommendation(recommendation).label
    decided = str(label)
    if changes.strip():
        decided += ". " + _("Changes: %(changes)s") % {"changes": changes.strip()}
    decision = decision_record(
        cycle=contract.cycle,
        by=by,
        phase=Phase.REVIEW,
        kind=DecisionKind.RECOMMISSIONING,
        title=_("Review of %(contract)s: %(recommendation)s")
        % {"contract": contract.title, "recommendation": str(label).lower()},
        decided=decided,
        decided_by=by,
        decided_on=timezone.localdate(),
        rationale=rationale.strip(),
    )
    return ContractReview.objects.create(
        contract=contract,
        recommendation=recommendation,
        changes=changes.strip(),
        rationale=rationale.strip(),
        decision=decision,
        created_by=by,
    )
