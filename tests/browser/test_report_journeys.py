"""A commissioner asks for a cycle report, sees it made and downloads the PDF."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from tests.browser.conftest import DESKTOP, assert_accessible, assert_fits_the_screen
from tests.cycles.factories import CycleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_cycle_report_is_made_and_downloaded(
    page: Page,
    organisation: Organisation,
    people: dict[str, User],
    sign_in: Callable[[User], None],
) -> None:
    cycle = CycleFactory(organisation=organisation, title="Carers' support")
    sign_in(people["commissioner"])
    page.set_viewport_size(DESKTOP)
    page.goto(cycle.get_absolute_url())
    page.get_by_role("button", name="Make the cycle report (PDF and Excel)").click()
    expect(page.get_by_text("Made on")).to_be_visible()
    assert_accessible(page)
    assert_fits_the_screen(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.get_by_role("link", name="Reports", exact=True).first.click()
    expect(page.get_by_role("link", name="Carers' support")).to_be_visible()
    assert_accessible(page)


def test_an_anonymous_visitor_reads_the_public_pages_on_a_phone(
    page: Page, organisation: Organisation
) -> None:
    from governance.models import Charter
    from tests.browser.conftest import PHONE
    from tests.surveys.factories import make_survey

    cycle = CycleFactory(
        organisation=organisation,
        title="Day services",
        visibility="public",
        problem_statement="Day centres are half empty and people feel isolated.",
    )
    survey = make_survey(organisation, cycle=cycle)
    Charter.objects.create(
        organisation=organisation, version=1, text="We share power and decisions."
    )
    page.set_viewport_size(PHONE)
    page.goto(f"/public/{organisation.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(organisation.name)
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_role("link", name="Day services").click()
    expect(page.get_by_text("Have your say now")).to_be_visible()
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_role("link", name=f"Answer the survey: {survey.title}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(survey.title)
