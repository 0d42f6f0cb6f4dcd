"""A cycle recorded after the fact (issue #16, "Done when"): a commissioner
back-dates the cycle's start and its move to Plan, records a decision taken
years ago that the decision maker confirms, corrects a measurement that was
typed wrong, and the cycle report carries the past dates and the corrected
value."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from cycles.models import Decision
from outcomes.models import Indicator, Outcome
from outcomes.services import framework_create, measurement_record
from tests.browser.conftest import DESKTOP, assert_accessible, fill_date
from tests.cycles.factories import CycleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_past_cycle_is_entered_corrected_and_reported(
    page: Page,
    organisation: Organisation,
    people: dict[str, User],
    sign_in: Callable[[User], None],
) -> None:
    commissioner = people["commissioner"]
    cycle = CycleFactory(
        organisation=organisation, by=commissioner, title="Carers' breaks 2019"
    )
    framework = framework_create(
        organisation=organisation, by=commissioner, title="Carers", cycle=cycle
    )
    outcome = Outcome.objects.create(
        framework=framework, statement="Carers get a break", value_types=["user"]
    )
    indicator = Indicator.objects.create(
        outcome=outcome, name="Nights of respite", unit="nights"
    )
    measurement_record(
        indicator=indicator,
        by=commissioner,
        period_end=datetime.date(2019, 12, 31),
        value=Decimal(17),
        source="routine",
    )
    page.set_viewport_size(DESKTOP)
    sign_in(commissioner)

    # The cycle began in March 2019.
    page.goto(cycle.get_absolute_url())
    page.get_by_role("link", name="Change date Analyse").click()
    assert_accessible(page)
    fill_date(page, "Date it started", "2019-03-01")
    page.get_by_label("Why are the dates changing?").fill("Recorded after the fact")
    page.get_by_role("button", name="Save dates").click()
    expect(page.get_by_text("1 Mar 2019").first).to_be_visible()

    # It moved to Plan in September 2019.
    page.get_by_role("button", name="Move to the next phase").click()
    page.get_by_label("Why is the cycle moving?").fill("Needs agreed with carers")
    fill_date(page, "Date it happened", "2019-09-10")
    page.get_by_role("button", name="Move to Plan").click()
    expect(page.get_by_text("The cycle is now in Plan.")).to_be_visible()

    # A decision taken on 1 September 2019, decided by the decision maker.
    page.goto(f"{cycle.get_absolute_url()}decisions/new/")
    page.get_by_label("Title").fill("Fund short breaks")
    page.get_by_label("Phase").select_option("analyse")
    page.get_by_label("What was decided").fill("Fund 300 nights of short breaks")
    page.get_by_label("Decided by (person)").select_option(
        str(people["decision_maker"].pk)
    )
    fill_date(page, "Date decided", "2019-09-01")
    page.get_by_role("button", name="Record decision").click()
    decision = Decision.objects.get(title="Fund short breaks")
    assert decision.decided_on == datetime.date(2019, 9, 1)

    # The decision maker confirms it, which publishes it.
    page.context.clear_cookies()
    sign_in(people["decision_maker"])
    page.goto(f"{cycle.get_absolute_url()}decisions/{decision.pk}/confirm/")
    assert_accessible(page)
    page.get_by_role("button", name="Yes, confirm and publish").click()
    decision.refresh_from_db()
    assert decision.is_published

    # The measurement was typed as 17; it was 71.
    page.context.clear_cookies()
    sign_in(commissioner)
    page.goto(
        f"/o/{organisation.slug}/outcomes/frameworks/{framework.pk}"
        f"/indicators/{indicator.pk}/"
    )
    page.get_by_role("link", name="Correct the value for 31 Dec 2019").click()
    assert_accessible(page)
    page.get_by_role("button", name="Save the correction").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()  # no reason
    page.get_by_label("Value").fill("71")
    page.get_by_label("Reason for the correction").fill("Digits swapped")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_text("Digits swapped").first).to_be_visible()

    # The report carries the dates and the corrected value.
    page.goto(cycle.get_absolute_url())
    page.get_by_role("button", name="Make the cycle report (PDF and Excel)").click()
    expect(page.get_by_text("Made on")).to_be_visible()
    page.get_by_role("link", name="Read it in the browser").click()
    text = re.sub(r"\s+", " ", page.content())
    phases = text.split('id="phases"')[1].split("</table>")[0]
    assert "1 Mar 2019" in phases and "10 Sep 2019" in phases
    decisions = text.split('id="decisions"')[1].split('id="outcomes"')[0]
    assert "1 September 2019: Fund short breaks" in decisions
    outcomes = text.split('id="outcomes"')[1].split('id="contracts"')[0]
    assert "71 for the period to 31 December 2019" in outcomes
    assert ">17<" not in outcomes
