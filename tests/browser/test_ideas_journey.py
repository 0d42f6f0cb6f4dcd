"""A citizen raises a need on a phone; the commissioner publishes it and records
it as a need; the cycle's "you said, we did" shows it. Axe on every page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from cycles.models import Need
from ideas.models import Idea
from tests.browser.conftest import DESKTOP, assert_accessible, assert_fits_the_screen
from tests.ideas.factories import public_cycle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW_PHONE = {"width": 320, "height": 640}


def _check(page: Page) -> None:
    assert_accessible(page)
    assert_fits_the_screen(page)


def test_a_need_raised_on_a_phone_becomes_a_recorded_need(
    page: Page,
    organisation: Organisation,
    people: dict[str, User],
    sign_in: Callable[[User], None],
) -> None:
    cycle = public_cycle(organisation, title="Living well at home")
    said = f"/public/{organisation.slug}/cycles/{cycle.pk}/you-said-we-did/"

    sign_in(people["citizen"])
    page.set_viewport_size(NARROW_PHONE)
    page.goto(said)
    _check(page)
    page.get_by_role("link", name="Raise a need or an idea").first.click()
    _check(page)
    # Sent empty first: the errors are named, next to their fields.
    page.get_by_role("button", name="Send it to the team").click()
    expect(page.get_by_role("alert")).to_contain_text("Give it a short title")
    _check(page)
    page.get_by_label("A need", exact=True).check()
    page.get_by_label("Give it a short title").fill("Evening drop-in")
    page.get_by_label("What do you want to say?").fill(
        "Somewhere calm to go after 5pm, before it becomes a crisis."
    )
    page.get_by_label("Post anonymously").check()
    page.get_by_role("button", name="Send it to the team").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your needs and ideas")
    expect(page.locator("main")).to_contain_text("Waiting for the team")
    _check(page)
    idea = Idea.objects.get()

    sign_in(people["commissioner"])
    page.set_viewport_size(DESKTOP)
    page.goto(f"/o/{organisation.slug}/ideas/")
    _check(page)
    page.get_by_role("link", name="Evening drop-in").click()
    _check(page)
    page.get_by_role("button", name="Check and publish").click()
    _check(page)
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("main")).to_contain_text("Published")
    page.get_by_role("button", name="Record it as a need").click()
    _check(page)
    expect(page.get_by_label("the need, in the words people used")).to_have_value(
        "Somewhere calm to go after 5pm, before it becomes a crisis."
    )
    page.get_by_role("button", name="Record the need").click()
    expect(page.locator("main")).to_contain_text("Recorded as a need")
    assert Need.objects.get(cycle=cycle).raised_by_citizen == idea

    page.set_viewport_size(NARROW_PHONE)
    page.goto(said)
    _check(page)
    card = page.locator(f"#raised-{idea.pk}")
    expect(card).to_contain_text("Evening drop-in")
    expect(card).to_contain_text("Recorded it as a need for this work")
    expect(card).not_to_contain_text("Somewhere calm to go after 5pm")
    card.get_by_role("link", name="Evening drop-in").click()
    _check(page)
    expect(page.locator("main")).to_contain_text("We recorded it as a need")
