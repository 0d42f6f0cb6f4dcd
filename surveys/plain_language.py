"""Hints that help a question read plainly to anyone. They advise; they never
block saving."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

#: Words people outside the public sector often stumble on, with plainer ones.
JARGON = {
    "commissioning": "buying or arranging services",
    "co-production": "working together",
    "coproduction": "working together",
    "stakeholder": "people involved",
    "stakeholders": "people involved",
    "provision": "services",
    "utilise": "use",
    "facilitate": "help",
    "leverage": "use",
    "outcomes": "results",
    "pathway": "route",
    "cohort": "group",
    "modality": "type",
    "holistic": "whole",
    "service user": "person who uses the service",
}
LONG_SENTENCE = 20
ACRONYM = re.compile(r"\b[A-Z]{2,}\b")
KNOWN_ACRONYMS = {"NHS", "GP", "UK", "OK"}


def hints(text: str, *, agreement: bool = False) -> list[str]:
    """Plain-language hints for a question or a welcome text."""
    found: list[str] = []
    lowered = text.lower()
    for sentence in re.split(r"[.!?]+", text):
        words = sentence.split()
        if len(words) > LONG_SENTENCE:
            found.append(
                _("A sentence has %(n)s words; try to keep each under %(max)s.")
                % {"n": len(words), "max": LONG_SENTENCE}
            )
            break
    for word, plain in JARGON.items():
        if re.search(rf"\b{re.escape(word)}\b", lowered):
            found.append(
                _("“%(word)s” may not be clear to everyone: perhaps “%(plain)s”.")
                % {"word": word, "plain": plain}
            )
    for acronym in sorted(set(ACRONYM.findall(text)) - KNOWN_ACRONYMS):
        found.append(
            _("Spell out “%(acronym)s” the first time.") % {"acronym": acronym}
        )
    if re.search(r"\bnot\b[^.?!]*\bun\w+", lowered) or re.search(
        r"\bnot\b[^.?!]*\bnot\b", lowered
    ):
        found.append(_("It may hold a double negative, which is hard to answer."))
    if agreement and re.search(r"\b(and|or)\b", lowered):
        found.append(
            _(
                "An agreement question with “and” or “or” may ask two things at "
                "once: people may agree with one and not the other."
            )
        )
    return found
