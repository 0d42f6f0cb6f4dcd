"""Admins set the governance principles and charter; citizens sign it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from outcomes.models import CharterSignature
from tests.browser.conftest import (
    PHONE,
    assert_accessible,
    assert_accessible_at_all_widths,
    assert_fits_the_screen,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_edits_principles_and_publishes_a_charter_that_a_citizen_signs(
    page: Page,
    sign_in: Callable[[User], None],
    people: dict[str, User],
    organisation: Organisation,
) -> None:
    """An admin moves a principle, adds an assessment question and publishes the
    charter; a citizen reads and signs it on a phone."""
    sign_in(people["admin"])
    base = f"/o/{organisation.slug}/outcomes/"
    assert_accessible_at_all_widths(page, base + "principles/")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base + "principles/")
    page.get_by_role("button", name="Up Equalities").click()
    rows = page.locator("tbody tr td:first-child a")
    expect(rows.nth(3)).to_have_text("Equalities")

    page.get_by_role("link", name="Equalities").click()
    assert_accessible(page)
    page.get_by_role("button", name="Add question").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Question").fill("Did seldom-heard groups take part?")
    page.get_by_label("Yes or no").check()
    page.get_by_role("button", name="Add question").click()
    expect(
        page.get_by_role("term").filter(has_text="Did seldom-heard groups take part?")
    ).to_be_visible()

    page.goto(base + "charter/")
    assert_accessible(page)
    page.get_by_label("Charter text").fill(
        "We treat each other as equals.\nWe share what we know.\n"
        "We say what we did with what you told us."
    )
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Version 1 published.")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(people["citizen"])
    page.set_viewport_size(PHONE)
    page.goto("/me/")
    page.get_by_role("link", name=f"Charter of {organisation.name}").click()
    expect(page.get_by_text("We share what we know.")).to_be_visible()
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_role("button", name="I agree and sign the charter").click()
    expect(page.get_by_text("You have signed this version")).to_be_visible()
    assert CharterSignature.objects.filter(user=people["citizen"]).count() == 1
