"""A commissioner runs a whole cycle in the browser, from Analyse to recommissioning."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from cycles.models import ActivityStatus, Cycle, Decision, GateKind, Phase
from tests.browser.conftest import (
    assert_accessible,
    assert_accessible_at_all_widths,
    assert_fits_the_screen,
)
from tests.cycles.factories import GateCheckFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _add_activity_from_catalogue(page: Page) -> None:
    page.get_by_role("button", name="Add an activity").click()
    assert_accessible(page)
    page.locator(".govuk-summary-list__actions a").first.click()
    assert_accessible(page)
    page.get_by_label("Done").check()
    page.get_by_role("button", name="Add activity").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("added")


@pytest.mark.usefixtures("catalogue")
def test_a_commissioner_runs_a_cycle_through_all_four_phases(
    page: Page,
    sign_in: Callable[[User], None],
    people: dict[str, User],
    organisation: Organisation,
) -> None:
    """Create, add catalogue activities in each phase, get blocked at a gate, meet it,
    move through every phase, record and publish a decision, and recommission."""
    GateCheckFactory(
        organisation=organisation,
        phase=Phase.ANALYSE,
        kind=GateKind.ATTESTED,
        title="Seldom-heard groups were sought out",
    )
    sign_in(people["commissioner"])
    page.goto(f"/o/{organisation.slug}/cycles/")
    assert_accessible(page)
    page.get_by_role("button", name="Start a new cycle").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("Day opportunities for older people")
    page.get_by_role("button", name="Create cycle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Day opportunities for older people"
    )
    assert_accessible(page)
    cycle = Cycle.objects.get(title="Day opportunities for older people")

    # Analyse: an activity, then a blocked move, then the check met with evidence.
    _add_activity_from_catalogue(page)
    page.get_by_role("button", name="Move to the next phase").click()
    expect(page.get_by_text("Not met")).to_be_visible()
    expect(page.get_by_role("button", name="Move to Plan")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Confirm Seldom-heard groups were sought out").click()
    assert_accessible(page)
    page.get_by_role("button", name="Confirm check").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Evidence that this check is met").fill(
        "Two sessions at the day centre"
    )
    page.get_by_role("button", name="Confirm check").click()
    expect(page.get_by_text("Met", exact=True)).to_be_visible()
    page.get_by_label("Why is the cycle moving?").fill("We know what people need.")
    page.get_by_role("button", name="Move to Plan").click()
    expect(page.get_by_text("The cycle is now in Plan.")).to_be_visible()

    # Plan: an activity and a published decision drawing on citizen input.
    _add_activity_from_catalogue(page)
    page.get_by_role("link", name="Decision log").click()
    assert_accessible(page)
    page.get_by_role("button", name="Record a decision").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("Priority: company and a hot meal")
    page.get_by_label("What was decided").fill("Fund lunch clubs in three wards.")
    page.get_by_label("Decided by (board or panel)").fill("Adult social care board")
    page.get_by_label("Chair of the board or panel").select_option(
        str(people["decision_maker"].pk)
    )
    page.locator("input[name=citizen_input]").first.check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("It is published once")).to_be_visible()
    assert_accessible(page)
    # The board's chair confirms it, which publishes it.
    sign_in(people["decision_maker"])
    page.reload()
    page.get_by_role(
        "link", name="Confirm or decline Priority: company and a hot meal"
    ).click()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, confirm and publish").click()
    expect(
        page.get_by_text("Decision confirmed and published in your name.")
    ).to_be_visible()
    sign_in(people["commissioner"])
    page.get_by_role("link", name="Back to the cycle").click()
    page.get_by_role("button", name="Move to the next phase").click()
    page.get_by_label("Why is the cycle moving?").fill("Priorities agreed.")
    page.get_by_role("button", name="Move to Do").click()

    # Do and Review: an activity each, the status changed in place, then move on.
    _add_activity_from_catalogue(page)
    row = page.locator("tbody tr").first
    row.get_by_label("Status of").select_option("running")
    row.get_by_role("button", name="Update").click()
    expect(page.locator("tbody tr").first.get_by_label("Status of")).to_have_value(
        "running"
    )
    page.get_by_role("button", name="Move to the next phase").click()
    page.get_by_label("Why is the cycle moving?").fill("Contracts let.")
    page.get_by_role("button", name="Move to Review").click()
    _add_activity_from_catalogue(page)
    page.get_by_role("link", name="Co-production coverage").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Back to the cycle").click()

    # Recommission.
    page.get_by_role("button", name="Recommission").click()
    assert_accessible(page)
    page.get_by_label("Title of the next cycle").fill("Day opportunities 2028")
    page.get_by_label("Why recommission?").fill("Lunch clubs worked; widen them.")
    page.get_by_role("button", name="Start the next cycle").click()
    expect(page.get_by_text("This cycle follows")).to_be_visible()
    assert_accessible(page)

    cycle.refresh_from_db()
    assert cycle.status == "closed"
    assert cycle.activities.count() == 4
    assert cycle.activities.filter(status=ActivityStatus.RUNNING).count() == 1
    published = Decision.objects.filter(cycle=cycle, is_published=True)
    assert published.filter(title="Priority: company and a hot meal").exists()
    assert published.filter(kind="phase_change").count() == 3
    assert published.filter(kind="recommissioning").count() == 1
    assert cycle.successors.get().title == "Day opportunities 2028"


@pytest.mark.usefixtures("catalogue")
def test_admin_pages_for_gate_checks_and_the_audit_trail_are_accessible(
    page: Page,
    sign_in: Callable[[User], None],
    people: dict[str, User],
    organisation: Organisation,
) -> None:
    """An admin adds a gate check and reads a cycle's audit trail; axe passes."""
    from tests.cycles.factories import CycleFactory

    cycle = CycleFactory(organisation=organisation, by=people["commissioner"])
    sign_in(people["admin"])
    page.goto(f"/o/{organisation.slug}/cycles/gate-checks/")
    assert_accessible(page)
    page.get_by_role("button", name="Add a gate check").click()
    assert_accessible(page)
    page.get_by_role("button", name="Save check").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Check", exact=True).fill("A carers' panel met")
    page.get_by_label("Governance principle").select_option(label="Equalities")
    page.get_by_label("Confirmed by a person, with evidence").check()
    page.get_by_role("button", name="Save check").click()
    expect(
        page.get_by_role("term").filter(has_text="A carers' panel met")
    ).to_be_visible()
    page.goto(f"/o/{organisation.slug}/cycles/{cycle.pk}/history/")
    assert_accessible(page)
    for path in ("catalogue/", "catalogue/new/", "risk-scales/"):
        assert_accessible_at_all_widths(page, f"/o/{organisation.slug}/cycles/{path}")
    for path in ("", "coverage/", "decisions/", "phases/"):
        assert_accessible_at_all_widths(
            page, f"/o/{organisation.slug}/cycles/{cycle.pk}/{path}"
        )


def test_a_decision_recorded_in_place_confirmed_and_read_on_the_public_page(
    page: Page,
    sign_in: Callable[[User], None],
    people: dict[str, User],
    organisation: Organisation,
) -> None:
    """A commissioner records a decision in a councillor's name from the dashboard;
    it is not public until the councillor, finding it waiting on their home page,
    confirms it; then an anonymous visitor on a phone reads it with both names."""
    from tests.cycles.factories import CycleFactory

    councillor = people["decision_maker"]
    commissioner = people["commissioner"]
    cycle = CycleFactory(
        organisation=organisation, by=commissioner, visibility="public"
    )
    public_url = f"/public/{organisation.slug}/cycles/{cycle.pk}/you-said-we-did/"
    sign_in(commissioner)
    page.goto(f"/o/{organisation.slug}/cycles/{cycle.pk}/")
    page.get_by_text("Record a decision here").click()
    page.get_by_role("button", name="Record", exact=True).click()
    expect(page.locator("#recent-decisions .govuk-error-message").first).to_be_visible()
    assert_accessible(page)
    page.locator("#quick-title").fill("Open a carers' hub")
    page.locator("#quick-decided").fill("In the library, from May.")
    page.locator("#quick-decided_by").select_option(str(councillor.pk))
    page.get_by_role("button", name="Record", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Open a carers' hub")
    expect(page.get_by_role("status")).to_contain_text("published once")
    assert page.url.endswith(f"/cycles/{cycle.pk}/")
    page.goto(f"/o/{organisation.slug}/cycles/{cycle.pk}/decisions/")
    expect(page.get_by_text("Waiting for confirmation")).to_be_visible()
    expect(page.get_by_role("link", name="Confirm or decline")).to_have_count(0)
    assert_accessible(page)

    page.goto(public_url)
    expect(page.get_by_text("In the library, from May.")).to_have_count(0)

    sign_in(councillor)
    page.goto("/home/")
    banner = page.get_by_role("region", name="Waiting for you")
    expect(banner).to_contain_text("1 decision in your name")
    assert_accessible(page)
    banner.get_by_role("link", name="Confirm or decline “Open a carers' hub”").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("your decision?")
    assert_accessible(page)
    page.get_by_role("button", name="Decline").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Say what is wrong with it"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Yes, confirm and publish").click()
    expect(
        page.get_by_text("Decision confirmed and published in your name.")
    ).to_be_visible()

    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(public_url)
    card = page.locator(".govuk-summary-card", has_text="Open a carers' hub")
    expect(card).to_contain_text("In the library, from May.")

    def row(key: str) -> Any:
        return card.locator(".govuk-summary-list__row", has_text=key)

    expect(row("Decided by")).to_contain_text(councillor.display_name)
    expect(row("Recorded by")).to_contain_text(commissioner.display_name)
    expect(row("Confirmed")).to_contain_text(f"By {councillor.display_name}")
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_role(
        "link", name="What we are trying to achieve, and how it is going"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "What we are trying to achieve"
    )
    assert_accessible(page)
    assert_fits_the_screen(page)


def test_cycle_dashboard_works_without_javascript(
    browser: object,
    live_server: object,
    people: dict[str, User],
    organisation: Organisation,
) -> None:
    """With JavaScript off, the status form and the quick decision form post as
    ordinary forms and the commissioner lands back where they were."""
    from django.conf import settings
    from django.test import Client

    from tests.cycles.factories import ActivityFactory, CycleFactory

    cycle = CycleFactory(organisation=organisation, by=people["commissioner"])
    activity = ActivityFactory(cycle=cycle, title="Carers' coffee morning")
    client = Client()
    client.force_login(people["commissioner"])
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)  # type: ignore[attr-defined]
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,  # type: ignore[attr-defined]
            }
        ]
    )
    page = context.new_page()
    page.goto(f"/o/{organisation.slug}/cycles/{cycle.pk}/")
    page.get_by_label("Status of Carers' coffee morning").select_option("done")
    page.get_by_role("button", name="Update Carers' coffee morning").click()
    expect(page.get_by_text("is now done")).to_be_visible()
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DONE

    page.get_by_text("Record a decision here").click()
    page.locator("#quick-title").fill("Run it monthly")
    page.locator("#quick-decided").fill("Every first Monday.")
    page.locator("#quick-decided_by").select_option(str(people["decision_maker"].pk))
    page.get_by_role("button", name="Record", exact=True).click()
    expect(page.get_by_text("It is published once")).to_be_visible()
    assert cycle.decisions.filter(title="Run it monthly").exists()
    context.close()


def test_a_commissioner_builds_the_risk_register(
    page: Page,
    sign_in: Callable[[User], None],
    people: dict[str, User],
    organisation: Organisation,
) -> None:
    """A commissioner records whose risk it is, whether citizens accept it and the
    fallback; the register and its matrix pass axe on a laptop and a phone."""
    from tests.cycles.factories import CycleFactory

    cycle = CycleFactory(organisation=organisation, by=people["commissioner"])
    sign_in(people["commissioner"])
    page.goto(f"/o/{organisation.slug}/cycles/{cycle.pk}/")
    page.get_by_role("link", name="Risk register").click()
    assert_accessible(page)
    page.get_by_role("button", name="Add a risk").click()
    page.get_by_label("The risk", exact=True).fill("The meals round fails in snow")
    page.get_by_role("button", name="Save risk").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose whose risk it is"
    )
    assert_accessible(page)
    page.get_by_label("Service users").check()
    page.get_by_label("Likelihood", exact=True).select_option("4")
    page.get_by_label("Impact", exact=True).select_option("4")
    page.get_by_label("Accepted for better outcomes").check()
    page.get_by_label("How you know").fill("Residents' focus group, 3 May")
    page.get_by_label("Fallback if it happens (resilience mechanism)").fill(
        "The café on the high street serves a discounted lunch"
    )
    page.get_by_role("button", name="Save risk").click()
    expect(
        page.get_by_role("heading", name="The meals round fails in snow")
    ).to_be_visible()
    expect(page.locator(".app-risk-matrix__high").filter(has_text="1")).to_have_count(1)
    assert_accessible_at_all_widths(page, page.url)
    resources = f"/o/{organisation.slug}/assets/cycles/{cycle.pk}/resources/"
    assert_accessible_at_all_widths(page, resources)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Crowdfunding").check()
    page.get_by_label("What it is").fill("Appeal for the lunch club van")
    page.get_by_label("Amount (£)").fill("2500")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_text("Communities bring 100% of the resources.")).to_be_visible()


def test_needs_are_recorded_and_prioritised_by_a_decision_maker(
    page: Page,
    sign_in: Callable[[User], None],
    people: dict[str, User],
    organisation: Organisation,
) -> None:
    """A commissioner records a need (quiet demand); a decision maker ranks it; the
    pages pass axe on a laptop and a phone."""
    from tests.cycles.factories import CycleFactory

    cycle = CycleFactory(organisation=organisation, by=people["commissioner"])
    sign_in(people["commissioner"])
    page.goto(f"/o/{organisation.slug}/cycles/{cycle.pk}/needs/")
    assert_accessible(page)
    page.get_by_role("button", name="Record a need").click()
    assert_accessible(page)
    page.get_by_label("The need, in the words people used").fill(
        "Someone to talk to in the evenings"
    )
    page.get_by_label("How many people raised it").fill("12")
    page.get_by_label("Sought out from a group that is seldom heard").check()
    page.get_by_label("Co-production by users and communities").check()
    page.get_by_role("button", name="Save need").click()
    expect(page.get_by_text("Quiet demand")).to_be_visible()

    page.context.clear_cookies()
    sign_in(people["decision_maker"])
    page.goto(f"/o/{organisation.slug}/cycles/{cycle.pk}/needs/")
    page.get_by_role("button", name="Prioritise needs").click()
    assert_accessible(page)
    page.get_by_label("Someone to talk to in the evenings").select_option("1")
    page.get_by_label("Why these needs, in this order?").fill("Loneliness came up most")
    page.get_by_role("button", name="Record the decision").click()
    expect(
        page.get_by_text("Priority needs recorded in the decision log.")
    ).to_be_visible()
    assert_accessible_at_all_widths(page, page.url)
