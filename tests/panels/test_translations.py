"""A panel's recruitment text in the organisation's languages, tested from what
people get: the team's Languages pages, the refusal to take volunteers while a
required language is missing or out of date, the public pages a citizen reads
(with ``lang`` true for every piece) and the invitations they are sent."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from panels.models import Panel, PanelMember, Recruitment
from panels.services import panels_carry_over
from tests.accounts.factories import UserFactory
from tests.cycles.factories import CycleFactory
from tests.organisations.factories import OrganisationFactory
from tests.panels.factories import PanelFactory

pytestmark = pytest.mark.django_db

ENGLISH = {
    "name": "Home care panel",
    "purpose": "Shape the new home care service.",
    "commitment": "Four evening meetings.",
}
WELSH = {
    "panel_name": "Panel gofal cartref",
    "panel_purpose": "Helpu i lunio’r gwasanaeth gofal cartref newydd.",
    "panel_commitment": "Pedwar cyfarfod gyda’r nos.",
}


def _url(name: str, panel: Panel, **kwargs: Any) -> str:
    return reverse(
        name, kwargs={"org_slug": panel.organisation.slug, "pk": panel.pk, **kwargs}
    )


def _welsh_required(organisation: Organisation, *, required: bool = True) -> None:
    organisation.content_languages = ["cy", "pl"]
    organisation.required_languages = ["cy"] if required else []
    organisation.save()


def _section(page: str, heading: str) -> str:
    """The part of a page under its ``<h2>`` starting with ``heading``."""
    return next(
        part for part in page.split("<h2") if part.split(">", 1)[1].startswith(heading)
    )


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _form(panel: Panel, **changes: Any) -> dict[str, Any]:
    data = {
        "name": panel.name,
        "kind": panel.kind,
        "purpose": panel.purpose,
        "commitment": panel.commitment,
        "recruitment": panel.recruitment,
        "is_open_for_volunteers": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _welsh_client(**kwargs: Any) -> Client:
    """A browser whose person chose Welsh with the header's switcher."""
    client = Client(**kwargs)
    client.get("/language/cy/?next=/")
    return client


class _Langs(HTMLParser):
    """Each run of text in a page's body with the language it is marked in (the
    nearest ``lang`` around it)."""

    VOID = frozenset({"br", "img", "input", "meta", "link", "hr", "wbr", "source"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.texts: list[tuple[str, str]] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        inherited = self.stack[-1][1] if self.stack else ""
        lang = dict(attrs).get("lang") or inherited
        self.stack.append((tag, lang))
        if tag in ("script", "style", "title"):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        while self.stack:
            open_tag, _lang = self.stack.pop()
            if open_tag in ("script", "style", "title"):
                self.skip -= 1
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if data.strip() and not self.skip:
            lang = self.stack[-1][1] if self.stack else ""
            self.texts.append((" ".join(data.split()), lang.split("-")[0]))


def langs_of(page: str) -> list[tuple[str, str]]:
    parser = _Langs()
    parser.feed(page)
    return parser.texts


def marked(page: str, text: str) -> set[str]:
    """The languages ``text`` is marked in wherever it shows in the page."""
    return {lang for shown, lang in langs_of(page) if text in shown}


# --- The team ----------------------------------------------------------------------


def test_the_team_sees_what_is_missing_and_writes_the_welsh(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    _welsh_required(organisation)
    panel = PanelFactory(organisation=organisation, **ENGLISH)
    client.force_login(people["commissioner"])
    detail = _text(client.get(panel.get_absolute_url()))
    assert _url("panels:translations", panel) in detail
    gaps = _text(client.get(_url("panels:translations", panel)))
    welsh = _section(gaps, "Welsh")
    assert "Needed before the panel takes volunteers" in welsh
    for label in ("Name", "What the panel does", "What it asks of members"):
        assert label in welsh
    edit = _url("panels:translation_edit", panel, lang="cy")
    assert edit in welsh

    # Too long: refused beside the box, what was typed kept.
    too_long = client.post(edit, {**WELSH, "panel_name": "x" * 301})
    assert too_long.status_code == 400
    assert WELSH["panel_purpose"] in _text(too_long)
    assert client.post(edit, WELSH).status_code == 302
    gaps = _text(client.get(_url("panels:translations", panel)))
    assert "Everything is written in this language." in _section(gaps, "Welsh")
    panel.refresh_from_db()
    assert panel.name == ENGLISH["name"], "English stays in the panel's own fields"


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
def test_the_languages_pages_keep_the_panels_own_permissions(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    role: str,
    gaps: int,
    edit: int,
) -> None:
    _welsh_required(organisation)
    panel = PanelFactory(organisation=organisation, **ENGLISH)
    client.force_login(people[role])
    assert client.get(_url("panels:translations", panel)).status_code == gaps
    edit_url = _url("panels:translation_edit", panel, lang="cy")
    assert client.get(edit_url).status_code == edit
    assert client.post(edit_url, WELSH).status_code in (edit, 302)
    panel.refresh_from_db()
    assert bool(panel.i18n) == (edit == 200)
    if gaps == 200:
        page = _text(client.get(_url("panels:translations", panel)))
        assert (edit_url in page) == (edit == 200)


def test_another_organisations_panel_and_language_are_not_found(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    other_organisation: Organisation,
) -> None:
    _welsh_required(organisation)
    _welsh_required(other_organisation)
    theirs = PanelFactory(organisation=other_organisation)
    mine = PanelFactory(organisation=organisation)
    client.force_login(people["admin"])
    wrong = reverse(
        "panels:translation_edit",
        kwargs={"org_slug": organisation.slug, "pk": theirs.pk, "lang": "cy"},
    )
    assert client.get(wrong).status_code == 404
    assert client.post(wrong, WELSH).status_code == 404
    theirs.refresh_from_db()
    assert not theirs.i18n
    for lang in ("ar", "en", "xx"):
        page = client.get(_url("panels:translation_edit", mine, lang=lang))
        assert page.status_code == 404


# --- Taking volunteers only when the required languages are written -----------------


def test_a_panel_takes_volunteers_only_once_its_welsh_is_written(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    _welsh_required(organisation)
    client.force_login(people["commissioner"])
    new_url = reverse("panels:new", kwargs={"org_slug": organisation.slug})
    blank = _text(client.get(new_url))
    assert 'name="is_open_for_volunteers"' in blank
    assert not _checkbox_ticked(blank, "is_open_for_volunteers")

    data = _form(PanelFactory.build(organisation=organisation, **ENGLISH))
    refused = client.post(new_url, data)
    assert refused.status_code == 400
    page = _text(refused)
    message = _error_beside(page, "is_open_for_volunteers")
    assert "Not yet written in Welsh" in message
    assert "Name" in message and "What the panel does" in message
    assert "Polish" not in message, "Polish is written in, not required"
    for value in ENGLISH.values():
        assert value in page, "what was typed stays"
    assert not organisation.panels.exists()

    closed = {k: v for k, v in data.items() if k != "is_open_for_volunteers"}
    assert client.post(new_url, closed).status_code == 302
    panel = organisation.panels.get()
    assert not _listed(panel)

    edit_url = _url("panels:edit", panel)
    assert client.post(edit_url, data).status_code == 400
    client.post(_url("panels:translation_edit", panel, lang="cy"), WELSH)
    assert client.post(edit_url, data).status_code == 302
    assert _listed(panel)

    # The English changes while open: the Welsh is out of date, so it is refused,
    # nothing changes, and what was typed stays.
    changed = {**data, "purpose": "Shape home care and day centres."}
    refused = client.post(edit_url, changed)
    assert refused.status_code == 400
    message = _error_beside(_text(refused), "is_open_for_volunteers")
    assert "Out of date in Welsh" in message and "What the panel does" in message
    assert "Shape home care and day centres." in _text(refused)
    panel.refresh_from_db()
    assert panel.purpose == ENGLISH["purpose"]
    # Closing it with the change goes through; rewriting the Welsh opens it again.
    closed = {k: v for k, v in changed.items() if k != "is_open_for_volunteers"}
    assert client.post(edit_url, closed).status_code == 302
    assert not _listed(panel)
    client.post(_url("panels:translation_edit", panel, lang="cy"), WELSH)
    assert client.post(edit_url, changed).status_code == 302
    assert _listed(panel)


def test_an_optional_language_never_holds_a_panel_back(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    _welsh_required(organisation, required=False)
    client.force_login(people["commissioner"])
    new_url = reverse("panels:new", kwargs={"org_slug": organisation.slug})
    assert _checkbox_ticked(_text(client.get(new_url)), "is_open_for_volunteers")
    data = _form(PanelFactory.build(organisation=organisation, **ENGLISH))
    assert client.post(new_url, data).status_code == 302
    assert _listed(organisation.panels.get())


def test_carried_over_panels_keep_their_welsh_and_open_only_if_complete(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    complete = PanelFactory(organisation=organisation, name="Complete")
    partial = PanelFactory(organisation=organisation, name="Partial")
    client.force_login(people["commissioner"])
    _welsh_required(organisation)
    client.post(_url("panels:translation_edit", complete, lang="cy"), WELSH)
    client.post(
        _url("panels:translation_edit", partial, lang="cy"),
        {"panel_name": "Rhannol", "panel_purpose": ""},
    )
    complete.refresh_from_db()
    partial.refresh_from_db()
    cycle = CycleFactory(organisation=organisation)
    copies = panels_carry_over(panels=[complete, partial], to_cycle=cycle)
    assert [c.is_open_for_volunteers for c in copies] == [True, False]
    assert copies[0].i18n["name_cy"] == WELSH["panel_name"]


def _listed(panel: Panel) -> bool:
    slug = panel.organisation.slug
    page = Client().get(reverse("taking_part:get_involved", args=[slug]))
    return panel.get_join_url() in page.content.decode()


def _checkbox_ticked(page: str, name: str) -> bool:
    start = page.index(f'name="{name}"')
    tag = page[page.rindex("<input", 0, start) : page.index(">", start)]
    return "checked" in tag


def _error_beside(page: str, field: str) -> str:
    """The error message shown in the field's own group, beside its box."""
    group = page[page.index(f'id="div_id_{field}"') :]
    found = re.search(
        r'class="govuk-error-message">\s*<span class="govuk-visually-hidden">'
        r"[^<]*</span>(.*?)</span>",
        group,
        re.S,
    )
    assert found, "no message beside the field"
    assert group.index(found.group(0)) < group.index(f'name="{field}"')
    return " ".join(found.group(1).split())


# --- Citizens ------------------------------------------------------------------------


def _panel_with_welsh(organisation: Organisation, **fields: Any) -> Panel:
    _welsh_required(organisation, required=False)
    panel = PanelFactory(organisation=organisation, **{**ENGLISH, **fields})
    panel.i18n = {
        "name_cy": WELSH["panel_name"],
        "purpose_cy": WELSH["panel_purpose"],
        "_from": {"name_cy": panel.name, "purpose_cy": panel.purpose},
    }
    panel.save()
    return panel


def test_a_welsh_page_shows_the_welsh_and_marks_the_english_fallback(
    organisation: Organisation,
) -> None:
    panel = _panel_with_welsh(organisation)
    welsh = _welsh_client()
    listing = _text(
        welsh.get(reverse("taking_part:get_involved", args=[organisation.slug]))
    )
    join = _text(welsh.get(panel.get_join_url()))
    for page in (listing, join):
        assert '<html lang="cy"' in page
        assert marked(page, WELSH["panel_name"]) == {"cy"}
        assert marked(page, WELSH["panel_purpose"]) == {"cy"}
        assert marked(page, ENGLISH["commitment"]) == {"en"}
        assert ENGLISH["name"] not in page and ENGLISH["purpose"] not in page
    assert f'{panel.get_join_url()}?lang=cy"' in listing

    english = _text(Client().get(panel.get_join_url()))
    assert ENGLISH["name"] in english and WELSH["panel_name"] not in english
    # Asking for Welsh on an English page: the Welsh, marked Welsh.
    asked = _text(Client().get(panel.get_join_url() + "?lang=cy"))
    assert '<html lang="en' in asked
    assert marked(asked, WELSH["panel_name"]) == {"cy"}
    # A language the panel is not written in falls back to the page's.
    polish = _text(welsh.get(panel.get_join_url() + "?lang=pl"))
    assert marked(polish, WELSH["panel_name"]) == {"cy"}


def test_the_invitation_page_and_messages_are_in_the_persons_language(
    organisation: Organisation,
) -> None:
    panel = _panel_with_welsh(organisation, recruitment=Recruitment.INVITATION)
    user = UserFactory()
    member = PanelMember.objects.create(panel=panel, user=user)
    welsh = _welsh_client()
    welsh.force_login(user)
    seat_url = reverse("taking_part:seat", kwargs={"pk": member.pk})
    page = _text(welsh.get(seat_url))
    assert marked(page, WELSH["panel_name"]) == {"cy"}
    assert ENGLISH["name"] not in page
    accepted = welsh.post(seat_url, {"action": "accept", "consent_panel": "yes"})
    shown = _text(welsh.get(accepted.url))
    assert marked(shown, WELSH["panel_name"]) == {"cy"}
    assert ENGLISH["name"] not in shown


def test_joining_in_welsh_thanks_in_welsh_and_keeps_the_language_through_sign_in(
    organisation: Organisation,
) -> None:
    panel = _panel_with_welsh(organisation, name="Standing panel")
    panel.i18n = {**panel.i18n, "name_cy": "Panel sefydlog"}
    panel.save()
    visitor = Client()
    asked = visitor.post(panel.get_join_url() + "?lang=cy", {"email": "a@example.org"})
    assert asked.status_code == 302
    assert "lang%3Dcy" in asked.url, "back to the panel in the language chosen"

    user = UserFactory()
    welsh = _welsh_client()
    welsh.force_login(user)
    joined = welsh.post(panel.get_join_url(), {"consent_panel": "yes"})
    assert joined.status_code == 302
    page = _text(welsh.get(joined.url))
    assert marked(page, "Panel sefydlog") == {"cy"}
    assert "Standing panel" not in page


#: Generated words: letters of several scripts, told apart by their length tag.
_words = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzŵŷâłęś"),
    min_size=4,
    max_size=10,
).map(lambda w: f"{w}-{len(w)}")
_FIELDS = ("name", "purpose", "commitment")


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_every_piece_is_its_translation_or_its_english_marked_english(
    db: None, data: st.DataObject
) -> None:
    """For generated Welsh and Polish for some of a panel's pieces, each public
    page, in Welsh or English and with or without ``?lang=``, shows each piece
    in the language chosen where written, else its English, each marked with its
    own language wherever the page is in another, and never another language's."""
    # An organisation of its own each time: its listing shows this panel only.
    organisation = OrganisationFactory()
    _welsh_required(organisation, required=False)
    # Nine different words: the English, Welsh and Polish of each piece.
    words = iter(data.draw(st.lists(_words, min_size=9, max_size=9, unique=True)))
    english = {field: next(words) for field in _FIELDS}
    panel = PanelFactory(organisation=organisation, **english)
    written: dict[str, dict[str, str]] = {}
    stored: dict[str, Any] = {}
    for lang in ("cy", "pl"):
        fields = data.draw(st.lists(st.sampled_from(_FIELDS), unique=True), label=lang)
        written[lang] = {f: next(words) for f in fields}
        stored.update({f"{f}_{lang}": t for f, t in written[lang].items()})
    panel.i18n = stored
    panel.save()
    user = UserFactory()
    member = PanelMember.objects.create(panel=panel, user=user)
    pages = {
        "listing": reverse("taking_part:get_involved", args=[organisation.slug]),
        "join": panel.get_join_url(),
        "seat": reverse("taking_part:seat", kwargs={"pk": member.pk}),
    }
    for interface in ("en", "cy"):
        client = _welsh_client() if interface == "cy" else Client()
        client.force_login(user)
        for requested in ("", "cy", "pl", "ar"):
            offered = requested if written.get(requested) else ""
            if not offered and written.get(interface):
                offered = interface
            lang = offered or "en"
            mine = written.get(lang, {})
            for where, url in pages.items():
                query = f"?lang={requested}" if requested else ""
                page = client.get(url + query).content.decode()
                texts = langs_of(page)
                shown = set()
                for field in _FIELDS:
                    text, text_lang = (
                        (mine[field], lang) if field in mine else (english[field], "en")
                    )
                    shown.add(text)
                    seen = {code for run, code in texts if text in run}
                    assert seen == {text_lang}, (where, interface, query, field)
                every = {*english.values()} | {
                    t for fields in written.values() for t in fields.values()
                }
                for text in every - shown:
                    assert text not in page, (where, interface, query, text)


# --- E-mails -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("preferred", "welsh", "english"),
    [("cy", True, False), ("en-gb", False, True), ("", True, True)],
)
def test_invitations_carry_the_panel_in_the_persons_language(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    django_capture_on_commit_callbacks: Any,
    preferred: str,
    welsh: bool,
    english: bool,
) -> None:
    """An invitation from the team carries the panel's name and purpose in the
    person's language; both, Welsh first, when the language is not known."""
    panel = _panel_with_welsh(organisation, recruitment=Recruitment.INVITATION)
    UserFactory(email="person@example.org", preferred_language=preferred)
    client.force_login(people["commissioner"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("panels:invite", panel), {"emails": "person@example.org"})
    (sent,) = mail.outbox
    assert (WELSH["panel_name"] in sent.subject) == welsh
    assert (ENGLISH["name"] in sent.subject) == english
    assert (WELSH["panel_purpose"] in sent.body) == welsh
    assert (ENGLISH["purpose"] in sent.body) == english
    # What is not written in Welsh is given in English in every version.
    assert ENGLISH["commitment"] in sent.body
    if welsh and english:
        assert sent.body.index(WELSH["panel_purpose"]) < sent.body.index(
            ENGLISH["purpose"]
        )


def test_an_open_panels_welsh_cannot_be_taken_away_but_can_be_corrected(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """Once a panel takes volunteers in a required language, emptying a box of
    that language on the Languages page is refused next to the box; correcting
    it is not."""
    organisation.content_languages = ["cy"]
    organisation.required_languages = ["cy"]
    organisation.save()
    panel = PanelFactory(organisation=organisation, is_open_for_volunteers=False)
    client.force_login(people["commissioner"])
    url = reverse(
        "panels:translation_edit",
        kwargs={"org_slug": organisation.slug, "pk": panel.pk, "lang": "cy"},
    )
    form = client.get(url).context["form"]
    welsh = {name: f"Cymraeg {index}" for index, name in enumerate(form.fields)}
    assert client.post(url, welsh).status_code == 302
    Panel.objects.filter(pk=panel.pk).update(is_open_for_volunteers=True)
    first = next(iter(welsh))
    refused = client.post(url, {**welsh, first: "  "})
    assert refused.status_code == 400
    assert "cannot be taken away" in refused.content.decode()
    panel.refresh_from_db()
    assert panel.i18n[first.split("_", 1)[1] + "_cy"] == "Cymraeg 0"
    corrected = client.post(url, {**welsh, first: "Cymraeg newydd"})
    assert corrected.status_code == 302
