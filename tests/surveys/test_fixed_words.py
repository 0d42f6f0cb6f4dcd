"""The fixed words of surveys (the agreement scale, "Other" and its box, the
rating's hint) in an organisation's languages, tested from the pages people get:
the team writes them once per language, a survey using them cannot open while a
required language lacks them, people answering in a language read them in it
(marked with it), and answers count together as the English words."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocommission.accounts.models import User
from cocommission.organisations.fixed_words import (
    AGREEMENT,
    FIXED_WORDS,
    OTHER,
    OTHER_PROMPT,
    RATING_HINT,
)
from cocommission.organisations.models import Organisation
from surveys.counting import count_all_waiting
from surveys.models import Kind, Response, Survey
from surveys.services import survey_publish
from surveys.translations import items, translation_save
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {"kind": Kind.AGREEMENT, "text": "I feel listened to", "required": True},
    {
        "kind": Kind.SINGLE,
        "text": "How do you travel?",
        "options": ["Bus", "Car"],
        "allow_other": True,
    },
    {"kind": Kind.RATING, "text": "Rate the buses"},
    {"kind": Kind.MATRIX, "text": "How safe is", "options": ["The bus", "The path"]},
]

POLISH = {
    "Strongly disagree": "Zdecydowanie się nie zgadzam",
    "Disagree": "Nie zgadzam się",
    "Neither agree nor disagree": "Ani się zgadzam, ani nie zgadzam",
    "Agree": "Zgadzam się",
    "Strongly agree": "Zdecydowanie się zgadzam",
    "Other": "Inne",
    "If other, please say what": "Jeśli inne, napisz co",
    "1 is very poor and 5 is very good.": "1 to bardzo źle, a 5 bardzo dobrze.",
}


def _text(page: Any) -> str:
    return html.unescape(page.content.decode())


def _languages(organisation: Organisation, required: list[str]) -> None:
    organisation.content_languages = ["cy", "pl", "ar"]
    organisation.required_languages = required
    organisation.save()


def _survey(organisation: Organisation) -> tuple[Survey, list[Any]]:
    """A survey whose own text is written in every language, so only the fixed
    words can be lacking."""
    survey = make_survey(organisation, publish=False, questions=QUESTIONS)
    questions = list(survey.questions.order_by("position", "pk"))
    pieces = items(survey, questions)
    for lang in ("cy", "pl", "ar"):
        translation_save(
            survey=survey,
            questions=questions,
            lang=lang,
            data={p.name: f"{lang}:{p.english}" for p in pieces},
        )
    return survey, questions


def _words_url(organisation: Organisation) -> str:
    return reverse("organisations:survey_words", kwargs={"org_slug": organisation.slug})


def _words_form(lang: str, words: dict[str, str]) -> dict[str, str]:
    return {
        f"{lang}_{FIXED_WORDS.index(english)}": text for english, text in words.items()
    }


def _state_url(survey: Survey) -> str:
    return reverse(
        "surveys:state",
        kwargs={"org_slug": survey.activity.cycle.organisation.slug, "pk": survey.pk},
    )


def _catalogue(english: str, lang: str) -> str:
    with translation.override(lang):
        return gettext(english)


def test_the_team_writes_the_words_once_and_the_survey_opens_only_then(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    _languages(organisation, ["cy", "pl"])
    survey, _questions = _survey(organisation)
    client.force_login(people["commissioner"])
    refused = _text(client.post(_state_url(survey), {"action": "publish"}, follow=True))
    assert "The fixed words of surveys are not yet written in Polish" in refused
    for english in (*AGREEMENT, OTHER, OTHER_PROMPT, RATING_HINT):
        assert f"“{english}”" in refused.split("not yet written in Polish")[1]
    # Welsh comes from the site's own words; Arabic is not required.
    assert "not yet written in Welsh" not in refused
    assert "in Arabic" not in refused
    survey.refresh_from_db()
    assert survey.published_at is None

    client.force_login(people["admin"])
    page = _text(client.get(_words_url(organisation)))
    for name in ("Welsh", "Polish", "Arabic"):
        assert re.search(rf"<legend[^>]*>\s*{name}\s*</legend>", page)
    arabic = re.findall(r'<input[^>]*name="ar_\d+"[^>]*>', page)
    assert len(arabic) == len(FIXED_WORDS)
    assert all('lang="ar"' in tag and 'dir="rtl"' in tag for tag in arabic)
    polish = re.findall(r'<input[^>]*name="pl_\d+"[^>]*>', page)
    assert all('lang="pl"' in tag and "dir=" not in tag for tag in polish)
    # The site's own Welsh is offered for each, marked as Welsh.
    assert f'<span lang="cy">{_catalogue(OTHER, "cy")}</span>' in page

    # Too long: refused next to the field, everything typed kept.
    typed = {**_words_form("pl", POLISH), "ar_0": "x" * 201}
    too_long = client.post(_words_url(organisation), typed)
    assert too_long.status_code == 400
    kept = _text(too_long)
    assert all(text in kept for text in POLISH.values())
    assert "govuk-error-message" in kept
    organisation.refresh_from_db()
    assert organisation.fixed_words == {}

    half = dict(list(POLISH.items())[:3])
    assert (
        client.post(_words_url(organisation), _words_form("pl", half)).status_code
        == 302
    )
    client.force_login(people["commissioner"])
    refused = _text(client.post(_state_url(survey), {"action": "publish"}, follow=True))
    lacking = refused.split("not yet written in Polish")[1]
    assert "“Agree”" in lacking and "“Disagree”" not in lacking
    survey.refresh_from_db()
    assert survey.published_at is None

    client.force_login(people["admin"])
    client.post(_words_url(organisation), _words_form("pl", POLISH))
    page = _text(client.get(_words_url(organisation)))
    assert all(f'value="{text}"' in page for text in POLISH.values())
    client.force_login(people["commissioner"])
    client.post(_state_url(survey), {"action": "publish"})
    survey.refresh_from_db()
    assert survey.published_at is not None


def test_only_admins_write_the_words(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    _languages(organisation, [])
    for role in ("commissioner", "decision_maker", "citizen", "outsider"):
        client.force_login(people[role])
        assert client.get(_words_url(organisation)).status_code in {403, 404}
        client.post(_words_url(organisation), _words_form("pl", POLISH))
    organisation.refresh_from_db()
    assert organisation.fixed_words == {}


def test_a_survey_without_fixed_scales_needs_no_words(
    organisation: Organisation,
) -> None:
    _languages(organisation, ["pl"])
    survey = make_survey(
        organisation,
        publish=False,
        questions=[{"kind": Kind.SINGLE, "text": "Which?", "options": ["A", "B"]}],
    )
    questions = list(survey.questions.all())
    pieces = items(survey, questions)
    translation_save(
        survey=survey,
        questions=questions,
        lang="pl",
        data={p.name: f"pl:{p.english}" for p in pieces},
    )
    survey_publish(survey=survey)
    survey.refresh_from_db()
    assert survey.published_at is not None


def _answer(survey: Survey, questions: list[Any], lang: str, page_lang: str) -> Any:
    client = Client()
    client.cookies["django_language"] = page_lang
    url = survey.get_answer_url() + f"?lang={lang}"
    page = client.get(url)
    key = page.context["form"].initial["submission_key"]
    agreement, single, rating, matrix = questions
    return client.post(
        url,
        {
            "submission_key": key,
            agreement.field_name: "Agree",
            single.field_name: OTHER,
            f"{single.field_name}_other": f"by boat ({lang})",
            rating.field_name: "4",
            f"{matrix.field_name}__0": "Strongly agree",
        },
    )


def test_people_read_the_words_in_the_survey_language_and_answers_count_together(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    _languages(organisation, ["pl"])
    organisation.fixed_words = {"pl": POLISH, "ar": {"Agree": "أوافق"}}
    organisation.save()
    survey, questions = _survey(organisation)
    survey_publish(survey=survey)

    polish = _text(Client().get(survey.get_answer_url() + "?lang=pl"))
    for english, text in POLISH.items():
        assert f'<span lang="pl">{text}</span>' in polish, english
    assert ">Strongly disagree<" not in polish

    # Arabic: written words right to left; the rest in the page's own words,
    # which need no mark on a page in their language.
    arabic = _text(Client().get(survey.get_answer_url() + "?lang=ar"))
    assert '<span lang="ar" dir="rtl">أوافق</span>' in arabic
    assert re.search(r">\s*Strongly disagree\s*<", arabic)
    welsh_page = Client()
    welsh_page.cookies["django_language"] = "cy"
    arabic_cy = _text(welsh_page.get(survey.get_answer_url() + "?lang=ar"))
    assert '<html lang="cy"' in arabic_cy
    assert re.search(rf">\s*{re.escape(_catalogue(OTHER, 'cy'))}\s*<", arabic_cy)
    assert '<span lang="ar" dir="rtl">أوافق</span>' in arabic_cy

    # English content on a Welsh page: the scale is the survey's English, marked.
    english_cy = _text(welsh_page.get(survey.get_answer_url() + "?lang=en"))
    assert '<span lang="en">Strongly disagree</span>' in english_cy
    # Welsh content on an English page: the site's Welsh, marked.
    welsh_en = _text(Client().get(survey.get_answer_url() + "?lang=cy"))
    assert f'<span lang="cy">{_catalogue(OTHER_PROMPT, "cy")}</span>' in welsh_en

    # Six answers, one or two in each language: enough to be shown, not hidden
    # as a small number.
    answered = [("pl", "en-gb"), ("ar", "cy"), ("en", "en-gb"), ("cy", "cy")] * 2
    answered = answered[:6]
    for lang, page_lang in answered:
        assert _answer(survey, questions, lang, page_lang).status_code == 302
    agreement, single, _rating, matrix = questions
    stored = [r.answers for r in Response.objects.all()]
    assert [a[agreement.field_name] for a in stored] == ["Agree"] * 6
    assert [a[single.field_name] for a in stored] == [OTHER] * 6
    assert [a[matrix.field_name] for a in stored] == [{"The bus": "Strongly agree"}] * 6
    count_all_waiting()
    client.force_login(people["commissioner"])
    results = _text(
        client.get(
            reverse(
                "surveys:results",
                kwargs={"org_slug": organisation.slug, "pk": survey.pk},
            )
        )
    )
    # One row for "Agree", counting every language's answers.
    assert re.search(r">\s*Agree\s*</th>\s*<td[^>]*>\s*6\b", results), results


#: Generated words: letters of several scripts, each ending in a number so no
#: word is part of another.
_words = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzżółąبتثجحخ"),
    min_size=4,
    max_size=10,
).map(lambda w: f"{w}-{len(w)}")


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_each_word_is_the_languages_own_or_the_pages_never_anothers(
    organisation: Organisation, data: st.DataObject
) -> None:
    """For generated words written for some of the fixed words in Polish and
    Arabic, the page in each language shows each word written in it (marked with
    it), the interface's word where not written, never the other language's; and
    the survey can open exactly when the required language has them all."""
    survey, questions = _survey(organisation)
    written: dict[str, dict[str, str]] = {}
    for lang in ("pl", "ar"):
        chosen = data.draw(
            st.lists(st.sampled_from(FIXED_WORDS), unique=True), label=lang
        )
        written[lang] = {
            english: data.draw(_words, label=english) for english in chosen
        }
    organisation.fixed_words = written
    _languages(organisation, ["pl"])
    survey_publish_ok = True
    try:
        survey_publish(survey=survey)
    except ValidationError as error:
        survey_publish_ok = False
        assert "not yet written in Polish" in str(error)
    assert survey_publish_ok == (set(written["pl"]) == set(FIXED_WORDS))
    if not survey_publish_ok:
        organisation.required_languages = []
        organisation.save()
        survey_publish(survey=survey)
    for lang, other in (("pl", "ar"), ("ar", "pl")):
        page = _text(Client().get(survey.get_answer_url() + f"?lang={lang}"))
        mark = 'lang="ar" dir="rtl"' if lang == "ar" else 'lang="pl"'
        for english in FIXED_WORDS:
            if english in written[lang]:
                assert f"<span {mark}>{written[lang][english]}</span>" in page
            else:
                assert english in page, (lang, english)
        for text in written[other].values():
            if text not in written[lang].values():
                assert text not in page, (lang, text)
