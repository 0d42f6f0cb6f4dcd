"""Updates made in place by htmx, used by keyboard: after each swap focus lands
somewhere sensible (never the page body) and what changed is read out by the live
region that was on the page before the swap."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from tests.browser.conftest import assert_accessible
from tests.cycles.factories import ActivityFactory, CycleFactory
from tests.surveys.factories import make_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = "document.activeElement"


def _focused(page: Page, what: str) -> str:
    return page.evaluate(f"{FOCUSED}.{what}")


def _announced(page: Page) -> str:
    announcer = page.locator("#app-announcer")
    expect(announcer).not_to_be_empty()
    return announcer.inner_text()


def _press_on(page: Page, name: str) -> None:
    """Reach a button with the keyboard and press it (its name may end in
    visually hidden words, read with a space before them)."""
    words = [re.escape(word) for word in name.replace(":", " ").split()]
    button = page.get_by_role("button", name=re.compile(r"\W*".join(words)))
    button.focus()
    page.keyboard.press("Enter")


def test_changing_an_activitys_status_keeps_focus_and_says_so(
    page: Page,
    sign_in: Callable[[User], None],
    people: dict[str, User],
    organisation: Organisation,
) -> None:
    cycle = CycleFactory(organisation=organisation)
    ActivityFactory(cycle=cycle, title="Listening events")
    sign_in(people["commissioner"])
    page.goto(cycle.get_absolute_url())
    assert page.locator("#app-announcer").count() == 1
    select = page.get_by_label("Status of Listening events")
    select.focus()
    select.select_option(label="Done")
    _press_on(page, "Update Listening events")
    expect(page.locator("#app-announcer")).to_contain_text(
        "“Listening events” is now done."
    )
    assert _focused(page, "id") == select.get_attribute("id")
    assert _focused(page, "tagName") == "SELECT"
    assert_accessible(page)


def test_moving_a_question_keeps_focus_on_it_and_says_where(
    page: Page,
    sign_in: Callable[[User], None],
    people: dict[str, User],
    organisation: Organisation,
) -> None:
    survey = make_survey(organisation, publish=False)
    sign_in(people["commissioner"])
    page.goto(survey.get_absolute_url())
    _press_on(page, "Move down: Who are you?")
    expect(page.locator("#app-announcer")).to_contain_text("Moved down: “Who are you?”")
    assert _focused(page, "tagName") == "H3"
    assert _focused(page, "textContent").strip() == "2. Who are you?"
    # From there the keyboard carries on with the same question's buttons.
    page.keyboard.press("Tab")
    assert _focused(page, "textContent").startswith("Move up")
    _press_on(page, "Duplicate: I feel listened to")
    expect(page.locator("#app-announcer")).to_contain_text(
        "Duplicated: “I feel listened to”."
    )
    assert _focused(page, "textContent").strip() == "7. I feel listened to (copy)"
    assert_accessible(page)


def test_recording_a_decision_in_place_shows_errors_then_confirms(
    page: Page,
    sign_in: Callable[[User], None],
    people: dict[str, User],
    organisation: Organisation,
) -> None:
    cycle = CycleFactory(organisation=organisation)
    sign_in(people["commissioner"])
    page.goto(cycle.get_absolute_url())
    page.get_by_text("Record a decision here").click()
    _press_on(page, "Record")
    summary = page.locator("#recent-decisions .govuk-error-summary")
    expect(summary).to_be_visible()
    assert _announced(page) == "There is a problem"
    assert page.evaluate(f"{FOCUSED}.classList.contains('govuk-error-summary')")
    # Each error links to its field, and the field names its error.
    for link in summary.locator("a").all():
        target = link.get_attribute("href") or ""
        field = page.locator(target)
        expect(field).to_have_count(1)
        described = (field.get_attribute("aria-describedby") or "").split()
        assert f"{target[1:]}-error" in described
    summary.locator("a").first.click()
    assert _focused(page, "id") == "quick-title"
    assert_accessible(page)

    page.locator("#quick-title").fill("Keep the day centre open")
    page.locator("#quick-decided").fill("Open five days a week")
    page.locator("#quick-decided_by").select_option(index=1)
    _press_on(page, "Record")
    expect(page.locator("#app-announcer")).to_contain_text(
        "Recorded “Keep the day centre open”"
    )
    assert "Keep the day centre open" in _focused(page, "textContent")
    assert_accessible(page)
