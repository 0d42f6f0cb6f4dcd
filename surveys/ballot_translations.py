"""A participatory budgeting ballot in the organisation's languages: what can be
translated, what is missing, and the ballot as people voting in one language see
it.

English is written first and stays what is stored. A vote keeps the ids of the
options chosen, whatever language they were read in, so the votes from every
language count in one tally. Translations live in the ``i18n`` field of the
ballot and of each option (django-modeltrans), through
``cocommission.translations``."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from cocommission import translations as translated
from cocommission.translations import Piece

from .models import Ballot, BallotOption
from .models.ballot import BALLOT_TEXT, OPTION_TEXT


def items(ballot: Ballot, options: Sequence[BallotOption]) -> list[Piece]:
    """Everything the ballot asks people to read, in order: its title and
    description (when written), then each option's title and description."""
    found = [Piece(ballot, "title", _("Title"), prefix="ballot")]
    if ballot.description:
        found.append(
            Piece(ballot, "description", _("Description"), None, True, "ballot")
        )
    for number, option in enumerate(options, start=1):
        prefix = f"option{option.pk}"
        found.append(
            Piece(option, "title", _("Option %(n)s") % {"n": number}, prefix=prefix)
        )
        if option.description:
            found.append(
                Piece(
                    option,
                    "description",
                    _("Description of option %(n)s") % {"n": number},
                    None,
                    True,
                    prefix,
                )
            )
    return found


def publish_problem(ballot: Ballot, options: Sequence[BallotOption]) -> str:
    """Why voting cannot open yet for want of a translation in one of the
    organisation's required languages, or ""."""
    organisation = ballot.activity.cycle.organisation
    return translated.publish_problem(organisation, items(ballot, options))


def chosen_language(
    requested: str, interface: str, ballot: Ballot, options: Sequence[BallotOption]
) -> tuple[str, list[str]]:
    """The language to show the ballot in, and those on offer: the one asked
    for (``?lang=``) if offered, else the page's language if offered, else
    English."""
    organisation = ballot.activity.cycle.organisation
    languages = translated.offered(organisation, items(ballot, options))
    return translated.chosen(requested, interface, languages), languages


def ballot_in(ballot: Ballot, lang: str) -> Ballot:
    """A copy of the ballot whose title and description are in ``lang`` where
    written (each a ``LangText`` that knows its language). Not to be saved."""
    shown: Ballot = translated.shown_in(ballot, BALLOT_TEXT, lang)
    return shown


def options_in(options: Sequence[BallotOption], lang: str) -> list[BallotOption]:
    """Copies of the options with their title and description in ``lang`` where
    written; each keeps its id, which is what a vote records."""
    return [translated.shown_in(option, OPTION_TEXT, lang) for option in options]
