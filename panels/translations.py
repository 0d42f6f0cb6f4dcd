"""A panel in the organisation's languages: what volunteers and invitees read
(its name, what it does and what it asks of members), what is missing, and the
panel as people read it in one language.

English is written first and stays in the panel's own fields; the other
languages live in its ``i18n`` field (django-modeltrans), through
``cocommission.translations``."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cocommission import translations as translated
from cocommission.translations import Piece

from .models import Panel
from .models.panel import TRANSLATED_FIELDS


def items(panel: Panel) -> list[Piece]:
    """What volunteers and invitees read of the panel: its name, what it does,
    and what it asks of members (when written)."""
    found = [
        Piece(panel, "name", _("Name"), prefix="panel"),
        Piece(panel, "purpose", _("What the panel does"), None, True, "panel"),
    ]
    if panel.commitment:
        found.append(
            Piece(panel, "commitment", _("What it asks of members"), prefix="panel")
        )
    return found


def publish_problem(panel: Panel) -> str:
    """Why the panel cannot be open to volunteers yet for want of a translation
    in one of the organisation's required languages, or ""."""
    return translated.publish_problem(panel.organisation, items(panel))


def chosen_language(requested: str, interface: str, panel: Panel) -> str:
    """The language to show the panel in: ``?lang=`` if the panel is written in
    it, else the page's language if so, else English."""
    return translated.chosen(requested, interface, offered(panel))


def panel_in(panel: Panel, lang: str) -> Panel:
    """A copy of the panel, for showing only, whose name, purpose and commitment
    are in ``lang`` where written (each a ``LangText`` that knows its language)."""
    shown: Panel = translated.shown_in(panel, TRANSLATED_FIELDS, lang)
    return shown


def offered(panel: Panel) -> list[str]:
    """English, and each of the organisation's languages the panel has anything
    written in."""
    return translated.offered(panel.organisation, items(panel))


def in_page_language(panel: Panel) -> Panel:
    """The panel for a page in the active language: its text in that language
    where written, else in English."""
    return panel_in(panel, chosen_language("", get_language() or "", panel))
