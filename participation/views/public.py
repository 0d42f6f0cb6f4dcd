"""What anyone can see of a public cycle: its published decisions."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from cycles.models import Cycle, Decision, DecisionKind, Visibility
from governance.models import Charter
from ideas.models import Idea
from outcomes.scorecard import cycle_scorecard
from surveys.models import Ballot, Survey

from .public_org import open_ballots, open_surveys


@require_safe
def public_decisions(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """ "You said, we did": published decisions of a public cycle, for anyone."""
    cycle = get_object_or_404(
        Cycle.objects.filter(visibility=Visibility.PUBLIC, organisation__slug=org_slug)
        .with_current_phase()
        .select_related("organisation", "service_area"),
        pk=pk,
    )
    decisions = (
        Decision.objects.filter(cycle=cycle)
        .published()
        .exclude(kind=DecisionKind.PHASE_CHANGE)
        .select_related(
            "decided_by", "board_chair", "recorded_by", "confirmed_by", "superseded_by"
        )
        .prefetch_related(
            Prefetch(
                "citizen_input__surveys", queryset=Survey.objects.with_response_count()
            ),
            "meetings__panel",
        )
    )
    return render(
        request,
        "participation/public_decisions.html",
        {
            "cycle": cycle,
            "decisions": decisions,
            "surveys": Survey.objects.filter(
                activity__cycle=cycle, results_published=True
            )
            .with_response_count()
            .order_by("-published_at"),
            "open_surveys": open_surveys(activity__cycle=cycle),
            "open_ballots": open_ballots(activity__cycle=cycle),
            "decided_ballots": list(
                Ballot.objects.filter(
                    activity__cycle=cycle, decision__is_published=True
                ).select_related("decision")
            ),
            "charter": Charter.objects.latest_for(cycle.organisation),
            # Needs citizens raised here that the team recorded: "you said" in
            # their words, "we did" the need as recorded.
            "raised_needs": Idea.objects.published()
            .filter(cycle=cycle, need__isnull=False)
            .select_related("author", "need")
            .order_by("created_at", "pk"),
        },
    )


@require_safe
def public_outcomes(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """What a public cycle is trying to achieve and how it is going, in plain words."""
    cycle = get_object_or_404(
        Cycle.objects.filter(visibility=Visibility.PUBLIC, organisation__slug=org_slug)
        .with_current_phase()
        .select_related("organisation"),
        pk=pk,
    )
    card = cycle_scorecard(cycle)
    outcomes: dict[int, dict[str, object]] = {}
    for line in card.indicators:
        outcome = line.indicator.outcome
        entry = outcomes.setdefault(outcome.pk, {"outcome": outcome, "lines": []})
        entry["lines"].append(line)  # type: ignore[attr-defined]
    return render(
        request,
        "participation/public_outcomes.html",
        {
            "cycle": cycle,
            "outcomes": list(outcomes.values()),
            # Only what the team marked public.
            "benefits": [b for b in card.partner_benefits if b.is_public],
            "agreements": [a for a in card.agreements if a.is_public],
        },
    )
