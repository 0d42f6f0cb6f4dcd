"""A citizen takes part entirely in Welsh on a phone: switches the site to Welsh
with the header's switcher, volunteers for a panel written in Welsh, then answers
a survey written in Welsh. Every page says it is Welsh, no English content shows
without being marked English, and axe finds nothing on any of them."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect

from cocommission import translations as translated
from cocommission.organisations.models import Organisation
from panels.models import Recruitment, Volunteer
from panels.translations import items as panel_items
from surveys.models import Kind, Response
from surveys.services import survey_publish
from surveys.translations import translation_save
from tests.browser.conftest import assert_accessible, assert_fits_the_screen
from tests.panels.factories import PanelFactory
from tests.surveys.factories import make_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: A small phone.
PHONE_375 = {"width": 375, "height": 740}

PANEL_ENGLISH = {
    "name": "Home care panel",
    "purpose": "Help shape care at home.",
    "commitment": "Four evening meetings.",
}
PANEL_WELSH = {
    "panel_name": "Panel gofal cartref",
    "panel_purpose": "Helpu i lunio gofal yn y cartref.",
    "panel_commitment": "Pedwar cyfarfod gyda’r nos.",
}
SURVEY_ENGLISH = ["Getting about", "Two minutes", "How do you travel?", "Bus", "Car"]


def welsh(text: str) -> str:
    """An interface string as the Welsh page shows it."""
    with translation.override("cy"):
        return translation.gettext(text)


#: For each text node holding one of ``texts``, the language it is marked in
#: (the nearest ``lang`` around it).
_MARKED = """texts => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    for (const text of texts) {
      if (node.textContent.includes(text)) {
        const owner = node.parentElement.closest('[lang]');
        found.push([text, owner ? owner.getAttribute('lang') : '']);
      }
    }
  }
  return found;
}"""


def check_welsh(page: Page, english: list[str]) -> None:
    """The page is Welsh, every piece of ``english`` on it is marked English,
    it fits the phone and axe finds nothing."""
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    for text, lang in page.evaluate(_MARKED, english):
        assert lang.split("-")[0] == "en", f"{text!r} unmarked on {page.url}"
    assert_accessible(page)
    assert_fits_the_screen(page)


def _code_from_last_mail() -> str:
    match = re.search(r"^\s*(\d{6})\s*$", mail.outbox[-1].body, re.MULTILINE)
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_a_citizen_volunteers_and_answers_a_survey_all_in_welsh(
    page: Page, organisation: Organisation
) -> None:
    organisation.content_languages = ["cy"]
    organisation.required_languages = ["cy"]
    organisation.save()
    panel = PanelFactory(
        organisation=organisation,
        recruitment=Recruitment.SELECTION,
        seats=12,
        **PANEL_ENGLISH,
    )
    translated.save(panel_items(panel), "cy", PANEL_WELSH)
    survey = make_survey(
        organisation,
        publish=False,
        questions=[
            {
                "kind": Kind.SINGLE,
                "text": "How do you travel?",
                "options": ["Bus", "Car"],
                "required": True,
            }
        ],
        title="Getting about",
        welcome="Two minutes",
    )
    question = survey.questions.get()
    translation_save(
        survey=survey,
        questions=[question],
        lang="cy",
        data={
            "survey_title": "Teithio o gwmpas",
            "survey_welcome": "Dau funud",
            f"q{question.pk}_text": "Sut ydych chi’n teithio?",
            f"q{question.pk}_options_0": "Bws",
            f"q{question.pk}_options_1": "Car",
        },
    )
    survey_publish(survey=survey)
    english = [*PANEL_ENGLISH.values(), *SURVEY_ENGLISH[:3], "Bus"]

    page.set_viewport_size(PHONE_375)
    page.goto(reverse("taking_part:get_involved", args=[organisation.slug]))
    expect(page.locator("html")).to_have_attribute("lang", "en-gb")
    header = page.get_by_role("navigation", name="Language / Iaith")
    header.get_by_role("link", name="Cymraeg").click()
    check_welsh(page, english)
    expect(page.get_by_role("heading", name="Panel gofal cartref")).to_be_visible()
    page.get_by_role("button", name=re.compile("^" + welsh("Volunteer"))).click()

    check_welsh(page, english)
    expect(page.get_by_role("heading", level=1)).to_have_text("Panel gofal cartref")
    expect(page.get_by_text("Pedwar cyfarfod gyda’r nos.")).to_be_visible()
    page.get_by_label(welsh("Your e-mail address")).fill("eira@example.org")
    page.get_by_role("button", name=welsh("Send me a code")).click()

    check_welsh(page, english)
    page.get_by_label(welsh("Code")).fill(_code_from_last_mail())
    page.get_by_role("button", name=welsh("Continue")).click()

    check_welsh(page, english)
    expect(page.get_by_role("heading", level=1)).to_have_text("Panel gofal cartref")
    page.locator("#consent_panel").check()
    page.get_by_role("button", name=welsh("Volunteer")).click()

    check_welsh(page, english)
    expect(page.get_by_text(re.compile("Panel gofal cartref"))).to_be_visible()
    assert Volunteer.objects.filter(panel=panel, user__email="eira@example.org")

    page.goto(survey.get_answer_url())
    check_welsh(page, english)
    expect(page.get_by_role("heading", level=1)).to_have_text("Teithio o gwmpas")
    page.get_by_label("Bws").check()
    page.get_by_role("button", name=welsh("Send my answers")).click()
    check_welsh(page, english)
    expect(page.get_by_role("heading", level=1)).to_have_text(welsh("Thank you"))
    assert Response.objects.get().answers == {question.field_name: "Bus"}
