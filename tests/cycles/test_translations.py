"""A public cycle and its published decisions in the organisation's languages,
tested from what people get: the team's Languages pages, the refusals to make a
cycle public or publish a decision while a required language is missing or out
of date (next to the action, nothing typed lost), the public pages read in Welsh
with ``lang`` true for what it wraps, and the decision e-mails in each person's
language."""

from __future__ import annotations

import datetime
import html
import re
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from cocommission.translations import save
from cycles.models import Cycle, Decision, Phase, Visibility
from cycles.services import decision_confirm
from cycles.translations import cycle_pieces, decision_pieces
from panels.models import PanelMember, Purpose
from panels.services import consent_record
from tests.cycles.factories import CycleFactory, DecisionFactory
from tests.panels.factories import PanelFactory, consenting_citizen

pytestmark = pytest.mark.django_db

PROBLEM = "Carers cannot get a break in the evenings."
WHO_FOR = "About 900 unpaid carers."
CYCLE_WELSH = {
    "cycle_title": "Seibiant i ofalwyr",
    "cycle_problem_statement": "Ni all gofalwyr gael seibiant gyda'r nos.",
    "cycle_population_served": "Tua 900 o ofalwyr di-dâl.",
}
DECISION_WELSH = {
    "decision_title": "Agor yr hyb ar ddydd Sadwrn",
    "decision_decided": "Bydd yr hyb ar agor bob dydd Sadwrn.",
    "decision_rationale": "Gofynnodd gofalwyr amdano.",
}


def _bilingual(organisation: Organisation, *, required: bool = True) -> None:
    organisation.content_languages = ["cy", "ar"]
    organisation.required_languages = ["cy"] if required else []
    organisation.save()


def _cycle(organisation: Organisation, by: User, **fields: Any) -> Cycle:
    fields.setdefault("title", "A break for carers")
    return CycleFactory(
        organisation=organisation,
        by=by,
        problem_statement=PROBLEM,
        population_served=WHO_FOR,
        **fields,
    )


def _url(name: str, cycle: Cycle, **kwargs: Any) -> str:
    return reverse(
        f"cycles:{name}",
        kwargs={"org_slug": cycle.organisation.slug, "pk": cycle.pk, **kwargs},
    )


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _cycle_form(cycle: Cycle, **extra: str) -> dict[str, str]:
    return {
        "title": cycle.title,
        "problem_statement": cycle.problem_statement,
        "population_served": cycle.population_served,
        "level": cycle.level,
        "status": cycle.status,
        "visibility": cycle.visibility,
        **extra,
    }


def _field_group(page: str, name: str) -> str:
    """The GOV.UK form group holding the field ``name``."""
    tree = lxml_html.fromstring(page)
    found = tree.xpath(
        f'//div[contains(@class, "govuk-form-group")][.//*[@name="{name}"]]'
    )
    assert found, name
    return str(lxml_html.tostring(found[-1], encoding="unicode"))


def _published(cycle: Cycle, **fields: Any) -> Decision:
    decision: Decision = DecisionFactory(cycle=cycle, **fields)
    return decision


def test_the_team_writes_the_cycle_in_welsh_and_makes_it_public_only_when_complete(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    _bilingual(organisation)
    cycle = _cycle(organisation, people["commissioner"])
    client.force_login(people["commissioner"])
    dashboard = _text(client.get(cycle.get_absolute_url()))
    assert _url("translations", cycle) in dashboard

    gaps = _text(client.get(_url("translations", cycle)))
    welsh = gaps.split("<h2")[1]
    assert "Needed before the cycle is made public" in welsh
    for label in ("Title", "Problem statement", "Who the service is for"):
        assert label in welsh
    assert _url("translation_edit", cycle, lang="cy") in welsh

    # Made public with a new line typed: refused by the field, what was typed kept.
    refused = client.post(
        _url("edit", cycle),
        _cycle_form(cycle, visibility="public", population_served="Typed just now"),
    )
    page = _text(refused)
    group = html.unescape(_field_group(page, "visibility"))
    assert "Not yet written in Welsh: Title, Problem statement" in group
    assert "Arabic" not in group  # written in, not required
    assert 'value="Typed just now"' in page
    cycle.refresh_from_db()
    assert cycle.visibility == Visibility.PRIVATE

    # Part of the Welsh, then all of it; only then can it go public.
    edit = _url("translation_edit", cycle, lang="cy")
    assert client.post(edit, {"cycle_title": CYCLE_WELSH["cycle_title"]}).status_code
    client.post(_url("edit", cycle), _cycle_form(cycle, visibility="public"))
    cycle.refresh_from_db()
    assert cycle.visibility == Visibility.PRIVATE
    assert client.post(edit, CYCLE_WELSH).status_code == 302
    # The English changes: the Welsh written from the old English is out of date.
    client.post(_url("edit", cycle), _cycle_form(cycle, title="Evening breaks"))
    cycle.refresh_from_db()
    refused = _text(
        client.post(_url("edit", cycle), _cycle_form(cycle, visibility="public"))
    )
    assert "Out of date in Welsh, as the English changed: Title." in html.unescape(
        _field_group(refused, "visibility")
    )
    gaps = _text(client.get(_url("translations", cycle)))
    assert "Out of date" in gaps and "Evening breaks" in gaps

    client.post(edit, {**CYCLE_WELSH, "cycle_title": "Seibiant gyda'r nos"})
    made = client.post(_url("edit", cycle), _cycle_form(cycle, visibility="public"))
    assert made.status_code == 302
    cycle.refresh_from_db()
    assert cycle.visibility == Visibility.PUBLIC


def test_a_new_cycle_cannot_start_public_without_its_welsh(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    _bilingual(organisation)
    client.force_login(people["commissioner"])
    page = _text(
        client.post(
            reverse("cycles:new", kwargs={"org_slug": organisation.slug}),
            {
                "title": "Day services",
                "level": "macro",
                "status": "draft",
                "visibility": "public",
            },
        )
    )
    assert "Not yet written in Welsh: Title." in _field_group(page, "visibility")
    assert 'value="Day services"' in page
    assert not Cycle.objects.filter(title="Day services").exists()


def test_the_languages_pages_keep_the_cycles_own_checks(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    other_organisation: Organisation,
    make_member: Any,
) -> None:
    _bilingual(organisation)
    cycle = _cycle(organisation, people["commissioner"])
    decision = _published(cycle)
    edit = _url("translation_edit", cycle, lang="cy")
    decision_edit = _url(
        "decision_translation_edit", cycle, decision_pk=decision.pk, lang="cy"
    )
    # A decision maker reads the cycle's languages but does not write them.
    client.force_login(people["decision_maker"])
    gaps = _text(client.get(_url("translations", cycle)))
    assert "Problem statement" in gaps and edit not in gaps
    assert client.post(edit, CYCLE_WELSH).status_code == 403
    # People outside the team, or in another organisation, find nothing.
    for outsider in (
        people["citizen"],
        people["outsider"],
        make_member("commissioner", other_organisation),
    ):
        client.force_login(outsider)
        for url in (_url("translations", cycle), edit, decision_edit):
            assert client.get(url).status_code == 404, (outsider, url)
        assert client.post(edit, CYCLE_WELSH).status_code == 404
    cycle.refresh_from_db()
    assert "title_cy" not in (cycle.i18n or {})
    # A language the organisation does not write in is not found.
    client.force_login(people["commissioner"])
    assert client.get(_url("translation_edit", cycle, lang="pl")).status_code == 404


def test_a_decision_is_published_only_with_its_welsh(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """The chair's confirmation is refused next to the button until the Welsh is
    written; once published, its Welsh cannot be changed."""
    _bilingual(organisation)
    cycle = _cycle(organisation, people["commissioner"])
    decision = _published(
        cycle,
        title="Open the hub on Saturdays",
        decided="The hub opens every Saturday.",
        rationale="Carers asked for it.",
    )
    chair = decision.board_chair
    assert chair is not None
    client.force_login(people["commissioner"])
    log = _text(client.get(_url("decisions", cycle)))
    languages = _url("decision_translations", cycle, decision_pk=decision.pk)
    assert languages in log
    gaps = _text(client.get(languages))
    assert "Needed before the decision is published" in gaps
    assert "What was decided" in gaps and "Why" in gaps

    client.force_login(chair)
    confirm = _url("decision_confirm", cycle, decision_pk=decision.pk)
    page = _text(client.get(confirm))
    seen = re.search(r'name="seen" value="([^"]+)"', page)
    assert seen is not None
    refused = client.post(confirm, {"action": "confirm", "seen": seen.group(1)})
    assert refused.status_code == 400
    near = _text(refused).split('id="confirm-error"')[1].split("</button>")[0]
    assert "Not yet written in Welsh: Title, What was decided, Why." in near
    assert languages in near
    decision.refresh_from_db()
    assert not decision.is_published and decision.published_at is None

    client.force_login(people["commissioner"])
    edit = _url("decision_translation_edit", cycle, decision_pk=decision.pk, lang="cy")
    assert client.post(edit, DECISION_WELSH).status_code == 302
    # The page the chair opened before the Welsh was written is out of date.
    client.force_login(chair)
    stale = client.post(confirm, {"action": "confirm", "seen": seen.group(1)})
    assert "changed after you opened it" in _text(stale)
    page = _text(client.get(confirm))
    # The chair reads the Welsh published in their name, marked as Welsh.
    assert _lang_of(page, DECISION_WELSH["decision_decided"]) == ["cy"]
    seen = re.search(r'name="seen" value="([^"]+)"', page)
    assert seen is not None
    done = client.post(confirm, {"action": "confirm", "seen": seen.group(1)})
    assert done.status_code == 302
    decision.refresh_from_db()
    assert decision.is_published

    # Published is final, in every language.
    client.force_login(people["commissioner"])
    assert client.post(edit, {"decision_title": "Rhywbeth arall"}).status_code == 302
    decision.refresh_from_db()
    assert decision.i18n["title_cy"] == DECISION_WELSH["decision_title"]
    assert edit not in _text(client.get(languages))


def test_a_decider_recording_their_own_decision_is_told_it_waits_for_the_welsh(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    _bilingual(organisation)
    cycle = _cycle(organisation, people["commissioner"])
    decider = people["decision_maker"]
    client.force_login(decider)
    page = client.post(
        _url("decision_new", cycle),
        {
            "title": "Fund the carers' hub",
            "phase": Phase.ANALYSE,
            "kind": "other",
            "decided": "The hub opens in May.",
            "decided_on": timezone.localdate().isoformat(),
            "rationale": "",
            "decided_by": decider.pk,
        },
        follow=True,
    )
    decision = Decision.objects.get(title="Fund the carers' hub")
    assert not decision.is_published
    assert "not yet published. Not yet written in Welsh: Title, What was decided." in (
        _text(page)
    )
    save(decision_pieces(decision), "cy", {"decision_title": "Ariannu'r hyb"})
    save(decision_pieces(decision), "cy", {"decision_decided": "Agor ym mis Mai."})
    decision_confirm(decision=decision, by=decider)
    decision.refresh_from_db()
    assert decision.is_published


# --- The public pages -----------------------------------------------------------


def _public_cycle(organisation: Organisation, by: User) -> tuple[Cycle, Decision]:
    cycle = _cycle(organisation, by)
    decision = _published(
        cycle,
        title="Open the hub on Saturdays",
        decided="The hub opens every Saturday.",
        rationale="Carers asked for it.",
    )
    assert decision.board_chair is not None
    decision_confirm(decision=decision, by=decision.board_chair)
    Cycle.objects.filter(pk=cycle.pk).update(visibility=Visibility.PUBLIC)
    cycle.refresh_from_db()
    decision.refresh_from_db()
    return cycle, decision


def _public_url(cycle: Cycle, name: str = "public_decisions") -> str:
    return reverse(name, kwargs={"org_slug": cycle.organisation.slug, "pk": cycle.pk})


def _lang_of(page: str, text: str) -> list[str]:
    """The language each element holding ``text`` says it is in (its own or its
    nearest ancestor's ``lang``), skipping the head."""
    tree = lxml_html.fromstring(page)
    found = []
    for element in tree.xpath("//body//*[text()]"):
        own = "".join(element.xpath("text()"))
        if text in html.unescape(own):
            holder = element.xpath("ancestor-or-self::*[@lang][1]")
            found.append(holder[0].get("lang").split("-")[0] if holder else "")
    return found


def test_the_public_pages_in_welsh_mark_the_english_they_fall_back_to(
    people: dict[str, User], organisation: Organisation
) -> None:
    _bilingual(organisation, required=False)
    cycle, decision = _public_cycle(organisation, people["commissioner"])
    save(cycle_pieces(cycle), "cy", {"cycle_title": CYCLE_WELSH["cycle_title"]})
    save(
        decision_pieces(decision),
        "cy",
        {"decision_decided": DECISION_WELSH["decision_decided"]},
    )
    welsh = Client(HTTP_ACCEPT_LANGUAGE="cy")
    page = _text(welsh.get(_public_url(cycle)))
    assert re.search(r'<html[^>]*lang="cy"', page)
    assert _lang_of(page, CYCLE_WELSH["cycle_title"]) == ["cy"]
    assert _lang_of(page, PROBLEM) == ["en"]
    assert _lang_of(page, WHO_FOR) == ["en"]
    assert _lang_of(page, DECISION_WELSH["decision_decided"]) == ["cy"]
    assert _lang_of(page, "Open the hub on Saturdays") == ["en"]
    assert _lang_of(page, "Carers asked for it.") == ["en"]
    assert "The hub opens every Saturday." not in page
    # The reader can ask for the English, which is then all English and marked.
    english = _text(welsh.get(_public_url(cycle) + "?lang=en"))
    assert CYCLE_WELSH["cycle_title"] not in english
    assert _lang_of(english, "The hub opens every Saturday.") == ["en"]
    assert 'hreflang="cy"' in page or 'hreflang="cy"' in english
    # An English browser asking for Welsh: the Welsh is marked Welsh.
    asked = _text(Client().get(_public_url(cycle) + "?lang=cy"))
    assert _lang_of(asked, CYCLE_WELSH["cycle_title"]) == ["cy"]
    assert _lang_of(asked, PROBLEM) == ["en"]
    # Not on offer (nothing written in Polish): English, unmarked on an English page.
    polish = _text(Client().get(_public_url(cycle) + "?lang=pl"))
    assert _lang_of(polish, PROBLEM) == ["en"]
    # The organisation's page and the outcomes page list the cycle the same way.
    for url in (
        reverse("public_organisation", kwargs={"org_slug": organisation.slug}),
        _public_url(cycle, "public_outcomes"),
    ):
        other = _text(welsh.get(url))
        assert _lang_of(other, CYCLE_WELSH["cycle_title"]) == ["cy"], url
        assert "A break for carers" not in other, url


_words = st.text(alphabet="bcdfghjklmnpqrstvwxz", min_size=6, max_size=10).map(
    lambda w: f"{w}-{len(w)}"
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_each_piece_is_its_translation_or_its_english_marked_english(
    people: dict[str, User], organisation: Organisation, data: st.DataObject
) -> None:
    """For generated translations of some of the pieces in Welsh and Arabic, the
    public page read in each language (asked for, or the browser's Welsh) shows
    each piece as that language's text where written, else its English marked
    lang="en" on a page not in English, and never another language's text."""
    # A Welsh request leaves Welsh active in the thread: each example starts in
    # the default, as each test does.
    translation.activate(django_settings.LANGUAGE_CODE)
    _bilingual(organisation, required=False)
    cycle, decision = _public_cycle(organisation, people["commissioner"])
    pieces = cycle_pieces(cycle) + decision_pieces(decision)
    written: dict[str, dict[str, str]] = {}
    for lang in ("cy", "ar"):
        chosen = data.draw(
            st.lists(st.sampled_from([p.name for p in pieces]), unique=True),
            label=f"written in {lang}",
        )
        written[lang] = {name: data.draw(_words, label=name) for name in chosen}
        save(pieces, lang, written[lang])
    cycle.refresh_from_db()
    decision.refresh_from_db()
    pieces = cycle_pieces(cycle) + decision_pieces(decision)
    readers = [
        ("en", "en", Client()),
        ("cy", "cy", Client(HTTP_ACCEPT_LANGUAGE="cy")),
        ("cy", "en", Client()),
        ("ar", "cy", Client(HTTP_ACCEPT_LANGUAGE="cy")),
        ("en", "cy", Client(HTTP_ACCEPT_LANGUAGE="cy")),
    ]
    for lang, page_lang, client in readers:
        asked = "" if (lang, page_lang) == ("cy", "cy") else f"?lang={lang}"
        page = _text(client.get(_public_url(cycle) + asked))
        # The language asked for if on offer, else the page's, else English.
        offered = {"en", *(code for code, texts in written.items() if texts)}
        shown_lang = next(
            (code for code in (lang if asked else "", page_lang) if code in offered),
            "en",
        )
        mine = written.get(shown_lang, {})
        for piece in pieces:
            if piece.name in mine:
                text, expected = mine[piece.name], shown_lang
            else:
                text, expected = piece.english, "en"
            where = _lang_of(page, text)
            assert set(where) == {expected}, (lang, page_lang, piece.name, where)
        for other, texts in written.items():
            if other == shown_lang:
                continue
            for text in texts.values():
                if text not in mine.values():
                    assert text not in page, (lang, page_lang, other, text)


# --- E-mails ----------------------------------------------------------------------


def test_decision_emails_carry_the_decision_in_each_persons_language(
    people: dict[str, User],
    organisation: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _bilingual(organisation)
    cycle = _cycle(organisation, people["commissioner"])
    save(cycle_pieces(cycle), "cy", CYCLE_WELSH)
    panel = PanelFactory(organisation=organisation, cycle=cycle)
    readers = {}
    for language in ("cy", "en-gb", ""):
        member = consenting_citizen(organisation, preferred_language=language)
        consent_record(
            user=member, organisation=organisation, purpose=Purpose.CONTACT, given=True
        )
        PanelMember.objects.create(
            panel=panel,
            user=member,
            status="active",
            responded_at=timezone.now() - datetime.timedelta(days=1),
        )
        readers[language] = member.email
    decision = _published(
        cycle,
        title="Open the hub on Saturdays",
        decided="The hub opens every Saturday.",
        rationale="Carers asked for it.",
    )
    # Welsh for the title and what was decided; the reason only in English.
    save(
        decision_pieces(decision),
        "cy",
        {k: v for k, v in DECISION_WELSH.items() if k != "decision_rationale"},
    )
    decision.refresh_from_db()
    assert decision.board_chair is not None
    with pytest.raises(ValidationError, match="Not yet written in Welsh: Why"):
        decision_confirm(decision=decision, by=decision.board_chair)
    save(decision_pieces(decision), "cy", DECISION_WELSH)
    decision.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        decision_confirm(decision=decision, by=decision.board_chair)
    by_reader = {
        language: next(m for m in mail.outbox if m.to == [email])
        for language, email in readers.items()
    }
    welsh, english, both = by_reader["cy"], by_reader["en-gb"], by_reader[""]
    for text in DECISION_WELSH.values():
        assert text in welsh.body and text not in english.body
        assert text in both.body
    assert CYCLE_WELSH["cycle_title"] in welsh.subject
    for text in ("Open the hub on Saturdays", "The hub opens every Saturday."):
        assert text in english.body and text not in welsh.body
        assert text in both.body
    assert "A break for carers" in english.subject
    # In the bilingual e-mail, each language's half carries its own text.
    first, second = both.body.split("-" * 40, 1)
    assert DECISION_WELSH["decision_decided"] in first
    assert "The hub opens every Saturday." in second
    assert "The hub opens every Saturday." not in first


def test_saving_the_english_on_a_welsh_page_writes_no_welsh(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """A commissioner who browses in Welsh and changes a cycle's English must not
    thereby "translate" it: the Welsh stays unwritten, and making the cycle
    public is still refused for want of it."""
    _bilingual(organisation)
    commissioner = people["commissioner"]
    cycle = _cycle(organisation, commissioner)
    client.force_login(commissioner)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "cy"
    commissioner.preferred_language = "cy"
    commissioner.save(update_fields=["preferred_language"])
    saved = client.post(
        _url("edit", cycle), _cycle_form(cycle, title="A rest for carers")
    )
    assert saved.status_code == 302
    cycle.refresh_from_db()
    assert cycle.title == "A rest for carers"
    assert not any(key.endswith("_cy") for key in (cycle.i18n or {}))
    gaps = _text(client.get(_url("translations", cycle)))
    assert "A rest for carers" in gaps.split('<h2 class="govuk-heading-m">')[1]
    refused = client.post(
        _url("edit", cycle), _cycle_form(cycle, visibility=Visibility.PUBLIC)
    )
    assert refused.status_code == 400
    cycle.refresh_from_db()
    assert cycle.visibility != Visibility.PUBLIC
