"""What anyone can see of a public cycle: its published decisions, in the
language the reader chooses of those the cycle is written in."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from cocommission.languages import direction, local_name
from cocommission.translations import Piece
from cycles.models import Cycle
from cycles.translations import (
    chosen_language,
    cycle_in,
    cycle_pieces,
    decision_in,
    decision_pieces,
)
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


def in_language(
    request: HttpRequest, cycle: Cycle, pieces: Sequence[Piece]
) -> tuple[str, dict[str, Any]]:
    """The language to show the cycle's text in (``?lang=`` if offered, else the
    page's language if offered, else English) and the page's links to the other
    languages it is written in."""
    lang, offered = chosen_language(
        request.GET.get("lang", ""), get_language() or "", cycle.organisation, pieces
    )
    links = [
        {
            "code": code,
            "name": local_name(code),
            "dir": direction(code),
            "url": f"?{urlencode({'lang': code})}",
            "current": code == lang,
        }
        for code in offered
    ]
    return lang, {"content_languages": links if len(links) > 1 else []}


@require_safe
def public_decisions(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """ "You said, we did": published decisions of a public cycle, for anyone."""
    cycle = public_cycle(org_slug, pk)
    decisions = list(published_decisions(cycle))
    ballots = decided_ballots(cycle)
    pieces = cycle_pieces(cycle)
    for decision in [*decisions, *(b.decision for b in ballots if b.decision)]:
        pieces.extend(decision_pieces(decision))
    lang, languages = in_language(request, cycle, pieces)
    for ballot in ballots:
        if ballot.decision is not None:
            ballot.decision = decision_in(ballot.decision, lang)
    return render(
        request,
        "participation/public_decisions.html",
        {
            **languages,
            "cycle": cycle_in(cycle, lang),
            "decisions": [decision_in(decision, lang) for decision in decisions],
            "surveys": published_results(cycle),
            "open_surveys": open_surveys(activity__cycle=cycle),
            "open_ballots": open_ballots(activity__cycle=cycle),
            "decided_ballots": ballots,
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
    lang, languages = in_language(request, cycle, cycle_pieces(cycle))
    outcomes: dict[int, dict[str, object]] = {}
    for line in card.indicators:
        outcome = line.indicator.outcome
        entry = outcomes.setdefault(outcome.pk, {"outcome": outcome, "lines": []})
        entry["lines"].append(line)  # type: ignore[attr-defined]
    return render(
        request,
        "participation/public_outcomes.html",
        {
            **languages,
            "cycle": cycle_in(cycle, lang),
            "outcomes": list(outcomes.values()),
            # Only what the team marked public.
            "benefits": [b for b in card.partner_benefits if b.is_public],
            "agreements": [a for a in card.agreements if a.is_public],
        },
    )
