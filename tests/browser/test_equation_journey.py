"""A commissioner builds the public value equation of a cycle in the browser
(a need's demand, three routes, a partner's benefit) and finds the same figures
on the equation page and in the cycle report's PDF and Excel annex."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from tests.browser.conftest import (
    PHONE,
    assert_accessible,
    assert_fits_the_screen,
    fill_date,
)
from tests.reports.test_equation import make_setting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _route(
    page: Page,
    routes_url: str,
    route: str,
    share: str,
    tick: list[str],
    public_cost: str = "",
) -> None:
    page.goto(routes_url)
    page.get_by_role("button", name="Plan a route").click()
    page.get_by_label(route, exact=True).check()
    page.get_by_label("Planned share", exact=False).fill(share)
    if public_cost:
        page.get_by_label("beyond contracts", exact=False).fill(public_cost)
    for label in tick:
        page.get_by_label(label, exact=False).first.check()
    page.get_by_role("button", name="Save route").click()
    expect(page.get_by_text("Route saved.")).to_be_visible()


def test_a_commissioner_builds_the_equation_and_reads_it_in_the_report(
    page: Page,
    organisation: Organisation,
    people: dict[str, User],
    sign_in: Callable[[User], None],
) -> None:
    s: dict[str, Any] = make_setting(organisation, people)
    cycle = s["cycle"]
    sign_in(people["commissioner"])
    page.goto(f"/o/{organisation.slug}/reports/cycles/{cycle.pk}/equation/")
    expect(page.get_by_text("No demand recorded yet")).to_be_hidden()

    # The need's demand, from its own page.
    page.goto(f"/o/{organisation.slug}/cycles/{cycle.pk}/needs/")
    page.get_by_role("link", name="Demand and routes Help before crisis").click()
    routes_url = page.url
    assert_accessible(page)
    page.get_by_role("link", name="Change the demand").click()
    page.get_by_label("Demand, measured as").fill("referrals a month")
    page.get_by_label("Where the demand figure comes from").fill("Trust figures")
    page.get_by_label("Demand at the start (baseline)").fill("100")
    fill_date(page, "Date of the baseline", "2025-01-31")
    page.get_by_label("Referrals to secondary care", exact=False).check()
    page.get_by_role("button", name="Save demand").click()
    expect(page.get_by_text("Demand saved.")).to_be_visible()

    # Three routes; a share that would pass 100% is refused next to the field.
    # A £20,000 campaign beside the £300,000 contract: £320,000 of public inputs.
    _route(
        page,
        routes_url,
        "Behaviour change by citizens",
        "20",
        ["Peer support"],
        public_cost="20000",
    )
    _route(
        page,
        routes_url,
        "Co-production by users and communities",
        "30",
        ["Weekly peer support", "People helped by peers"],
    )
    page.goto(routes_url)
    page.get_by_role("button", name="Plan a route").click()
    page.get_by_label("A commissioned service", exact=True).check()
    page.get_by_label("Planned share", exact=False).fill("60")
    page.get_by_label("Community support", exact=False).check()
    page.get_by_role("button", name="Save route").click()
    expect(page.locator(".govuk-error-message")).to_contain_text("enter 50 or less")
    assert_accessible(page)
    page.get_by_label("Planned share", exact=False).fill("50")
    page.get_by_role("button", name="Save route").click()
    expect(page.get_by_text("Route saved.")).to_be_visible()
    assert_accessible(page)

    # A partner and what it gains.
    page.goto(f"/o/{organisation.slug}/outcomes/cycles/{cycle.pk}/who-gains/")
    page.get_by_role("button", name="Add a partner").click()
    page.get_by_label("Name").fill("County police")
    page.get_by_label("Police", exact=True).check()
    page.get_by_role("button", name="Save partner").click()
    page.get_by_role("button", name="Record what a partner gains").click()
    page.get_by_label("Partner").select_option(label="County police")
    page.get_by_label("What they gain").fill("Fewer call-outs to people in crisis")
    page.get_by_label("Estimated value (£)").fill("150000")
    page.get_by_label("How the value was estimated").fill("Call-outs avoided")
    page.get_by_role("button", name="Save benefit").click()
    expect(page.get_by_text("Benefit saved.")).to_be_visible()
    assert_accessible(page)

    # The equation on one page.
    page.goto(f"/o/{organisation.slug}/reports/cycles/{cycle.pk}/equation/")
    expect(page.locator('[data-figure="public"]')).to_contain_text("£320,000")
    expect(page.locator('[data-figure="community"]')).to_contain_text("£1,440")
    expect(page.locator('[data-figure="cost-per-unit"]')).to_contain_text("£4,000")
    expect(page.locator('[data-figure="partners"]')).to_contain_text("£150,000")
    expect(page.locator("#equation-reading")).to_contain_text("fell by 80%")
    expect(page.locator("#equation-chart-data")).to_be_visible()
    assert "NaN" not in page.content()
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert_fits_the_screen(page)

    # The report, read back from its files.
    page.goto(cycle.get_absolute_url())
    page.get_by_role("button", name="Make the cycle report (PDF and Excel)").click()
    expect(page.get_by_text("Made on")).to_be_visible()
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Download the PDF").click()
    with open(pdf_download.value.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    for figure in ("£320,000", "£1,440", "£4,000", "£150,000", "County police"):
        assert figure in text, figure
    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name=re.compile("Excel")).first.click()
    with open(xlsx_download.value.path(), "rb") as handle:
        workbook = load_workbook(io.BytesIO(handle.read()), read_only=True)
    figures = {
        row[0]: row[1]
        for row in workbook["Public value equation"].iter_rows(values_only=True)
    }
    assert figures["Public sector inputs (£)"] == 320000
    assert figures["What partners gain, estimated (£)"] == 150000
