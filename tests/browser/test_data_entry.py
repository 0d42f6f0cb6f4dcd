"""Entering paper answers by keyboard alone, one response after another."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from surveys.codes import codes_generate
from surveys.models import Audience, Kind, Response
from tests.browser.conftest import DESKTOP, assert_accessible, assert_fits_the_screen
from tests.surveys.factories import make_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_paper_answers_typed_in_by_keyboard(
    page: Page,
    organisation: Organisation,
    people: dict[str, User],
    sign_in: Callable[[User], None],
) -> None:
    """The code field has the focus (autofocus); Tab moves to the questions, arrow keys
    choose, Enter saves and opens the next empty form with the focus back on
    the code; a used code is refused next to the field."""
    survey = make_survey(
        organisation,
        audience=Audience.CODES,
        questions=[
            {"kind": Kind.SINGLE, "text": "Pick", "options": ["A", "B"]},
            {"kind": Kind.SHORT_TEXT, "text": "Why?"},
        ],
    )
    first, second = codes_generate(owner=survey, count=2)
    sign_in(people["commissioner"])
    page.set_viewport_size(DESKTOP)
    page.goto(survey.get_absolute_url())
    page.get_by_role("link", name="Enter answers").click()
    assert_accessible(page)
    assert_fits_the_screen(page)
    for code, words in [(first, "Too far"), (second, "Buses")]:
        field = page.get_by_label("Invitation code on the form")
        # Focused on load by its autofocus (headless Chromium without a focused
        # window does not apply it, so the test puts the focus there).
        expect(field).to_have_attribute("autofocus", "")
        field.focus()
        page.keyboard.type(code)
        page.keyboard.press("Tab")
        page.keyboard.press("Space")  # the first choice, A
        page.keyboard.press("Tab")
        page.keyboard.type(words)
        page.keyboard.press("Enter")
        expect(page.get_by_text("Response saved (paper form).")).to_be_visible()
    page.get_by_label("Invitation code on the form").focus()
    page.keyboard.type(first)
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-error-message")).to_contain_text(
        "That code has already been used."
    )
    assert_accessible(page)
    assert Response.objects.filter(channel="paper").count() == 2
