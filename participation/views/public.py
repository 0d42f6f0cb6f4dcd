"""What anyone can see of a public cycle: its published decisions."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from governance.translations import charter_shown
from ideas.models import Idea
from outcomes.scorecard import cycle_scorecard

from ..public import (
    decided_ballots,
    public_cycle,
    published_decisions,
    published_results,
)
from .public_org import open_ballots, open_surveys


@require_safe
def public_decisions(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """ "You said, we did": published decisions of a public cycle, for anyone."""
    cycle = public_cycle(org_slug, pk)
    decisions = published_decisions(cycle)
    return render(
        request,
        "participation/public_decisions.html",
        {
            "cycle": cycle,
            "decisions": decisions,
            "surveys": published_results(cycle),
            "open_surveys": open_surveys(activity__cycle=cycle),
            "open_ballots": open_ballots(activity__cycle=cycle),
            "decided_ballots": decided_ballots(cycle),
            # In the language chosen (?lang=, else the page's), where written.
            "charter": charter_shown(request, cycle.organisation)[0],
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
    cycle = public_cycle(org_slug, pk)
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
