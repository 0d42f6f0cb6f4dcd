"""What organisations write for citizens, in each of their languages.

English is written first and is what is stored in each model's own fields; a
translation lives in the model's ``i18n`` field (django-modeltrans) under
``<field>_<lang>``, a list for a list field (a survey question's choices, one per
English choice). Beside each translation the English it was written from is kept
(``i18n["_from"]["<field>_<lang>"]``), so a translation whose English has changed
since is known to be out of date ("stale") and is shown to the team as such.

Each app says what of an object people read as a list of ``Piece``s; the
functions here find what is missing or stale in a language, keep what the team
writes, say why something cannot be published yet, and give an object's copy in
a language whose text knows its own language (``LangText``) for ``lang``
attributes."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from cocommission.languages import CONTENT_LANGUAGE, LangText, language_name

#: Where, inside ``i18n``, the English each translation was written from is kept.
SOURCES = "_from"


def _key(field: str, lang: str) -> str:
    return f"{field}_{lang}"


@dataclass(frozen=True)
class Piece:
    """One piece of text people read: a field of an object (or one item of a
    list field, by ``index``), what the team calls it, and whether it is long."""

    obj: models.Model
    field: str
    label: str
    index: int | None = None
    long: bool = False
    #: What names the object in the piece's form field name (its model and id
    #: unless given).
    prefix: str = ""

    @property
    def name(self) -> str:
        """The piece's form field name, unique across the objects of a page."""
        prefix = self.prefix or f"{self.obj._meta.model_name}{self.obj.pk}"
        base = f"{prefix}_{self.field}"
        return base if self.index is None else f"{base}_{self.index}"

    def _pick(self, value: Any) -> str:
        if self.index is None:
            return "" if value is None or isinstance(value, list) else str(value)
        if isinstance(value, list) and self.index < len(value):
            return str(value[self.index] or "")
        return ""

    @property
    def english(self) -> str:
        return self._pick(getattr(self.obj, self.field))

    def text(self, lang: str) -> str:
        """The piece's text in ``lang`` ("" when not written)."""
        if lang == CONTENT_LANGUAGE:
            return self.english
        return self._pick(_i18n(self.obj).get(_key(self.field, lang)))

    def written_from(self, lang: str) -> str | None:
        """The English the translation in ``lang`` was written from, if known."""
        sources = _i18n(self.obj).get(SOURCES)
        if not isinstance(sources, dict) or _key(self.field, lang) not in sources:
            return None
        return self._pick(sources[_key(self.field, lang)])

    def is_stale(self, lang: str) -> bool:
        """Whether the translation was written from English that has changed since."""
        if lang == CONTENT_LANGUAGE or not self.text(lang).strip():
            return False
        source = self.written_from(lang)
        return source is not None and source.strip() != self.english.strip()


def _i18n(obj: models.Model) -> dict[str, Any]:
    stored = getattr(obj, "i18n", None)
    return stored if isinstance(stored, dict) else {}


def written(pieces: Iterable[Piece], lang: str) -> dict[str, str]:
    """Each piece's text in ``lang``, by the piece's name."""
    return {piece.name: piece.text(lang) for piece in pieces}


def missing(pieces: Iterable[Piece], lang: str) -> list[Piece]:
    """The pieces with English but no text in ``lang``."""
    if lang == CONTENT_LANGUAGE:
        return []
    return [p for p in pieces if p.english.strip() and not p.text(lang).strip()]


def stale(pieces: Iterable[Piece], lang: str) -> list[Piece]:
    """The pieces whose text in ``lang`` was written from English since changed."""
    return [p for p in pieces if p.is_stale(lang)]


def save(pieces: Sequence[Piece], lang: str, data: dict[str, Any]) -> None:
    """Keep the text in ``lang`` of each piece named in ``data`` (blank removes),
    with the English it was written from. Each object is saved once."""
    if lang == CONTENT_LANGUAGE:
        raise ValueError("English is written in the object's own fields")
    by_object: dict[int, tuple[models.Model, list[Piece]]] = {}
    for piece in pieces:
        if piece.name in data:
            by_object.setdefault(id(piece.obj), (piece.obj, []))[1].append(piece)
    for obj, own in by_object.values():
        stored = dict(_i18n(obj))
        sources = dict(stored.get(SOURCES) or {})
        for piece in own:
            _keep(stored, sources, piece, lang, str(data[piece.name] or "").strip())
        if sources:
            stored[SOURCES] = sources
        else:
            stored.pop(SOURCES, None)
        obj.i18n = stored  # type: ignore[attr-defined]
        obj.save(update_fields=["i18n"])


def _keep(
    stored: dict[str, Any], sources: dict[str, Any], piece: Piece, lang: str, text: str
) -> None:
    key = _key(piece.field, lang)
    if piece.index is None:
        if text:
            stored[key], sources[key] = text, piece.english
        else:
            stored.pop(key, None)
            sources.pop(key, None)
        return
    count = len(getattr(piece.obj, piece.field) or [])
    values = _padded(stored.get(key), count)
    froms = _padded(sources.get(key), count)
    values[piece.index] = text
    froms[piece.index] = piece.english if text else ""
    if any(values):
        stored[key], sources[key] = values, froms
    else:
        stored.pop(key, None)
        sources.pop(key, None)


def _padded(value: Any, count: int) -> list[str]:
    found = [str(v or "") for v in value] if isinstance(value, list) else []
    return (found + [""] * count)[:count]


@dataclass
class Gap:
    """One of the organisation's languages, and what is missing or stale in it."""

    code: str
    required: bool
    missing: list[Piece]
    stale: list[Piece]

    @property
    def name(self) -> str:
        return language_name(self.code)

    @property
    def complete(self) -> bool:
        return not self.missing and not self.stale


def gaps(organisation: Any, pieces: Sequence[Piece]) -> list[Gap]:
    """For each of the organisation's languages besides English, what is not
    written yet and what was written from English that has changed."""
    required = organisation.languages_required
    return [
        Gap(lang, lang in required, missing(pieces, lang), stale(pieces, lang))
        for lang in organisation.languages[1:]
    ]


def publish_problem(organisation: Any, pieces: Sequence[Piece]) -> str:
    """Why this cannot be published yet for want of a translation in one of the
    organisation's required languages, or "" when nothing is lacking."""
    problems = []
    for gap in gaps(organisation, pieces):
        if not gap.required:
            continue
        if gap.missing:
            problems.append(
                _("Not yet written in %(language)s: %(items)s.")
                % {
                    "language": gap.name,
                    "items": ", ".join(str(p.label) for p in gap.missing),
                }
            )
        if gap.stale:
            problems.append(
                _("Out of date in %(language)s, as the English changed: %(items)s.")
                % {
                    "language": gap.name,
                    "items": ", ".join(str(p.label) for p in gap.stale),
                }
            )
    return " ".join(problems)


def offered(organisation: Any, pieces: Sequence[Piece]) -> list[str]:
    """English, and each of the organisation's languages anything is written in."""
    return [CONTENT_LANGUAGE] + [
        lang
        for lang in organisation.languages[1:]
        if any(piece.text(lang).strip() for piece in pieces)
    ]


def chosen(requested: str, interface: str, languages: Sequence[str]) -> str:
    """The language to show content in: the one asked for (``?lang=``) if on
    offer, else the page's language if on offer, else English."""
    for lang in (requested or "", (interface or "").split("-")[0]):
        if lang in languages:
            return lang
    return CONTENT_LANGUAGE


def text_in(obj: models.Model, field: str, lang: str) -> LangText:
    """A field of ``obj`` in ``lang`` where written, else its English; either
    way knowing its language."""
    piece = Piece(obj, field, "")
    text = piece.text(lang) if lang != CONTENT_LANGUAGE else ""
    if text.strip():
        return LangText(text, lang)
    return LangText(piece.english, CONTENT_LANGUAGE)


def list_in(obj: models.Model, field: str, lang: str) -> list[LangText]:
    """A list field of ``obj`` (choices) in ``lang``, item by item, falling back
    to each English item."""
    english = getattr(obj, field) or []
    shown = []
    for index, item in enumerate(english):
        text = Piece(obj, field, "", index).text(lang) if lang != "en" else ""
        shown.append(
            LangText(text, lang) if text.strip() else LangText(item, CONTENT_LANGUAGE)
        )
    return shown


def shown_in(obj: Any, fields: Iterable[str], lang: str) -> Any:
    """A copy of ``obj`` whose ``fields`` are in ``lang`` where written (each a
    ``LangText``). The copy is for showing: it must not be saved."""
    local = copy.copy(obj)
    for field in fields:
        setattr(local, field, text_in(obj, field, lang))
    return local
