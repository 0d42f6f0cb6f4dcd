"""Admins set the governance principles and charter; citizens sign it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from governance.models import CharterSignature
from tests.browser.conftest import (
    PHONE,
    assert_accessible,
    assert_accessible_at_all_widths,
    assert_fits_the_screen,
    fill_date,
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


def test_commissioner_builds_a_framework_and_records_progress(
    page: Page,
    sign_in: Callable[[User], None],
    people: dict[str, User],
    organisation: Organisation,
) -> None:
    """A commissioner creates a framework, an outcome with pathways and an indicator,
    enters measurements (one wrong first), and reads the trend on a phone."""
    sign_in(people["commissioner"])
    base = f"/o/{organisation.slug}/outcomes/"
    assert_accessible_at_all_widths(page, base)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="New framework").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("The Big Three")
    page.get_by_role("button", name="Create framework").click()
    page.get_by_role("button", name="Add an outcome").click()
    assert_accessible(page)
    page.get_by_label("The outcome, in plain words").fill(
        "People recover and stay well"
    )
    page.get_by_label("User value: for the people who use the service").check()
    page.locator("input[name=pathway_prevention][value=co_production]").check()
    page.get_by_role("button", name="Save outcome").click()
    expect(
        page.get_by_role("heading", name="People recover and stay well")
    ).to_be_visible()
    expect(page.get_by_text("Co-production by users and communities")).to_be_visible()
    page.get_by_role(
        "link", name="Add an indicator to People recover and stay well"
    ).click()
    assert_accessible(page)
    page.get_by_label("Name").fill("Referrals to secondary care")
    page.get_by_label("Unit", exact=True).fill("referrals a month")
    page.get_by_label("Baseline", exact=True).fill("100")
    fill_date(page, "Baseline date", "2013-01-31")
    page.get_by_label("Target", exact=True).fill("20")
    fill_date(page, "Target date", "2015-01-31")
    page.get_by_label("Lower is better").check()
    page.get_by_role("button", name="Save indicator").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Referrals to secondary care"
    )

    fill_date(page, "End of the period", "2014-01-31")
    page.get_by_label("Value").fill("about forty")
    page.get_by_role("button", name="Save measurement").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the value as a number"
    )
    assert_accessible(page)
    page.get_by_label("Value").fill("45")
    page.get_by_role("button", name="Save measurement").click()
    expect(page.get_by_text("Measurement saved.")).to_be_visible()
    expect(page.locator("svg title")).to_have_text(
        "Referrals to secondary care over time"
    )
    assert_accessible_at_all_widths(page, page.url)

    # A second indicator takes its value from a survey: 19 of 25 felt valued.
    import uuid

    from django.contrib.auth.models import AnonymousUser

    from outcomes.models import Indicator, Outcome
    from outcomes.services import indicator_save
    from surveys.models import Kind
    from surveys.submission import survey_submit_response
    from tests.surveys.factories import make_survey

    survey = make_survey(
        organisation,
        questions=[{"kind": Kind.AGREEMENT, "text": "I feel valued", "required": True}],
    )
    question = survey.questions.get()
    for answer in ["Agree"] * 12 + ["Strongly agree"] * 7 + ["Disagree"] * 6:
        survey_submit_response(
            survey=survey,
            answers={question.field_name: answer},
            user=AnonymousUser(),
            submission_key=uuid.uuid4(),
        )
    valued = indicator_save(
        indicator=Indicator(
            outcome=Outcome.objects.get(), name="People who feel valued", unit="%"
        ),
        by=people["commissioner"],
    )
    page.goto(
        page.url.replace(f"/indicators/{valued.pk - 1}/", f"/indicators/{valued.pk}/")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("People who feel valued")
    page.get_by_role("link", name="Or take a value from a survey's results").click()
    assert_accessible(page)
    page.get_by_label("Survey question").select_option(
        # The framework belongs to no cycle, so every question names its own.
        label=f"{survey.title}: I feel valued (cycle: {survey.activity.cycle.title})"
    )
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Agree", exact=True).check()
    page.get_by_label("Strongly agree").check()
    fill_date(page, "End of the period", "2014-03-31")
    assert_accessible(page)
    page.get_by_role("button", name="Save measurement").click()
    expect(page.get_by_text("Measurement taken from the survey.")).to_be_visible()
    expect(page.get_by_role("cell", name="76", exact=True)).to_be_visible()


def test_a_citizen_co_assesses_a_public_cycle_on_a_phone(
    page: Page,
    sign_in: Callable[[User], None],
    people: dict[str, User],
    organisation: Organisation,
) -> None:
    """A citizen finds the cycle on their page, answers (after missing one), and the
    team then sees citizens' scores beside their own."""
    from governance.services import principles_ensure_defaults
    from tests.cycles.factories import CycleFactory

    principles_ensure_defaults(organisation=organisation)
    cycle = CycleFactory(
        organisation=organisation,
        by=people["commissioner"],
        visibility="public",
        title="Day opportunities",
    )
    sign_in(people["citizen"])
    page.set_viewport_size(PHONE)
    page.goto("/me/")
    page.get_by_role("link", name="Day opportunities").click()
    assert_accessible(page)
    assert_fits_the_screen(page)
    for legend in page.locator("legend").all()[:-1]:
        fieldset = legend.locator("xpath=..")
        fieldset.get_by_label("4").check()
    page.get_by_role("button", name="Send my assessment").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.locator("fieldset").last.get_by_label("2", exact=True).check()
    page.get_by_role("button", name="Send my assessment").click()
    expect(page.get_by_text("Your assessment is saved")).to_be_visible()

    page.context.clear_cookies()
    sign_in(people["commissioner"])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/o/{organisation.slug}/outcomes/cycles/{cycle.pk}/governance/")
    assert_accessible(page)
    expect(page.locator("tbody tr").first).to_contain_text("4.0 (1)")


def test_the_scorecard_reads_well_and_records_costs(
    page: Page,
    sign_in: Callable[[User], None],
    people: dict[str, User],
    organisation: Organisation,
) -> None:
    """A commissioner reads a cycle's scorecard, adds a cost (a wrong one first) and
    the page passes axe on a laptop and a phone."""
    from tests.cycles.factories import CycleFactory

    cycle = CycleFactory(organisation=organisation, by=people["commissioner"])
    sign_in(people["commissioner"])
    page.goto(f"/o/{organisation.slug}/cycles/{cycle.pk}/")
    page.get_by_role("link", name="Public value scorecard").click()
    assert_accessible(page)
    page.get_by_label("What the cost is for").fill("Venue hire")
    page.get_by_label("Amount (£)").fill("twelve hundred")
    page.get_by_role("button", name="Add cost").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the amount as a number"
    )
    expect(page.get_by_label("What the cost is for")).to_have_value("Venue hire")
    assert_accessible(page)
    page.get_by_label("Amount (£)").fill("1200")
    page.get_by_role("button", name="Add cost").click()
    expect(page.get_by_text("£1,200.00").first).to_be_visible()
    expect(page.get_by_role("button", name="Print this page")).to_be_visible()
    assert_accessible_at_all_widths(page, page.url)


def test_a_citizen_pledges_time_on_a_phone_and_the_team_maps_assets(
    page: Page,
    sign_in: Callable[[User], None],
    people: dict[str, User],
    organisation: Organisation,
) -> None:
    """A citizen offers help from their page on a phone; a commissioner adds an asset
    and sees the pledge; every page passes axe and fits the phone."""
    sign_in(people["citizen"])
    page.set_viewport_size(PHONE)
    page.goto("/me/")
    page.get_by_role("link", name=f"Offer help to {organisation.name}").click()
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_label("About how many hours a month? (optional)").fill("lots")
    page.get_by_role("button", name="Send my offer").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What could you do or give?").fill(
        "Drive people to the lunch club on Tuesdays"
    )
    page.get_by_label("About how many hours a month? (optional)").fill("8")
    page.get_by_role("button", name="Send my offer").click()
    expect(
        page.get_by_text("Drive people to the lunch club on Tuesdays")
    ).to_be_visible()

    page.context.clear_cookies()
    sign_in(people["commissioner"])
    page.set_viewport_size({"width": 1280, "height": 900})
    base = f"/o/{organisation.slug}/assets/"
    page.goto(base)
    page.get_by_role("button", name="Add an asset").click()
    assert_accessible(page)
    page.get_by_label("Name").fill("St Mark's church hall")
    page.get_by_label("Place or building").check()
    page.get_by_label("A community group").check()
    page.get_by_role("button", name="Save asset").click()
    expect(page.get_by_role("link", name="St Mark's church hall")).to_be_visible()
    for path in ("", "import/", "resources/", "pledges/"):
        assert_accessible_at_all_widths(page, base + path)
    expect(
        page.get_by_text("Drive people to the lunch club on Tuesdays")
    ).to_be_visible()


def test_a_citizen_reads_community_assets_on_a_phone(
    page: Page,
    sign_in: Callable[[User], None],
    people: dict[str, User],
    organisation: Organisation,
) -> None:
    """The public-only asset list reads well and passes axe on a phone."""
    from assets.models import Asset

    Asset.objects.create(
        organisation=organisation,
        name="Open café",
        kind="place",
        holder_type="business",
        is_public=True,
        area="Brixton",
    )
    sign_in(people["citizen"])
    page.set_viewport_size(PHONE)
    page.goto("/me/")
    page.get_by_role("link", name=f"Community assets of {organisation.name}").click()
    expect(page.get_by_role("heading", name="Open café")).to_be_visible()
    assert_accessible(page)
    assert_fits_the_screen(page)
