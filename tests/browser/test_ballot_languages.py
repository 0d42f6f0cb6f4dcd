"""A participatory budgeting vote written in Welsh and English: voting opens only
once the Welsh is written, and a person with a voting code votes in Welsh on a
phone, their vote counted by option with the English ones. axe on each page."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from surveys.codes import codes_generate
from surveys.models import Vote
from tests.browser.conftest import assert_accessible, assert_fits_the_screen
from tests.surveys.factories import make_ballot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: The narrowest phone most people use.
NARROW_PHONE = {"width": 375, "height": 812}


def _check(page: Page) -> None:
    assert_accessible(page)
    assert_fits_the_screen(page)


def test_a_vote_is_written_in_welsh_then_voted_in_welsh_on_a_phone(
    page: Page,
    browser: Browser,
    organisation: Organisation,
    people: dict[str, User],
    sign_in: Callable[[User], None],
) -> None:
    organisation.content_languages = ["cy"]
    organisation.required_languages = ["cy"]
    organisation.save()
    ballot = make_ballot(organisation, publish=False)
    sign_in(people["commissioner"])
    page.goto(ballot.get_absolute_url())
    page.get_by_role("button", name="Open voting").click()
    beside = page.locator("#open-voting-error")
    expect(beside).to_contain_text("Not yet written in Welsh: Title")
    expect(page.get_by_role("button", name="Open voting")).to_have_attribute(
        "aria-describedby", "open-voting-error"
    )
    _check(page)
    page.get_by_role("link", name="Languages").click()
    expect(page.get_by_text("Needed before voting opens")).to_be_visible()
    page.get_by_role("link", name="Write the Welsh").click()
    for label, welsh in [
        ("Title", "Cist gymunedol"),
        ("Description", "Arian ar gyfer syniadau o’r pentref"),
        ("Option 1", "Gardd"),
        ("Description of option 1", "Gwelyau uchel wrth y llyfrgell"),
        ("Option 2", "Murlun"),
        ("Option 3", "Clwb ieuenctid"),
        ("Description of option 3", "Dwy noson yr wythnos"),
    ]:
        page.get_by_label(re.compile(re.escape(label) + ":")).fill(welsh)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Everything is written in this language.")).to_be_visible()
    page.get_by_role("link", name="Back").click()
    page.get_by_role("button", name="Open voting").click()
    expect(page.get_by_text("Voting is open.")).to_be_visible()

    base = page.url.split("/o/")[0]
    code, english_code = codes_generate(owner=ballot, count=2)
    phone = browser.new_context(base_url=base, viewport=NARROW_PHONE)
    citizen = phone.new_page()
    citizen.goto(ballot.get_vote_url())
    # The site in Welsh, from the header: the vote follows.
    citizen.get_by_role("navigation", name="Language / Iaith").get_by_role(
        "link", name="Cymraeg"
    ).click()
    expect(citizen.locator("html")).to_have_attribute("lang", "cy")
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Cist gymunedol")
    _check(citizen)
    citizen.get_by_label("Eich cod pleidleisio").fill(code)
    citizen.get_by_role("button", name="Parhau").click()
    expect(citizen.get_by_label("Gardd")).to_be_visible()
    expect(citizen.get_by_text("Dwy noson yr wythnos")).to_be_visible()
    _check(citizen)
    citizen.get_by_label("Gardd").check()
    citizen.get_by_label("Clwb ieuenctid").check()
    citizen.get_by_role("button", name="Bwrw fy mhleidlais").click()
    expect(
        citizen.get_by_text("Mae eich pleidlais wedi'i chyfrif. Diolch.")
    ).to_be_visible()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Cist gymunedol")
    _check(citizen)
    phone.close()

    # Someone else votes in English for one of the same options.
    other = browser.new_context(base_url=base, viewport=NARROW_PHONE)
    english = other.new_page()
    english.goto(ballot.get_vote_url() + "?lang=en")
    english.get_by_label("Your voting code").fill(english_code)
    english.get_by_role("button", name="Continue").click()
    english.get_by_label("Garden").check()
    english.get_by_role("button", name="Cast my vote").click()
    expect(english.get_by_text("Your vote is counted. Thank you.")).to_be_visible()
    other.close()

    garden = ballot.options.get(title="Garden")
    club = ballot.options.get(title="Youth club")
    chosen = sorted(
        Vote.choices.through.objects.filter(vote__ballot=ballot).values_list(
            "ballotoption_id", flat=True
        )
    )
    assert chosen == sorted([garden.pk, club.pk, garden.pk])
