"""A survey in the organisation's languages, tested from the pages people get:
the team writes each language and sees what is missing, a survey cannot open
until the required languages are complete, people answer in the language they
choose, and every language's answers count in one set of results."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from surveys.counting import count_all_waiting
from surveys.models import Kind, Response, Survey
from surveys.services import survey_publish
from surveys.translations import items, translation_save
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {
        "kind": Kind.SINGLE,
        "text": "How do you travel?",
        "help_text": "Think of last week",
        "options": ["Bus", "Car", "Walking"],
        "required": True,
    },
    {
        "kind": Kind.MULTIPLE,
        "text": "What would help?",
        "options": ["More buses", "Safer paths"],
    },
]

WELSH = {
    "survey_title": "Sut ydych chi'n teithio?",
    "survey_welcome": "Diolch am helpu",
    "q1_text": "Sut ydych chi'n teithio?",
    "q1_help_text": "Meddyliwch am yr wythnos diwethaf",
    "q1_options": ["Bws", "Car", "Cerdded"],
    "q2_text": "Beth fyddai'n helpu?",
    "q2_options": ["Mwy o fysiau", "Llwybrau mwy diogel"],
}


def staff_url(name: str, survey: Survey, **kwargs: Any) -> str:
    return reverse(
        name,
        kwargs={
            "org_slug": survey.activity.cycle.organisation.slug,
            "pk": survey.pk,
            **kwargs,
        },
    )


def _bilingual(organisation: Organisation, *, required: bool = True) -> None:
    organisation.content_languages = ["cy", "ar"]
    organisation.required_languages = ["cy"] if required else []
    organisation.save()


def _survey(organisation: Organisation, **fields: Any) -> Survey:
    fields.setdefault("welcome", "Thank you for helping")
    return make_survey(organisation, publish=False, questions=QUESTIONS, **fields)


def _form_data(survey: Survey, text: dict[str, Any]) -> dict[str, str]:
    """The translation form's fields from ``text`` keyed by question number."""
    questions = list(survey.questions.order_by("position", "pk"))
    data: dict[str, str] = {}
    for key, value in text.items():
        if key.startswith("survey_"):
            data[key] = value
            continue
        number, field = key[1:].split("_", 1)
        question = questions[int(number) - 1]
        if field == "options":
            for index, option in enumerate(value):
                data[f"q{question.pk}_options_{index}"] = option
        else:
            data[f"q{question.pk}_{field}"] = value
    return data


def _post_answers(
    client: Client, survey: Survey, data: dict[str, Any], lang: str = ""
) -> Any:
    url = survey.get_answer_url() + (f"?lang={lang}" if lang else "")
    page = client.get(url)
    key = page.context["form"].initial["submission_key"]
    return client.post(url, {"submission_key": key, **data})


def _text(page: Any) -> str:
    return html.unescape(page.content.decode())


def test_the_team_writes_welsh_sees_the_gaps_and_opens_only_when_complete(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    _bilingual(organisation)
    survey = _survey(organisation)
    client.force_login(people["commissioner"])
    gaps = _text(client.get(staff_url("surveys:translations", survey)))
    assert "Welsh" in gaps and "Needed before the survey opens" in gaps
    assert "Choice 2 of question 1" in gaps.split("<h2")[1] and "Car" in gaps

    refused = client.post(
        staff_url("surveys:state", survey), {"action": "publish"}, follow=True
    )
    message = _text(refused)
    assert "Not yet written in Welsh" in message
    assert "Title" in message and "Choice 3 of question 1" in message
    # Arabic is written in, not required: it does not stop the survey opening.
    assert "Arabic" not in message.split("Not yet written in Welsh")[1][:400]
    survey.refresh_from_db()
    assert survey.published_at is None

    # Half of it, then a wrong length: what was typed stays, nothing opens.
    partial = {k: v for k, v in WELSH.items() if k != "q2_options"}
    edit_url = staff_url("surveys:translation_edit", survey, lang="cy")
    saved = client.post(edit_url, _form_data(survey, partial))
    assert saved.status_code == 302
    too_long = client.post(
        edit_url, {**_form_data(survey, partial), "survey_title": "x" * 301}
    )
    assert too_long.status_code == 400
    assert "Meddyliwch am yr wythnos diwethaf" in _text(too_long)
    gaps = _text(client.get(staff_url("surveys:translations", survey)))
    welsh = gaps.split("<h2")[1]
    assert "Welsh" in welsh
    assert "Choice 1 of question 2" in welsh and "Choice 1 of question 1" not in welsh
    client.post(staff_url("surveys:state", survey), {"action": "publish"})
    survey.refresh_from_db()
    assert survey.published_at is None

    client.post(edit_url, _form_data(survey, WELSH))
    client.post(staff_url("surveys:state", survey), {"action": "publish"})
    survey.refresh_from_db()
    assert survey.published_at is not None


def test_a_language_that_is_not_the_organisations_is_not_found(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    _bilingual(organisation)
    survey = _survey(organisation)
    client.force_login(people["commissioner"])
    url = staff_url("surveys:translation_edit", survey, lang="pl")
    assert client.get(url).status_code == 404
    client.force_login(people["decision_maker"])
    url = staff_url("surveys:translation_edit", survey, lang="cy")
    assert client.get(url).status_code == 403


def test_answers_in_welsh_and_english_count_in_one_set_of_results(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    _bilingual(organisation)
    survey = _survey(organisation)
    questions = list(survey.questions.order_by("position", "pk"))
    translation_save(
        survey=survey,
        questions=questions,
        lang="cy",
        data=_form_data(survey, WELSH),
    )
    client.force_login(people["commissioner"])
    client.post(staff_url("surveys:state", survey), {"action": "publish"})
    client.logout()
    first, second = questions
    welsh_page = _text(Client().get(survey.get_answer_url() + "?lang=cy"))
    assert "Bws" in welsh_page and "Cerdded" in welsh_page
    assert 'lang="cy"' in welsh_page
    for lang, travel in [("cy", "Bus"), ("en", "Bus"), ("cy", "Car")] * 2:
        sent = _post_answers(
            Client(),
            survey,
            {first.field_name: travel, second.field_name: ["Safer paths"]},
            lang,
        )
        assert sent.status_code == 302
        assert sent.url.endswith(f"?lang={lang}")
    # Stored by the English choice, whatever the language it was picked in.
    assert sorted(r.answers[first.field_name] for r in Response.objects.all()) == [
        "Bus",
        "Bus",
        "Bus",
        "Bus",
        "Car",
        "Car",
    ]
    count_all_waiting()
    client.force_login(people["commissioner"])
    results = _text(client.get(staff_url("surveys:results", survey)))
    assert re.search(r"Safer paths\D*6\b", results), "every answer counts once"


def test_an_arabic_survey_reads_right_to_left(
    client: Client, organisation: Organisation
) -> None:
    _bilingual(organisation, required=False)
    survey = _survey(organisation)
    questions = list(survey.questions.order_by("position", "pk"))
    translation_save(
        survey=survey,
        questions=questions,
        lang="ar",
        data=_form_data(
            survey,
            {
                "survey_title": "كيف تسافر؟",
                "q1_text": "كيف تسافر؟",
                "q1_options": ["حافلة", "سيارة", "مشيا"],
            },
        ),
    )
    survey_publish(survey=survey)
    page = _text(client.get(survey.get_answer_url() + "?lang=ar"))
    assert '<h1 class="govuk-heading-l"><span lang="ar" dir="rtl">كيف تسافر؟' in page
    assert '<span lang="ar" dir="rtl">حافلة</span>' in page
    # Untranslated pieces are shown in English, marked as English.
    assert "What would help?" in page
    # The page itself stays in the interface's language.
    assert '<html lang="en' in page


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
def test_each_language_shows_its_own_text_and_english_where_missing(
    organisation: Organisation, data: st.DataObject
) -> None:
    """For generated translations of some of the pieces in Welsh and Arabic, the
    page in each language shows exactly that language's text where written, the
    English where not, and never another language's."""
    _bilingual(organisation, required=False)
    survey = _survey(organisation)
    questions = list(survey.questions.order_by("position", "pk"))
    pieces = items(survey, questions)
    written: dict[str, dict[str, str]] = {}
    for lang in ("cy", "ar"):
        chosen = data.draw(
            st.lists(st.sampled_from([i.name for i in pieces]), unique=True),
            label=f"written in {lang}",
        )
        written[lang] = {name: data.draw(_words, label=name) for name in chosen}
        translation_save(
            survey=survey, questions=questions, lang=lang, data=written[lang]
        )
    survey_publish(survey=survey)
    for lang in ("en", "cy", "ar"):
        page = _text(Client().get(survey.get_answer_url() + f"?lang={lang}"))
        other = {"cy": "ar", "ar": "cy", "en": None}[lang]
        mine = written.get(lang, {})
        for item in pieces:
            if item.name == "survey_thank_you":
                continue
            if item.name in mine:
                assert mine[item.name] in page, (lang, item)
            else:
                assert item.english in page, (lang, item)
        for name, text in (written.get(other, {}) if other else {}).items():
            # Generated words can repeat across languages and pieces: only a word
            # this language does not use itself must be absent.
            if text not in mine.values():
                assert text not in page, (lang, name)


def _change_question(
    client: Client, survey: Survey, number: int, **changes: str
) -> None:
    """Change a question through its page, as the team does."""
    question = list(survey.questions.order_by("position", "pk"))[number - 1]
    url = staff_url("surveys:question_edit", survey, question_pk=question.pk)
    form = client.get(url).context["form"]
    data = {
        name: field.value()
        for name, field in ((f.name, f) for f in form)
        if field.value() is not None
    }
    data = {k: v for k, v in data.items() if v is not False}
    data.update(changes)
    sent = client.post(url, data)
    assert sent.status_code == 302, sent.context["form"].errors


def test_a_translation_whose_english_changed_is_out_of_date_and_holds_back_opening(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    _bilingual(organisation)
    survey = _survey(organisation)
    client.force_login(people["commissioner"])
    edit_url = staff_url("surveys:translation_edit", survey, lang="cy")
    client.post(edit_url, _form_data(survey, WELSH))
    gaps = _text(client.get(staff_url("surveys:translations", survey)))
    assert "Out of date" not in gaps

    _change_question(client, survey, 1, text="How do you usually travel?")
    _change_question(client, survey, 2, options_text="Safer paths\nMore buses")
    gaps = _text(client.get(staff_url("surveys:translations", survey)))
    welsh = gaps.split('<h2 class="govuk-heading-m">')[1]
    assert "Out of date" in welsh
    assert "Question 1: How do you usually travel?" in welsh
    # The choices swapped places: each Welsh choice now sits beside other English.
    assert "Choice 1 of question 2" in welsh and "Choice 2 of question 2" in welsh
    assert "Hint of question 1" not in welsh

    refused = _text(
        client.post(
            staff_url("surveys:state", survey), {"action": "publish"}, follow=True
        )
    )
    assert "Out of date in Welsh" in refused and "Question 1" in refused
    survey.refresh_from_db()
    assert survey.published_at is None

    # The edit page shows the English the Welsh was written from.
    page = _text(client.get(edit_url))
    assert "The English has changed since this was written. It was:" in page
    assert "How do you travel?" in page

    client.post(
        edit_url,
        _form_data(
            survey,
            {
                **WELSH,
                "q1_text": "Sut ydych chi'n teithio fel arfer?",
                "q2_options": ["Llwybrau mwy diogel", "Mwy o fysiau"],
            },
        ),
    )
    assert "Out of date" not in _text(
        client.get(staff_url("surveys:translations", survey))
    )
    client.post(staff_url("surveys:state", survey), {"action": "publish"})
    survey.refresh_from_db()
    assert survey.published_at is not None


def test_changing_a_question_on_a_welsh_page_writes_no_welsh(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """The English saved from a Welsh page stays English only: nothing is
    written as the Welsh, so the survey still cannot open without it."""
    _bilingual(organisation)
    survey = _survey(organisation)
    client.force_login(people["commissioner"])
    client.cookies["django_language"] = "cy"
    _change_question(client, survey, 1, text="How do you usually travel?")
    question = survey.questions.order_by("position", "pk").first()
    assert question is not None
    assert not any(key.endswith("_cy") for key in (question.i18n or {}))
    client.post(staff_url("surveys:state", survey), {"action": "publish"})
    survey.refresh_from_db()
    assert survey.published_at is None
