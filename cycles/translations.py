"""A public cycle and its published decisions in the organisation's languages:
what the team writes in each, what holds back making a cycle public or
publishing a decision, and the cycle and decisions as people reading in one
language see them (``cocommission.translations``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from cocommission import translations as translated
from cocommission.languages import direction, language_name
from cocommission.translations import Piece

from .models import Cycle, Decision
from .models.cycle import TRANSLATED_FIELDS as CYCLE_FIELDS
from .models.decision import TRANSLATED_FIELDS as DECISION_FIELDS


def cycle_pieces(cycle: Cycle) -> list[Piece]:
    """What the public pages show of the cycle: its title, and its problem and
    who it is for when written."""
    found = [Piece(cycle, "title", _("Title"), prefix="cycle")]
    if cycle.problem_statement.strip():
        found.append(
            Piece(
                cycle, "problem_statement", _("Problem statement"), None, True, "cycle"
            )
        )
    if cycle.population_served.strip():
        found.append(
            Piece(
                cycle,
                "population_served",
                _("Who the service is for"),
                None,
                False,
                "cycle",
            )
        )
    return found


def decision_pieces(decision: Decision) -> list[Piece]:
    """What people read of the decision: its title, what was decided and, when
    written, why."""
    found = [
        Piece(decision, "title", _("Title"), prefix="decision"),
        Piece(decision, "decided", _("What was decided"), None, True, "decision"),
    ]
    if decision.rationale.strip():
        found.append(Piece(decision, "rationale", _("Why"), None, True, "decision"))
    return found


def cycle_publish_problem(cycle: Cycle) -> str:
    """Why the cycle cannot be made public yet for want of a translation, or ""."""
    return translated.publish_problem(cycle.organisation, cycle_pieces(cycle))


def decision_publish_problem(decision: Decision) -> str:
    """Why the decision cannot be published yet for want of a translation, or ""."""
    return translated.publish_problem(
        decision.cycle.organisation, decision_pieces(decision)
    )


def chosen_language(
    requested: str, interface: str, organisation: Any, pieces: Sequence[Piece]
) -> tuple[str, list[str]]:
    """The language to show content in, and those on offer: the one asked for
    (``?lang=``) if offered, else the page's language if offered, else English."""
    languages = translated.offered(organisation, pieces)
    return translated.chosen(requested, interface, languages), languages


def cycle_in(cycle: Cycle, lang: str) -> Cycle:
    """A copy of the cycle whose public text is in ``lang`` where written (each
    ``LangText`` knows its language). For showing only."""
    shown: Cycle = translated.shown_in(cycle, CYCLE_FIELDS, lang)
    return shown


def decision_in(decision: Decision, lang: str) -> Decision:
    """A copy of the decision whose title, what was decided and why are in
    ``lang`` where written. For showing only."""
    shown: Decision = translated.shown_in(decision, DECISION_FIELDS, lang)
    return shown


def decision_in_languages(decision: Decision) -> list[dict[str, Any]]:
    """The decision in each of the organisation's other languages it is written
    in, for its confirmer to read before publishing it in their name."""
    pieces = decision_pieces(decision)
    return [
        {
            "code": lang,
            "name": language_name(lang),
            "dir": direction(lang),
            "pieces": [(p.label, p.text(lang)) for p in pieces if p.text(lang).strip()],
        }
        for lang in decision.cycle.organisation.languages[1:]
        if any(p.text(lang).strip() for p in pieces)
    ]
