"""The charter and the principles in the organisation's languages, tested from
the pages people get: the team sees and writes what is missing, a new charter
version cannot be published without its required languages, and members,
citizens and the public read the charter and the principles in the language
they choose, with ``lang`` true for what it wraps."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from cycles.models import Cycle, Visibility
from governance.models import Charter, CharterSignature, GovernancePrinciple
from governance.services import charter_publish, principles_ensure_defaults
from tests.cycles.factories import CycleFactory

pytestmark = pytest.mark.django_db

ENGLISH = "We listen to each other."
WELSH = "Rydyn ni'n gwrando ar ein gilydd."
POLISH = "Słuchamy siebie nawzajem."


def _url(name: str, organisation: Organisation, **kwargs: object) -> str:
    return reverse(
        f"governance:{name}", kwargs={"org_slug": organisation.slug, **kwargs}
    )


def _languages(organisation: Organisation, required: list[str]) -> None:
    organisation.content_languages = ["cy", "pl"]
    organisation.required_languages = required
    organisation.save()


def _text(page: Any) -> str:
    return html.unescape(page.content.decode())


VOID = {
    "area",
    "base",
    "br",
    "col",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}
TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)([^>]*)>")


def _lang_at(page: str, text: str) -> str:
    """The language the page declares for the first place ``text`` is in: the
    ``lang`` of the innermost element around it that has one."""
    open_tags: list[tuple[str, str]] = []
    for match in TAG.finditer(page[: page.index(text)]):
        closing, name, attributes = match.groups()
        name = name.lower()
        if closing:
            while open_tags and open_tags.pop()[0] != name:
                pass
        elif name not in VOID and not attributes.rstrip().endswith("/"):
            lang = re.search(r'\slang="([^"]*)"', attributes)
            open_tags.append((name, lang.group(1) if lang else ""))
    return next(lang for _name, lang in reversed(open_tags) if lang)


def _section(page: str, heading: str) -> str:
    """The part of a languages page under the heading of one language."""
    start = page.index(f'<h2 class="govuk-heading-m">{heading}')
    end = page.find('<h2 class="govuk-heading-m">', start + 1)
    return page[start : end if end != -1 else None]


def _in_welsh(user: User) -> Client:
    User.objects.filter(pk=user.pk).update(preferred_language="cy")
    client = Client()
    client.force_login(User.objects.get(pk=user.pk))
    return client


def test_the_team_sees_what_the_charter_lacks_and_writes_it_without_a_new_version(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    charter = charter_publish(
        organisation=organisation, by=people["admin"], text=ENGLISH
    )
    _languages(organisation, ["cy"])
    client.force_login(people["admin"])
    page = _text(client.get(_url("charter", organisation)))
    assert _url("charter_languages", organisation) in page
    assert "Not yet written in Welsh: Charter text." in page
    assert "does not make a new version" in page

    gaps = _text(client.get(_url("charter_languages", organisation)))
    welsh = _section(gaps, "Welsh")
    assert "Welsh" in welsh and "Charter text" in welsh and ENGLISH in welsh
    assert _url("charter_language", organisation, lang="cy") in welsh

    edit = _text(client.get(_url("charter_language", organisation, lang="cy")))
    assert "does not make a new version" in edit and ENGLISH in edit
    saved = client.post(
        _url("charter_language", organisation, lang="cy"), {"charter_text": WELSH}
    )
    assert saved.status_code == 302
    assert Charter.objects.filter(organisation=organisation).count() == 1
    charter.refresh_from_db()
    assert charter.text == ENGLISH and charter.version == 1
    after = _text(client.get(_url("charter_languages", organisation)))
    assert "Everything is written in this language." in _section(after, "Welsh")
    assert "Not yet written" not in _text(client.get(_url("charter", organisation)))

    # Corrected later: still the same version, with the correction.
    client.post(
        _url("charter_language", organisation, lang="cy"),
        {"charter_text": WELSH + " Bob amser."},
    )
    assert Charter.objects.filter(organisation=organisation).count() == 1
    citizen = _in_welsh(people["citizen"])
    assert WELSH + " Bob amser." in _text(citizen.get(_url("charter", organisation)))


# role -> (charter languages pages, principle languages pages)
REFUSALS = {
    "admin": (200, 200),
    "commissioner": (403, 403),
    "decision_maker": (403, 403),
    "provider": (403, 403),
    "citizen": (403, 403),
    "outsider": (404, 404),
}


@pytest.mark.parametrize("role", list(REFUSALS))
def test_only_those_who_publish_the_charter_and_keep_the_principles_translate_them(
    client: Client, people: dict[str, User], organisation: Organisation, role: str
) -> None:
    charter = charter_publish(
        organisation=organisation, by=people["admin"], text=ENGLISH
    )
    principles_ensure_defaults(organisation=organisation)
    _languages(organisation, ["cy"])
    client.force_login(people[role])
    charter_status, principle_status = REFUSALS[role]
    for name in ("charter_languages", "principle_languages"):
        expected = charter_status if name.startswith("charter") else principle_status
        assert client.get(_url(name, organisation)).status_code == expected
    for name, field in (
        ("charter_language", "charter_text"),
        ("principle_language", "x"),
    ):
        expected = charter_status if name.startswith("charter") else principle_status
        url = _url(name, organisation, lang="cy")
        assert client.get(url).status_code == expected
        posted = client.post(url, {field: "Ysgrifennwyd gan rywun arall"})
        assert posted.status_code == (302 if expected == 200 else expected)
    charter.refresh_from_db()
    assert ("Ysgrifennwyd" in str(charter.i18n)) == (role == "admin")


def test_a_language_the_organisation_does_not_write_in_is_not_found(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    client.force_login(people["admin"])
    assert client.get(_url("charter_languages", organisation)).status_code == 404
    charter_publish(organisation=organisation, by=people["admin"], text=ENGLISH)
    _languages(organisation, [])
    for name in ("charter_language", "principle_language"):
        for lang in ("ar", "en", "xx"):
            assert client.get(_url(name, organisation, lang=lang)).status_code == 404


def test_a_new_version_cannot_be_published_without_a_required_language(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """The publish form has a box for each language beside the English; a
    required one left empty is refused next to its box, and nothing typed is
    lost."""
    _languages(organisation, ["cy"])
    client.force_login(people["admin"])
    form = _text(client.get(_url("charter", organisation)))
    assert 'name="text_cy"' in form and 'name="text_pl"' in form
    assert re.search(r'<textarea[^>]*name="text_cy"[^>]*lang="cy"', form) or re.search(
        r'<textarea[^>]*lang="cy"[^>]*name="text_cy"', form
    )

    refused = client.post(
        _url("charter", organisation), {"text": ENGLISH, "text_pl": POLISH}
    )
    assert refused.status_code == 400
    page = _text(refused)
    before_box = page[: page.index('name="text_cy"')]
    group = before_box[before_box.rindex("govuk-form-group") :]
    assert "govuk-error-message" in group and "Write the charter in Welsh" in group
    assert ENGLISH in page and POLISH in page
    assert not Charter.objects.filter(organisation=organisation).exists()

    # Spaces alone are not Welsh either.
    blank = client.post(
        _url("charter", organisation), {"text": ENGLISH, "text_cy": "   "}
    )
    assert blank.status_code == 400
    assert not Charter.objects.filter(organisation=organisation).exists()

    published = client.post(
        _url("charter", organisation),
        {"text": ENGLISH, "text_cy": WELSH, "text_pl": ""},
    )
    assert published.status_code == 302
    charter = Charter.objects.get(organisation=organisation)
    assert charter.i18n["text_cy"] == WELSH and "text_pl" not in charter.i18n

    # The next version starts from this one's text in every language.
    again = _text(client.get(_url("charter", organisation)))
    assert WELSH in again.split('name="text_cy"')[1].split("</textarea>")[0]


def test_the_service_refuses_a_version_missing_a_required_language(
    people: dict[str, User], organisation: Organisation
) -> None:
    from django.core.exceptions import ValidationError

    _languages(organisation, ["cy"])
    with pytest.raises(ValidationError) as refused:
        charter_publish(organisation=organisation, by=people["admin"], text=ENGLISH)
    assert "text_cy" in refused.value.error_dict
    assert not Charter.objects.exists()


def test_a_citizen_reads_and_signs_the_charter_in_welsh(
    people: dict[str, User], organisation: Organisation
) -> None:
    _languages(organisation, [])
    charter = charter_publish(
        organisation=organisation,
        by=people["admin"],
        text=ENGLISH,
        translations={"cy": WELSH},
    )
    citizen = _in_welsh(people["citizen"])
    page = _text(citizen.get(_url("charter", organisation)))
    assert WELSH in page and ENGLISH not in page
    assert _lang_at(page, WELSH) == "cy"
    assert 'hreflang="en"' in page  # the English is a link away

    english = _text(citizen.get(_url("charter", organisation) + "?lang=en"))
    assert ENGLISH in english and WELSH not in english
    assert _lang_at(english, ENGLISH) == "en"

    signed = citizen.post(
        _url("charter", organisation), {"action": "sign", "lang": "cy"}, follow=True
    )
    after = _text(signed)
    assert "version 1" in after.lower() or "fersiwn 1" in after.lower()
    assert "Cymraeg" in after or "Welsh" in after
    signature = CharterSignature.objects.get(user=people["citizen"])
    assert signature.charter == charter

    # Claiming to have read a language it is not written in says English.
    provider = Client()
    provider.force_login(people["provider"])
    said = _text(
        provider.post(
            _url("charter", organisation), {"action": "sign", "lang": "pl"}, follow=True
        )
    )
    assert "which you read in English" in said


def test_the_public_reads_the_charter_in_welsh_or_english_marked(
    people: dict[str, User], organisation: Organisation
) -> None:
    _languages(organisation, [])
    charter_publish(
        organisation=organisation,
        by=people["admin"],
        text=ENGLISH,
        translations={"pl": POLISH},
    )
    cycle = CycleFactory(
        organisation=organisation, by=people["commissioner"], visibility="public"
    )
    public = reverse("public_organisation", kwargs={"org_slug": organisation.slug})
    decisions = reverse(
        "public_decisions", kwargs={"org_slug": organisation.slug, "pk": cycle.pk}
    )
    welsh = Client(HTTP_ACCEPT_LANGUAGE="cy")
    for url in (public, decisions):
        # Not written in Welsh: the English, marked as English on a Welsh page.
        page = _text(welsh.get(url))
        assert '<html lang="cy"' in page
        assert _lang_at(page, ENGLISH) == "en"
        # Asked for in Polish: the Polish, marked as Polish.
        polish = _text(welsh.get(url + "?lang=pl"))
        assert _lang_at(polish, POLISH) == "pl" and ENGLISH not in polish
        # Asked for in a language it is not written in: the English.
        assert ENGLISH in _text(welsh.get(url + "?lang=ar"))
    Charter.objects.update(i18n={"text_cy": WELSH})
    page = _text(welsh.get(public))
    assert WELSH in page and _lang_at(page, WELSH) == "cy"


def _principles(organisation: Organisation) -> list[GovernancePrinciple]:
    principles = principles_ensure_defaults(organisation=organisation)[:2]
    GovernancePrinciple.objects.filter(organisation=organisation).exclude(
        pk__in=[p.pk for p in principles]
    ).update(is_retired=True)
    principles[0].criteria.create(question="Were people paid for their time?")
    return list(
        GovernancePrinciple.objects.filter(pk__in=[p.pk for p in principles])
        .prefetch_related("criteria")
        .order_by("order")
    )


@pytest.fixture
def public_cycle(organisation: Organisation, people: dict[str, User]) -> Cycle:
    return CycleFactory(
        organisation=organisation,
        by=people["commissioner"],
        visibility=Visibility.PUBLIC,
    )


def test_the_principles_page_says_what_a_required_language_lacks(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    principles = _principles(organisation)
    _languages(organisation, ["cy"])
    client.force_login(people["admin"])
    page = _text(client.get(_url("principles", organisation)))
    assert _url("principle_languages", organisation) in page
    assert "Not yet written in Welsh: Principle 1" in page
    assert "Question 1 of principle 1" in page

    gaps = _text(client.get(_url("principle_languages", organisation)))
    assert "Were people paid for their time?" in _section(gaps, "Welsh")
    first, second = principles
    data = {f"p{p.pk}_name": f"Egwyddor {p.pk}" for p in principles}
    data |= {f"p{p.pk}_description": f"Disgrifiad {p.pk}" for p in principles}
    data[f"c{first.criteria.get().pk}_question"] = "A dalwyd pobl am eu hamser?"
    saved = client.post(_url("principle_language", organisation, lang="cy"), data)
    assert saved.status_code == 302
    assert "Not yet written" not in _text(client.get(_url("principles", organisation)))

    # A new principle is in use at once: the page says what it lacks.
    client.post(
        _url("principle_new", organisation), {"name": "Value for money", "weight": "2"}
    )
    page = _text(client.get(_url("principles", organisation)))
    assert "Not yet written in Welsh: Principle 3." in page
    # A changed name is out of date in Welsh.
    client.post(
        _url("principle_edit", organisation, pk=second.pk),
        {"name": "Openness", "description": second.description, "weight": "1"},
    )
    assert "Out of date in Welsh" in _text(client.get(_url("principles", organisation)))


def test_a_citizen_assesses_a_cycle_with_the_principles_in_welsh(
    people: dict[str, User], organisation: Organisation, public_cycle: Cycle
) -> None:
    first, second = _principles(organisation)
    _languages(organisation, [])
    first.i18n = {"name_cy": "Bod yn agored", "description_cy": "Dweud beth a wnawn"}
    first.save()
    criterion = first.criteria.get()
    criterion.i18n = {"question_cy": "A dalwyd pobl am eu hamser?"}
    criterion.save()
    citizen = _in_welsh(people["citizen"])
    url = _url("assess", organisation, cycle_pk=public_cycle.pk)
    page = _text(citizen.get(url))
    for welsh in ("Bod yn agored", "Dweud beth a wnawn", "A dalwyd pobl am eu hamser?"):
        assert welsh in page and _lang_at(page, welsh) == "cy"
    assert first.name not in page and criterion.question not in page
    # The second is not written in Welsh: its English, marked.
    assert _lang_at(page, second.name) == "en"

    # Sent with nothing chosen: the problems name the Welsh question, nothing lost.
    refused = _text(citizen.post(url, {f"p{second.pk}_evidence": "Da iawn"}))
    assert "A dalwyd pobl am eu hamser?" in refused and "Da iawn" in refused

    english = _text(citizen.get(url + "?lang=en"))
    assert first.name in english and _lang_at(english, first.name) == "en"
    assert "Bod yn agored" not in english


_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=4, max_size=10)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_each_shown_principle_piece_is_its_translation_or_its_english_marked(
    people: dict[str, User],
    organisation: Organisation,
    public_cycle: Cycle,
    data: st.DataObject,
) -> None:
    """Whichever pieces are written in Welsh and Polish, a citizen reading the
    principles in a language sees each piece's text in it where written, else
    its English marked lang="en", and never another language's text."""
    from cocommission.translations import save
    from governance.translations import principle_pieces, principles_in_use

    # A request in Welsh leaves Welsh active for the next example.
    translation.activate("en-gb")
    _languages(organisation, [])
    GovernancePrinciple.objects.filter(organisation=organisation).delete()
    principles = _principles(organisation)
    pieces = principle_pieces(principles)
    written: dict[str, dict[str, str]] = {}
    for lang in ("cy", "pl"):
        chosen = data.draw(
            st.lists(st.sampled_from([p.name for p in pieces]), unique=True),
            label=f"written in {lang}",
        )
        written[lang] = {
            name: f"{lang}{data.draw(_word, label=name)}{name}" for name in chosen
        }
        save(principle_pieces(principles_in_use(organisation)), lang, written[lang])
    citizen = _in_welsh(people["citizen"])
    url = _url("assess", organisation, cycle_pk=public_cycle.pk)
    for asked in ("cy", "pl", "en"):
        # Asked for and written in, else the page's language (Welsh) if written
        # in, else English.
        lang = next(
            code for code in (asked, "cy", "en") if code == "en" or written[code]
        )
        page = _text(citizen.get(f"{url}?lang={asked}"))
        mine = written.get(lang, {})
        for piece in principle_pieces(principles_in_use(organisation)):
            if piece.name in mine:
                assert _lang_at(page, mine[piece.name]) == lang, (asked, piece.name)
            else:
                assert piece.english in page, (asked, piece.name)
                assert _lang_at(page, piece.english) == "en", (asked, piece.name)
        for other, texts in written.items():
            if other != lang:
                for text in texts.values():
                    assert text not in page, (asked, other, text)


def test_a_contract_is_rated_against_the_principles_in_welsh(
    people: dict[str, User], organisation: Organisation
) -> None:
    """Rating a contract shows the principles in the reader's language, and
    the ratings are kept against the principles themselves."""
    from contracts.models import GovernanceRating
    from tests.contracts.factories import make_contract

    first, second = _principles(organisation)
    _languages(organisation, [])
    first.i18n = {"name_cy": "Bod yn agored", "description_cy": "Dweud beth a wnawn"}
    first.save()
    contract = make_contract(organisation)
    contract.principles.set([first, second])
    admin = _in_welsh(people["admin"])
    url = reverse(
        "contracts:governance",
        kwargs={"org_slug": organisation.slug, "pk": contract.pk},
    )
    page = _text(admin.get(url))
    assert _lang_at(page, "Bod yn agored") == "cy"
    assert _lang_at(page, "Dweud beth a wnawn") == "cy"
    assert first.name not in page
    assert _lang_at(page, second.name) == "en"
    detail = _text(admin.get(contract.get_absolute_url()))
    assert _lang_at(detail, "Bod yn agored") == "cy"
    assert _lang_at(detail, second.name) == "en"

    saved = admin.post(url, {f"score_{first.pk}": "4", f"evidence_{first.pk}": "Da"})
    assert saved.status_code == 302
    rating = GovernanceRating.objects.get(contract=contract, principle=first)
    assert rating.score == 4
    first.refresh_from_db()
    assert first.name != "Bod yn agored"
