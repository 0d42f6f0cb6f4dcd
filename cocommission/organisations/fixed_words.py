"""The fixed words of surveys (the agreement scale, "Other" and its box, the
rating scale's hint) in each language an organisation writes in.

The words are kept here, in English, so the core knows them without importing
the surveys app; the surveys app uses these very strings. In English and Welsh
they come from the interface's catalogue (an organisation may write its own
Welsh instead); in any other language the organisation writes them once, on its
languages settings, and they are kept on the organisation
(``Organisation.fixed_words``: ``{"pl": {"Agree": "Zgadzam się", ...}}``).
Answers are stored as the English words whatever language they were given in,
so every language's answers count together."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from cocommission.languages import CONTENT_LANGUAGE, LangText, language_name

#: The agreement scale, from least to most agreement (a matrix uses it too).
AGREEMENT = (
    gettext_noop("Strongly disagree"),
    gettext_noop("Disagree"),
    gettext_noop("Neither agree nor disagree"),
    gettext_noop("Agree"),
    gettext_noop("Strongly agree"),
)
#: The choice added to a question's own, with a box to say what.
OTHER = gettext_noop("Other")
OTHER_PROMPT = gettext_noop("If other, please say what")
#: What a rating question's 1 and 5 mean.
RATING_HINT = gettext_noop("1 is very poor and 5 is very good.")

#: Every fixed word, in the order the team writes them.
FIXED_WORDS = (*AGREEMENT, OTHER, OTHER_PROMPT, RATING_HINT)

#: Content languages whose fixed words the interface's catalogue has.
CATALOGUE = {"en": "en-gb", "cy": "cy"}

MAX_LENGTH = 200


def written(organisation: Any, lang: str) -> dict[str, str]:
    """The fixed words the organisation has written in ``lang``, by their English
    (anything else stored is ignored)."""
    stored = getattr(organisation, "fixed_words", None)
    words = stored.get(lang) if isinstance(stored, dict) else None
    if not isinstance(words, dict):
        return {}
    return {
        english: str(words[english]).strip()
        for english in FIXED_WORDS
        if isinstance(words.get(english), str) and str(words[english]).strip()
    }


def from_catalogue(english: str, lang: str) -> str:
    """The interface's own words for ``english`` in ``lang`` (English or Welsh)."""
    with translation.override(CATALOGUE[lang]):
        return gettext(english)


def word_in(organisation: Any, english: str, lang: str) -> LangText:
    """A fixed word as people answering in ``lang`` read it, knowing its language:
    the organisation's own where written, else the catalogue's (English and
    Welsh), else the interface's words in the page's language."""
    own = written(organisation, lang).get(english)
    if own:
        return LangText(own, lang)
    if lang in CATALOGUE:
        return LangText(from_catalogue(english, lang), lang)
    page = (translation.get_language() or "en").split("-")[0]
    return LangText(gettext(english), page if page in CATALOGUE else "en")


def signature(organisation: Any, lang: str) -> str:
    """What the words in ``lang`` depend on, to know when kept copies are stale."""
    page = translation.get_language() or ""
    return json.dumps([page, written(organisation, lang)], sort_keys=True)


def missing(organisation: Any, lang: str, needed: Iterable[str]) -> list[str]:
    """The needed fixed words not written in ``lang`` (none for English and
    Welsh, which the catalogue has)."""
    if lang in CATALOGUE:
        return []
    have = written(organisation, lang)
    return [english for english in dict.fromkeys(needed) if english not in have]


def publish_problem(organisation: Any, needed: Iterable[str]) -> str:
    """Why something using these fixed words cannot open yet, for want of them in
    one of the organisation's required languages, or "" when nothing is lacking."""
    needed = list(needed)
    problems = []
    for lang in organisation.languages_required[1:]:
        lacking = missing(organisation, lang, needed)
        if lacking:
            problems.append(
                gettext(
                    "The fixed words of surveys are not yet written in "
                    "%(language)s: %(words)s."
                )
                % {
                    "language": language_name(lang),
                    "words": ", ".join(f"“{gettext(w)}”" for w in lacking),
                }
            )
    return " ".join(problems)


def save(organisation: Any, lang: str, words: dict[str, str]) -> None:
    """Keep the fixed words the team wrote in ``lang`` (a blank one is removed,
    so English and Welsh go back to the catalogue's)."""
    if lang == CONTENT_LANGUAGE:
        raise ValueError("The English words are the stored answers")
    stored = dict(getattr(organisation, "fixed_words", None) or {})
    kept = {
        english: text.strip()[:MAX_LENGTH]
        for english, text in words.items()
        if english in FIXED_WORDS and text and text.strip()
    }
    if kept:
        stored[lang] = kept
    else:
        stored.pop(lang, None)
    organisation.fixed_words = stored
    organisation.save(update_fields=["fixed_words"])
