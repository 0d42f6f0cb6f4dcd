"""A participatory budgeting ballot in the organisation's languages, tested from
the pages people get: the team writes each language and sees what is missing,
voting cannot open until the required languages are complete and up to date,
people vote in the language they choose (the English they fall back to marked
as English, Arabic right to left), and every language's votes count in one
tally."""

from __future__ import annotations

import html
import re
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocommission import translations
from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from surveys.ballot_translations import items
from surveys.ballots import ballot_close, ballot_publish
from surveys.codes import codes_generate
from surveys.models import Ballot, Vote
from tests.panels.factories import consenting_citizen
from tests.surveys.factories import count_ballot_now, make_ballot

pytestmark = pytest.mark.django_db

#: The Welsh of every piece, by the piece's place: the ballot's title and
#: description, then (title, description) of each option in order.
WELSH = {
    "title": "Cist gymunedol",
    "description": "Arian ar gyfer syniadau o'r pentref",
    "options": [
        ("Gardd", "Gwelyau uchel wrth y llyfrgell"),
        ("Murlun", ""),
        ("Clwb ieuenctid", "Dwy noson yr wythnos"),
    ],
}
ARABIC = {
    "title": "صندوق المجتمع",
    "description": "",
    "options": [("حديقة", ""), ("جدارية", ""), ("نادي الشباب", "")],
}


def staff_url(name: str, ballot: Ballot, **kwargs: Any) -> str:
    return reverse(
        name,
        kwargs={
            "org_slug": ballot.activity.cycle.organisation.slug,
            "pk": ballot.pk,
            **kwargs,
        },
    )


def _languages(organisation: Organisation, *, required: bool = True) -> None:
    organisation.content_languages = ["cy", "ar"]
    organisation.required_languages = ["cy"] if required else []
    organisation.save()


def _form_data(ballot: Ballot, text: dict[str, Any]) -> dict[str, str]:
    """The translation form's fields for ``text`` (as WELSH is laid out)."""
    data = {"ballot_title": text["title"], "ballot_description": text["description"]}
    options = list(ballot.options.all())
    for option, (title, description) in zip(options, text["options"], strict=True):
        data[f"option{option.pk}_title"] = title
        if option.description:
            data[f"option{option.pk}_description"] = description
    return data


def _write(ballot: Ballot, lang: str, text: dict[str, Any]) -> None:
    pieces = items(ballot, list(ballot.options.all()))
    translations.save(pieces, lang, _form_data(ballot, text))


def _text(page: Any) -> str:
    return html.unescape(page.content.decode())


def _welsh_gaps(page: Any) -> str:
    """The Welsh part of the languages page."""
    return _text(page).split('<h2 class="govuk-heading-m">Welsh')[1].split("<h2")[0]


def _welsh_browser() -> Client:
    """A visitor whose pages are in Welsh (they chose Cymraeg in the header)."""
    client = Client()
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "cy"
    return client


class _Texts(HTMLParser):
    """Each piece of text in a page's body, with the language and direction of
    the element around it (``lang``/``dir`` inherited from the nearest
    ancestor that says)."""

    VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link"})
    VOID |= {"meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str, str]] = [("", "", "ltr")]
        self.texts: list[tuple[str, str, str]] = []
        self.in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        found = dict(attrs)
        _tag, lang, direction = self.stack[-1]
        self.stack.append(
            (tag, found.get("lang") or lang, found.get("dir") or direction)
        )
        self.in_body = self.in_body or tag == "body"

    def handle_endtag(self, tag: str) -> None:
        while len(self.stack) > 1:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_body and data.strip():
            _tag, lang, direction = self.stack[-1]
            self.texts.append((data.strip(), lang.split("-")[0], direction))


def _texts(page: Any) -> list[tuple[str, str, str]]:
    parser = _Texts()
    parser.feed(page.content.decode())
    return parser.texts


def _shown_in(texts: list[tuple[str, str, str]], text: str) -> set[tuple[str, str]]:
    """The (language, direction) of each place ``text`` is shown in."""
    return {(lang, way) for shown, lang, way in texts if text in shown}


def _vote_with_code(client: Client, ballot: Ballot, code: str, lang: str) -> Any:
    """Enter the code and vote, all with ``?lang=``; the confirmation page."""
    url = ballot.get_vote_url() + (f"?lang={lang}" if lang else "")
    entered = client.post(url, {"form": "code", "code": code})
    # The next steps keep the language shown (English when none was asked for).
    url = ballot.get_vote_url() + f"?lang={lang or 'en'}"
    assert entered.status_code == 302 and entered.url == url
    garden, _mural, club = ballot.options.all()
    voted = client.post(entered.url, {"options": [garden.pk, club.pk]})
    assert voted.status_code == 302 and voted.url == url
    return client.get(voted.url)


def test_the_team_writes_welsh_sees_the_gaps_and_opens_voting_only_when_complete(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    _languages(organisation)
    ballot = make_ballot(organisation, publish=False)
    client.force_login(people["commissioner"])
    detail = _text(client.get(ballot.get_absolute_url()))
    languages_url = staff_url("surveys:ballot_translations", ballot)
    assert f'href="{languages_url}">Languages</a>' in detail
    gaps = _text(client.get(languages_url))
    welsh = _welsh_gaps(client.get(languages_url))
    assert "Needed before voting opens" in welsh
    assert "Option 2: Mural" in welsh and "Description of option 3" in welsh
    # The option without a description has no description to write.
    assert "Description of option 2" not in gaps

    refused = client.post(
        staff_url("surveys:ballot_state", ballot), {"action": "publish"}
    )
    assert refused.status_code == 400
    page = _text(refused)
    # Beside the button it stopped, and in the summary pointing there.
    beside = page.split('id="open-voting-error"')[1].split("</p>")[0]
    assert "Not yet written in Welsh: Title, Description, Option 1," in beside
    assert 'aria-describedby="open-voting-error">Open voting</button>' in page
    assert '<a href="#open-voting">Not yet written in Welsh' in page
    # Arabic is one of the languages, not required: it holds nothing back.
    assert "Arabic" not in beside
    ballot.refresh_from_db()
    assert ballot.published_at is None

    edit_url = staff_url("surveys:ballot_translation_edit", ballot, lang="cy")
    half = {**_form_data(ballot, WELSH)}
    half.pop(next(k for k in half if k.endswith("_title") and k.startswith("option")))
    too_long = client.post(edit_url, {**half, "ballot_title": "x" * 301})
    assert too_long.status_code == 400
    assert "Dwy noson yr wythnos" in _text(too_long), "what was typed stays"
    assert client.post(edit_url, half).status_code == 302
    gaps = _welsh_gaps(client.get(languages_url))
    assert "Option 1: Garden" in gaps and "Option 3" not in gaps
    client.post(staff_url("surveys:ballot_state", ballot), {"action": "publish"})
    ballot.refresh_from_db()
    assert ballot.published_at is None

    client.post(edit_url, _form_data(ballot, WELSH))
    gaps = _welsh_gaps(client.get(languages_url))
    assert "Everything is written in this language." in gaps

    # The English of an option changes: its Welsh is out of date, and holds
    # voting back until it is written again.
    garden = ballot.options.get(title="Garden")
    changed = client.post(
        staff_url("surveys:option_edit", ballot, option_pk=garden.pk),
        {"title": "Community garden", "description": garden.description, "cost": "40"},
    )
    assert changed.status_code == 302
    stale = client.post(
        staff_url("surveys:ballot_state", ballot), {"action": "publish"}
    )
    assert "Out of date in Welsh, as the English changed: Option 1." in _text(stale)
    ballot.refresh_from_db()
    assert ballot.published_at is None

    client.post(edit_url, _form_data(ballot, WELSH))
    opened = client.post(
        staff_url("surveys:ballot_state", ballot), {"action": "publish"}, follow=True
    )
    assert "Voting is open." in _text(opened)
    ballot.refresh_from_db()
    assert ballot.published_at is not None


def test_changing_an_option_on_a_welsh_page_writes_no_welsh(
    people: dict[str, User], organisation: Organisation
) -> None:
    """The team saving the English while browsing in Welsh leaves the Welsh
    unwritten: still missing, still holding voting back."""
    _languages(organisation)
    ballot = make_ballot(organisation, publish=False)
    _write(ballot, "cy", WELSH)
    client = _welsh_browser()
    client.force_login(people["commissioner"])
    added = client.post(
        staff_url("surveys:option_new", ballot), {"title": "Bus shelter", "cost": "9"}
    )
    assert added.status_code == 302
    settings_page = staff_url("surveys:ballot_edit", ballot)
    form = client.get(settings_page).context["form"]
    fields = {k: v for k, v in form.initial.items() if v is not None and k != "areas"}
    saved = client.post(settings_page, {**fields, "title": "Village chest"})
    assert saved.status_code == 302
    client.cookies.pop(django_settings.LANGUAGE_COOKIE_NAME)
    gaps = _welsh_gaps(client.get(staff_url("surveys:ballot_translations", ballot)))
    assert "Option 4: Bus shelter" in gaps
    assert "Out of date" in gaps and "Title: Village chest" in gaps
    refused = client.post(
        staff_url("surveys:ballot_state", ballot), {"action": "publish"}
    )
    assert "Not yet written in Welsh: Option 4." in _text(refused)


@pytest.mark.parametrize(
    ("role", "gaps", "edit"),
    [
        ("admin", 200, 200),
        ("commissioner", 200, 200),
        ("decision_maker", 200, 403),
        ("provider", 403, 403),
        ("citizen", 403, 403),
        ("outsider", 404, 404),
    ],
)
def test_who_may_see_and_write_a_ballots_languages(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    role: str,
    gaps: int,
    edit: int,
) -> None:
    """The ballot's own checks: the team sees the gaps, those who may change
    the ballot write its languages."""
    _languages(organisation)
    ballot = make_ballot(organisation, publish=False)
    client.force_login(people[role])
    edit_url = staff_url("surveys:ballot_translation_edit", ballot, lang="cy")
    seen = client.get(staff_url("surveys:ballot_translations", ballot))
    assert seen.status_code == gaps
    if gaps == 200:
        assert (f'href="{edit_url}"' in _text(seen)) == (edit == 200)
    assert client.get(edit_url).status_code == edit
    assert client.post(edit_url, _form_data(ballot, WELSH)).status_code in {
        edit,
        302,
    }
    ballot.refresh_from_db()
    assert bool(ballot.i18n) == (edit == 200)


def test_a_language_that_is_not_the_organisations_is_not_found(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    _languages(organisation)
    ballot = make_ballot(organisation, publish=False)
    client.force_login(people["commissioner"])
    for lang in ("pl", "en", "xx"):
        url = staff_url("surveys:ballot_translation_edit", ballot, lang=lang)
        assert client.get(url).status_code == 404


def test_a_welsh_voter_reads_the_ballot_in_welsh_with_english_marked(
    organisation: Organisation,
) -> None:
    """The code page, the ballot and the confirmation are in Welsh for someone
    browsing in Welsh; a piece not written in Welsh is the English, marked
    lang="en"."""
    _languages(organisation, required=False)
    ballot = make_ballot(organisation, publish=False)
    partial = {**WELSH, "options": [("Gardd", ""), ("Murlun", ""), ("", "")]}
    _write(ballot, "cy", partial)
    ballot_publish(ballot=ballot)
    code = codes_generate(owner=ballot, count=1)[0]
    client = _welsh_browser()
    code_page = client.get(ballot.get_vote_url())
    texts = _texts(code_page)
    assert '<html lang="cy"' in _text(code_page)
    assert _shown_in(texts, "Cist gymunedol") == {("cy", "ltr")}
    assert _shown_in(texts, "Arian ar gyfer syniadau") == {("cy", "ltr")}
    # The chooser: this language current, the others links.
    assert '<span lang="cy" dir="ltr" aria-current="true">Cymraeg</span>' in _text(
        code_page
    )
    assert 'href="?lang=en" lang="en" dir="ltr"' in _text(code_page)
    # Nothing is written in Arabic, so it is not offered.
    assert "?lang=ar" not in _text(code_page)

    entered = client.post(ballot.get_vote_url(), {"form": "code", "code": code})
    ballot_page = client.get(entered.url)
    texts = _texts(ballot_page)
    assert _shown_in(texts, "Gardd") == {("cy", "ltr")}
    assert _shown_in(texts, "Murlun") == {("cy", "ltr")}
    # Not written in Welsh: the English, marked as English.
    assert _shown_in(texts, "Youth club") == {("en", "ltr")}
    assert _shown_in(texts, "Two evenings a week") == {("en", "ltr")}
    assert _shown_in(texts, "Raised beds by the library") == {("en", "ltr")}
    assert "Garden" not in _text(ballot_page).split("<body")[1]

    garden, _mural, club = ballot.options.all()
    voted = client.post(entered.url, {"options": [garden.pk, club.pk]})
    confirmation = client.get(voted.url)
    assert "Cist gymunedol" in _text(confirmation)
    assert ("cy", "ltr") in _shown_in(_texts(confirmation), "Cist gymunedol")


def test_an_arabic_ballot_reads_right_to_left(organisation: Organisation) -> None:
    _languages(organisation, required=False)
    ballot = make_ballot(organisation, publish=False)
    _write(ballot, "ar", ARABIC)
    ballot_publish(ballot=ballot)
    citizen = consenting_citizen(organisation)
    ballot.eligibility = "citizens"
    ballot.save(update_fields=["eligibility"])
    client = Client()
    client.force_login(citizen)
    page = client.get(ballot.get_vote_url() + "?lang=ar")
    text = _text(page)
    assert '<h1 class="govuk-heading-l"><span lang="ar" dir="rtl">صندوق المجتمع' in text
    texts = _texts(page)
    assert _shown_in(texts, "حديقة") == {("ar", "rtl")}
    # The description was not written in Arabic: English, left to right.
    assert _shown_in(texts, "Money for ideas from the village") == {("en", "ltr")}
    # The page itself stays in the interface's language.
    assert '<html lang="en-gb"' in text
    # A language the organisation does not write in falls back to English.
    english = _text(client.get(ballot.get_vote_url() + "?lang=pl"))
    assert "Community chest" in english and "صندوق" not in english


def test_votes_in_welsh_arabic_and_english_count_in_one_tally(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """Votes keep the options' ids, so the same option chosen in three
    languages is one option with every vote."""
    _languages(organisation, required=False)
    ballot = make_ballot(organisation, publish=False)
    _write(ballot, "cy", WELSH)
    _write(ballot, "ar", ARABIC)
    ballot_publish(ballot=ballot)
    codes = codes_generate(owner=ballot, count=6)
    for code, lang in zip(codes, ["cy", "ar", "en", "cy", "ar", ""], strict=True):
        confirmation = _vote_with_code(Client(), ballot, code, lang)
        assert "Your vote is counted. Thank you." in _text(confirmation)
        title = {"cy": "Cist gymunedol", "ar": "صندوق المجتمع"}.get(
            lang, "Community chest"
        )
        assert title in _text(confirmation)
    garden, mural, club = ballot.options.all()
    chosen = Vote.choices.through.objects.filter(vote__ballot=ballot)
    assert sorted(chosen.values_list("ballotoption_id", flat=True)) == sorted(
        [garden.pk, club.pk] * 6
    )
    ballot_close(ballot=ballot)
    count_ballot_now(ballot)
    client.force_login(people["commissioner"])
    results = _text(client.get(ballot.get_absolute_url()))
    for option, votes in [(garden, 6), (mural, 0), (club, 6)]:
        row = re.search(
            rf"<th [^>]*>{option.title}</th>\s*<td [^>]*>£[\d.,]+</td>\s*"
            rf"<td [^>]*>(\d+)</td>",
            results,
        )
        assert row is not None and int(row.group(1)) == votes, option.title
    assert sum(ballot.votes.values_list("total_cost", flat=True)) == Decimal(540)


#: Generated text: letters of several scripts, no markup needed to find it.
_words = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzŵŷâبتثجحخ"),
    min_size=4,
    max_size=12,
).map(lambda w: f"{w}-{len(w)}")


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_each_piece_is_its_translation_or_its_english_marked_english(
    organisation: Organisation, data: st.DataObject
) -> None:
    """For generated translations of some of the pieces in Welsh and Arabic,
    the ballot in each language, on an English page and on a Welsh one, shows
    each piece as that language's text where written (marked with its language
    where the page is in another, right to left for Arabic), else its English
    (marked lang="en" where the page is not English), and never another
    language's text."""
    _languages(organisation, required=False)
    ballot = make_ballot(organisation, publish=False, eligibility="citizens")
    pieces = items(ballot, list(ballot.options.all()))
    written: dict[str, dict[str, str]] = {}
    for lang in ("cy", "ar"):
        chosen = data.draw(
            st.lists(st.sampled_from([p.name for p in pieces]), unique=True),
            label=f"written in {lang}",
        )
        written[lang] = {name: data.draw(_words, label=name) for name in chosen}
        translations.save(pieces, lang, written[lang])
    ballot_publish(ballot=ballot)
    citizen = consenting_citizen(organisation)
    for interface in ("en", "cy"):
        client = _welsh_browser() if interface == "cy" else Client()
        client.force_login(citizen)
        for asked in ("", "en", "cy", "ar"):
            page = client.get(
                ballot.get_vote_url() + (f"?lang={asked}" if asked else "")
            )
            texts = _texts(page)
            # What is shown: the language asked for if anything is written in
            # it, else the page's if anything is, else English.
            offered = ["en"] + [lang for lang in ("cy", "ar") if written[lang]]
            lang = next((c for c in (asked, interface) if c in offered), "en")
            mine = written.get(lang, {})
            for piece in pieces:
                if piece.name in mine:
                    expected = (lang, "rtl" if lang == "ar" else "ltr")
                    assert _shown_in(texts, mine[piece.name]) == {expected}, (
                        interface,
                        asked,
                        piece.name,
                    )
                else:
                    assert _shown_in(texts, piece.english) == {("en", "ltr")}, (
                        interface,
                        asked,
                        piece.name,
                    )
            for other in {"cy", "ar"} - {lang}:
                for name, text in written[other].items():
                    if text not in mine.values():
                        assert not _shown_in(texts, text), (interface, asked, name)
