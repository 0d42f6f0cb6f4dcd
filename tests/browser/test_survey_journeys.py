"""A survey built on a laptop, answered on a phone (by keyboard, and without
JavaScript), and its results published."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from surveys.models import Response, Survey
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    assert_accessible,
    assert_fits_the_screen,
)
from tests.cycles.factories import ActivityFactory, CycleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check(page: Page) -> None:
    assert_accessible(page)
    assert_fits_the_screen(page)


def test_build_answer_and_publish_a_survey(
    page: Page,
    browser: Browser,
    live_server: object,
    organisation: Organisation,
    people: dict[str, User],
    sign_in: Callable[[User], None],
) -> None:
    ActivityFactory(
        cycle=CycleFactory(organisation=organisation, visibility="public"),
        title="Satisfaction survey",
    )
    sign_in(people["commissioner"])
    page.set_viewport_size(DESKTOP)
    page.goto(f"/o/{organisation.slug}/surveys/")
    _check(page)
    page.get_by_role("button", name="New survey").click()
    _check(page)
    page.get_by_role("link", name="Satisfaction survey").click()
    page.get_by_label("Title").fill("How was your care?")
    page.get_by_role("button", name="Save survey").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("How was your care?")
    _check(page)

    for text, kind, choices in [
        ("Who are you?", "One choice", "Carer\nService user"),
        ("I was treated with respect", "Agreement scale", ""),
        ("What should change?", "Long text", ""),
        ("What matters most?", "Put choices in order", "Transport\nMeals\nVisits"),
    ]:
        page.get_by_role("button", name="Add a question").click()
        page.get_by_label("Question", exact=True).fill(text)
        page.get_by_label(kind, exact=True).check()
        if choices:
            page.get_by_label("Choices", exact=True).fill(choices)
            page.get_by_label("An answer is needed").check()
        page.get_by_role("button", name="Save question").click()
        expect(page.get_by_text("Question saved.")).to_be_visible()
    page.get_by_role("button", name=re.compile("Move up.*What should change")).click()
    expect(page.locator("#question-list h3").nth(1)).to_contain_text(
        "What should change?"
    )
    _check(page)
    page.get_by_role("link", name="Preview").click()
    _check(page)
    page.go_back()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("The survey is published.")).to_be_visible()
    survey = Survey.objects.get()

    phone = browser.new_context(base_url=page.url.split("/o/")[0], viewport=PHONE)
    citizen = phone.new_page()
    citizen.goto(survey.get_answer_url())
    _check(citizen)
    citizen.get_by_role("button", name="Send my answers").click()
    expect(citizen.get_by_text(re.compile("^Answer “")).first).to_be_visible()
    _check(citizen)
    # Keyboard only: focus the first choice and select it with the space bar.
    citizen.get_by_label("Carer").focus()
    citizen.keyboard.press("Space")
    citizen.get_by_label("What should change?").focus()
    citizen.keyboard.type("Visits at the same time each day")
    citizen.get_by_label("Agree", exact=True).focus()
    citizen.keyboard.press("Space")
    # Ranking by keyboard: type the place into each focused list.
    for option, place in [("Meals", "1"), ("Visits", "2"), ("Transport", "3")]:
        citizen.get_by_label(option, exact=True).focus()
        citizen.keyboard.type(place)
    citizen.get_by_role("button", name="Send my answers").focus()
    citizen.keyboard.press("Enter")
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Thank you")
    _check(citizen)
    phone.close()

    no_js = browser.new_context(
        base_url=page.url.split("/o/")[0], viewport=PHONE, java_script_enabled=False
    )
    plain = no_js.new_page()
    plain.goto(survey.get_answer_url())
    plain.get_by_label("Service user").check()
    for option, place in [("Meals", "2nd"), ("Visits", "2nd"), ("Transport", "1st")]:
        plain.get_by_label(option, exact=True).select_option(label=place)
    plain.get_by_role("button", name="Send my answers").click()
    expect(plain.get_by_text("Only one choice can be 2nd").first).to_be_visible()
    assert plain.get_by_label("Service user").is_checked()
    plain.get_by_label("Visits", exact=True).select_option(label="3rd")
    plain.get_by_role("button", name="Send my answers").click()
    expect(plain.get_by_role("heading", level=1)).to_have_text("Thank you")
    no_js.close()
    assert Response.objects.count() == 2

    page.goto(survey.get_absolute_url())
    page.get_by_role("link", name="Results").click()
    expect(page.get_by_text("People who answered: fewer than 5.")).to_be_visible()
    ranking = page.get_by_role("region", name="What matters most?")
    expect(ranking.get_by_role("row").nth(1)).to_contain_text("Meals")
    _check(page)
    page.get_by_role("link", name=re.compile("Compare answers")).click()
    page.get_by_label("Answers to").select_option(label="Who are you?")
    page.get_by_label("Broken down by").select_option(
        label="I was treated with respect"
    )
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("table")).to_contain_text("hidden")
    _check(page)
    page.go_back()
    page.go_back()
    page.get_by_role("button", name="Publish these results").click()
    page.get_by_role("link", name="See the public version").click()
    expect(page.get_by_text("fewer than 5").first).to_be_visible()
    assert "Visits at the same time" not in page.content()
    page.set_viewport_size(PHONE)
    _check(page)
    assert re.search(r"/public/.+/surveys/.+/results/", page.url)


def test_codes_are_printed_and_used_on_a_phone(
    page: Page,
    browser: Browser,
    organisation: Organisation,
    people: dict[str, User],
    sign_in: Callable[[User], None],
) -> None:
    """A batch of codes prints as cards; a citizen enters one on a phone."""
    from surveys.models import Audience, Kind
    from tests.surveys.factories import make_survey

    survey = make_survey(
        organisation,
        audience=Audience.CODES,
        questions=[
            {"kind": Kind.RATING, "text": "Rate the day centre", "required": True}
        ],
    )
    sign_in(people["commissioner"])
    page.set_viewport_size(DESKTOP)
    page.goto(survey.get_absolute_url())
    page.get_by_role("link", name="Invitation codes").click()
    _check(page)
    page.get_by_label("How many codes?").fill("4")
    page.get_by_role("button", name="Make the codes").click()
    expect(page.locator(".app-code")).to_have_count(4)
    _check(page)
    code = page.locator(".app-code").first.inner_text()

    phone = browser.new_context(base_url=page.url.split("/o/")[0], viewport=PHONE)
    citizen = phone.new_page()
    citizen.goto(survey.get_answer_url())
    _check(citizen)
    citizen.get_by_label("Your invitation code").fill(code.lower())
    citizen.get_by_role("button", name="Continue").click()
    citizen.get_by_label("4", exact=True).check()
    citizen.get_by_role("button", name="Send my answers").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Thank you")
    phone.close()


def test_a_knapsack_vote_on_a_phone_and_both_results_on_a_laptop(
    page: Page,
    organisation: Organisation,
    people: dict[str, User],
    sign_in: Callable[[User], None],
) -> None:
    """A citizen goes over budget, is told by how much, fixes it and votes; the
    team compares the two rules; a decision maker records the result."""
    from decimal import Decimal

    from surveys.ballots import ballot_publish, option_save
    from surveys.models import Ballot, BallotOption

    ballot = Ballot.objects.create(
        activity=ActivityFactory(cycle=CycleFactory(organisation=organisation)),
        title="Neighbourhood fund",
        budget=Decimal("50000"),
    )
    for title, cost in [("Play area", 30000), ("Benches", 10000), ("Lighting", 25000)]:
        option_save(option=BallotOption(ballot=ballot, title=title, cost=Decimal(cost)))
    ballot_publish(ballot=ballot)
    sign_in(people["citizen"])
    page.set_viewport_size(PHONE)
    page.goto(ballot.get_vote_url())
    _check(page)
    total = page.get_by_role("status").filter(has_text="Chosen:")
    # The running total needs no button with JavaScript, and says it politely.
    expect(page.get_by_role("button", name="Update my total")).to_have_count(0)
    assert total.get_attribute("aria-live") == "polite"
    page.get_by_label(re.compile("Play area")).check()
    expect(total).to_have_text("Chosen: 1 options costing £30,000.00 of £50,000.00.")
    page.get_by_label(re.compile("Lighting")).check()
    expect(total).to_have_text(
        "Chosen: 2 options costing £55,000.00 of £50,000.00. "
        "That is £5,000.00 over the budget."
    )
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.get_by_text("more than the £50,000.00 budget").first).to_be_visible()
    _check(page)
    page.get_by_label(re.compile("Lighting")).uncheck()
    page.get_by_label(re.compile("Benches")).check()
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.get_by_text("Your vote is counted.")).to_be_visible()

    page.context.clear_cookies()
    sign_in(people["commissioner"])
    page.set_viewport_size(DESKTOP)
    page.goto(ballot.get_absolute_url())
    expect(page.get_by_role("columnheader", name="Equal Shares")).to_be_visible()
    page.get_by_role("button", name="Close voting").click()
    _check(page)
    page.context.clear_cookies()
    sign_in(people["decision_maker"])
    page.goto(ballot.get_absolute_url())
    page.get_by_label("The Method of Equal Shares").check()
    page.get_by_label("Why").fill("Fairest to every group of voters")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("The decision is in the decision log.")).to_be_visible()
    _check(page)


def test_a_vote_with_a_printed_code_on_a_phone(
    page: Page,
    browser: Browser,
    organisation: Organisation,
    people: dict[str, User],
    sign_in: Callable[[User], None],
) -> None:
    """The team prints voting codes; someone without an account votes with one."""
    from decimal import Decimal

    from surveys.ballots import ballot_publish, option_save
    from surveys.models import Ballot, BallotOption, Eligibility

    ballot = Ballot.objects.create(
        activity=ActivityFactory(cycle=CycleFactory(organisation=organisation)),
        title="Estate fund",
        budget=Decimal("20000"),
        eligibility=Eligibility.CODES,
    )
    for title, cost in [("Bike store", 12000), ("Community garden", 8000)]:
        option_save(option=BallotOption(ballot=ballot, title=title, cost=Decimal(cost)))
    ballot_publish(ballot=ballot)
    sign_in(people["commissioner"])
    page.set_viewport_size(DESKTOP)
    page.goto(ballot.get_absolute_url())
    page.get_by_role("link", name="Voting codes").click()
    _check(page)
    page.get_by_label("How many codes?").fill("2")
    page.get_by_role("button", name="Make the codes").click()
    expect(page.locator(".app-code")).to_have_count(2)
    code = page.locator(".app-code").first.inner_text()

    phone = browser.new_context(base_url=page.url.split("/o/")[0], viewport=PHONE)
    voter = phone.new_page()
    voter.goto(ballot.get_vote_url())
    _check(voter)
    voter.get_by_label("Your voting code").fill("ABCD-EFGH")
    voter.get_by_role("button", name="Continue").click()
    expect(voter.get_by_text("That code is not right").first).to_be_visible()
    _check(voter)
    voter.get_by_label("Your voting code").fill(code)
    voter.get_by_role("button", name="Continue").click()
    voter.get_by_label(re.compile("Community garden")).check()
    voter.get_by_role("button", name="Cast my vote").click()
    expect(voter.get_by_text("Your vote is counted.")).to_be_visible()
    _check(voter)
    phone.close()


def test_one_question_per_page_on_a_phone(
    page: Page, organisation: Organisation
) -> None:
    """Progress shows, a missed answer is explained, the check page lets the
    person change an answer, and sending works."""
    from surveys.models import Kind, Layout
    from tests.surveys.factories import make_survey

    survey = make_survey(
        organisation,
        layout=Layout.ONE_PER_PAGE,
        questions=[
            {"kind": Kind.AGREEMENT, "text": "Staff listened to me", "required": True},
            {"kind": Kind.SHORT_TEXT, "text": "Your first name"},
        ],
    )
    page.set_viewport_size(PHONE)
    page.goto(survey.get_answer_url())
    expect(page.get_by_text("Question 1 of 2")).to_be_visible()
    _check(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text(re.compile("^Answer “")).first).to_be_visible()
    _check(page)
    page.get_by_label("Agree", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Question 2 of 2")).to_be_visible()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    _check(page)
    page.get_by_role("link", name=re.compile("Change.*Staff listened")).click()
    page.get_by_label("Strongly agree").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Strongly agree")).to_be_visible()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")


def test_an_agreement_grid_answered_on_a_phone(
    page: Page, organisation: Organisation
) -> None:
    from surveys.models import Kind, Response
    from tests.surveys.factories import make_survey

    survey = make_survey(
        organisation,
        questions=[
            {
                "kind": Kind.MATRIX,
                "text": "About your visits",
                "options": ["Carers arrived on time", "Carers had time to talk"],
                "required": True,
            }
        ],
    )
    page.set_viewport_size(PHONE)
    page.goto(survey.get_answer_url())
    _check(page)
    page.get_by_role("group", name=re.compile("arrived on time")).get_by_label(
        "Agree", exact=True
    ).check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text(re.compile("^Answer “")).first).to_be_visible()
    _check(page)
    page.get_by_role("group", name=re.compile("time to talk")).get_by_label(
        "Disagree", exact=True
    ).check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    (answer,) = Response.objects.get().answers.values()
    assert answer == {
        "Carers arrived on time": "Agree",
        "Carers had time to talk": "Disagree",
    }
