"""A survey written in Welsh and English, answered in each on phones, with one set
of results; and a survey in Arabic read right to left. axe in each language."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from surveys.models import Kind, Response
from surveys.services import survey_publish
from surveys.translations import translation_save
from tests.browser.conftest import PHONE, assert_accessible, assert_fits_the_screen
from tests.surveys.factories import make_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTIONS = [
    {
        "kind": Kind.SINGLE,
        "text": "How do you travel?",
        "options": ["Bus", "Car"],
        "required": True,
    }
]


def _check(page: Page) -> None:
    assert_accessible(page)
    assert_fits_the_screen(page)


def test_welsh_and_english_answers_make_one_set_of_results(
    page: Page,
    browser: Browser,
    organisation: Organisation,
    people: dict[str, User],
    sign_in: Callable[[User], None],
) -> None:
    organisation.content_languages = ["cy"]
    organisation.required_languages = ["cy"]
    organisation.save()
    survey = make_survey(
        organisation,
        publish=False,
        questions=QUESTIONS,
        title="Getting about",
        welcome="Two minutes",
    )
    sign_in(people["commissioner"])
    page.goto(survey.get_absolute_url())
    page.get_by_role("button", name="Publish").click()
    expect(
        page.get_by_text(re.compile("Not yet written in Welsh: Title"))
    ).to_be_visible()
    page.get_by_role("link", name="Languages").click()
    expect(page.get_by_text("Needed before the survey opens")).to_be_visible()
    _check(page)
    page.get_by_role("link", name="Write the Welsh").click()
    _check(page)
    for label, welsh in [
        ("Title", "Teithio o gwmpas"),
        ("Welcome text", "Dau funud"),
        ("Question 1", "Sut ydych chi’n teithio?"),
        ("Choice 1 of question 1", "Bws"),
        ("Choice 2 of question 1", "Car"),
    ]:
        page.get_by_label(re.compile(re.escape(label) + ":")).fill(welsh)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Everything is written in this language.")).to_be_visible()
    page.get_by_role("link", name="Back", exact=True).click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("The survey is published.")).to_be_visible()

    base = page.url.split("/o/")[0]
    for number in range(6):
        welsh = number % 2 == 0
        phone = browser.new_context(
            base_url=base, viewport=PHONE, java_script_enabled=number != 1
        )
        citizen = phone.new_page()
        citizen.goto(survey.get_answer_url())
        if welsh:
            languages = citizen.get_by_role(
                "navigation", name="Languages of this survey"
            )
            languages.get_by_role("link", name="Cymraeg").click()
            expect(citizen.get_by_role("heading", level=1)).to_have_text(
                "Teithio o gwmpas"
            )
            heading = citizen.locator("h1 span[lang=cy]")
            expect(heading).to_have_text("Teithio o gwmpas")
            citizen.get_by_label("Bws").check()
        else:
            expect(citizen.get_by_role("heading", level=1)).to_have_text(
                "Getting about"
            )
            citizen.get_by_label("Bus").check()
        if number in (0, 3):
            # axe runs in the page, so only where scripts run (number 1 has none):
            # one Welsh and one English answer checked.
            _check(citizen)
        citizen.get_by_role("button", name="Send my answers").click()
        expect(citizen.get_by_role("heading", level=1)).to_have_text("Thank you")
        phone.close()
    field = survey.questions.get().field_name
    # Stored as the English choice, whichever language it was picked in.
    assert [r.answers[field] for r in Response.objects.all()] == ["Bus"] * 6

    page.goto(survey.get_absolute_url())
    page.get_by_role("link", name="Results").click()
    expect(page.get_by_text("People who answered: 6.")).to_be_visible()
    _check(page)


def test_an_arabic_survey_reads_right_to_left(
    page: Page, organisation: Organisation
) -> None:
    organisation.content_languages = ["ar"]
    organisation.save()
    survey = make_survey(organisation, publish=False, questions=QUESTIONS)
    question = survey.questions.get()
    translation_save(
        survey=survey,
        questions=[question],
        lang="ar",
        data={
            "survey_title": "كيف تتنقل؟",
            f"q{question.pk}_text": "كيف تسافر؟",
            f"q{question.pk}_options_0": "حافلة",
            f"q{question.pk}_options_1": "سيارة",
        },
    )
    survey_publish(survey=survey)
    page.set_viewport_size(PHONE)
    page.goto(survey.get_answer_url() + "?lang=ar")
    title = page.locator("h1 span")
    expect(title).to_have_attribute("dir", "rtl")
    expect(title).to_have_attribute("lang", "ar")
    expect(page.locator("label span[dir=rtl]", has_text="حافلة")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en-gb")
    _check(page)
    page.get_by_label("حافلة").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert Response.objects.get().answers == {question.field_name: "Bus"}
