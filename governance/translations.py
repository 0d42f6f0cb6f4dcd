"""The charter and the principles in the organisation's languages: what can be
translated, what is missing, and what people read in the language they chose
(``cocommission.translations``).

A charter version's English never changes; its translations can be written and
corrected afterwards, which does not make a new version. The principles have no
publishing step: they are in use as soon as they are saved, so what is missing
in a required language is shown on the principles page instead."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cocommission import translations as translated
from cocommission.languages import direction, local_name
from cocommission.organisations.models import Organisation
from cocommission.translations import Piece

from .models import Charter, GovernancePrinciple

#: The charter text's piece name (the box on the languages page).
CHARTER_PREFIX = "charter"


def charter_pieces(charter: Charter) -> list[Piece]:
    """What people read of a charter version: its text."""
    return [Piece(charter, "text", _("Charter text"), long=True, prefix=CHARTER_PREFIX)]


def principles_in_use(organisation: Organisation) -> list[GovernancePrinciple]:
    """The organisation's current principles, in order, with their questions."""
    return list(
        GovernancePrinciple.objects.filter(organisation=organisation)
        .in_use()
        .prefetch_related("criteria")
        .order_by("order", "name")
    )


def principle_pieces(
    principles: Sequence[GovernancePrinciple], *, questions: bool = True
) -> list[Piece]:
    """The principles as one set of pieces: each one's name, description (when
    written) and (unless ``questions`` is false) assessment questions."""
    found = []
    for number, principle in enumerate(principles, start=1):
        prefix = f"p{principle.pk}"
        found.append(
            Piece(
                principle, "name", _("Principle %(n)s") % {"n": number}, prefix=prefix
            )
        )
        if principle.description:
            found.append(
                Piece(
                    principle,
                    "description",
                    _("Description of principle %(n)s") % {"n": number},
                    long=True,
                    prefix=prefix,
                )
            )
        criteria = principle.criteria.all() if questions else []
        for index, criterion in enumerate(criteria, start=1):
            found.append(
                Piece(
                    criterion,
                    "question",
                    _("Question %(q)s of principle %(n)s") % {"q": index, "n": number},
                    prefix=f"c{criterion.pk}",
                )
            )
    return found


def language_links(offered: Sequence[str], lang: str) -> list[dict[str, Any]]:
    """Links to read the content in each language offered (none when only one)."""
    if len(offered) < 2:
        return []
    return [
        {
            "code": code,
            "name": local_name(code),
            "dir": direction(code),
            "url": f"?{urlencode({'lang': code})}",
            "current": code == lang,
        }
        for code in offered
    ]


def reading_language(
    request: HttpRequest, organisation: Organisation, pieces: Sequence[Piece]
) -> tuple[str, list[str]]:
    """The language to show ``pieces`` in (``?lang=`` if offered, else the
    page's language if offered, else English) and the languages offered."""
    offered = translated.offered(organisation, pieces)
    requested = request.GET.get("lang", "")
    return translated.chosen(requested, get_language() or "", offered), offered


def charter_shown(
    request: HttpRequest, organisation: Organisation
) -> tuple[Charter | None, dict[str, Any]]:
    """The latest charter as a reader sees it (its text a ``LangText`` in the
    language chosen), and the language and links for the page."""
    charter = Charter.objects.latest_for(organisation)
    if charter is None:
        return None, {"charter_language": "", "charter_languages": []}
    lang, offered = reading_language(request, organisation, charter_pieces(charter))
    shown: Charter = translated.shown_in(charter, ("text",), lang)
    return shown, {
        "charter_language": lang,
        "charter_languages": language_links(offered, lang),
    }


def charter_missing(organisation: Organisation, texts: dict[str, str]) -> list[str]:
    """The organisation's required languages (besides English) with no text in
    ``texts`` (by language)."""
    return [
        lang
        for lang in organisation.languages_required[1:]
        if not (texts.get(lang) or "").strip()
    ]


def principles_in(
    request: HttpRequest,
    organisation: Organisation,
    principles: Sequence[GovernancePrinciple],
) -> list[GovernancePrinciple]:
    """Copies of the principles for showing (not saving), with their name and
    description in the reader's language (``?lang=``, else the page's) where
    written, each a ``LangText``."""
    lang, _offered = reading_language(
        request, organisation, principle_pieces(principles, questions=False)
    )
    return [
        translated.shown_in(principle, ("name", "description"), lang)
        for principle in principles
    ]
