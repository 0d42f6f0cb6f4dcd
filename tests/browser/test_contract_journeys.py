"""A commissioner records an alliance and its contract; the alliance's
representative reads it on a phone."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from contracts.models import Contract
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    assert_accessible,
    assert_fits_the_screen,
    fill_date,
)
from tests.contracts.factories import make_indicators, make_provider
from tests.cycles.factories import CycleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check(page: Page) -> None:
    assert_accessible(page)
    assert_fits_the_screen(page)


def test_an_alliance_contract_recorded_and_read_by_its_representative(
    page: Page,
    organisation: Organisation,
    people: dict[str, User],
    sign_in: Callable[[User], None],
) -> None:
    CycleFactory(organisation=organisation, title="Mental health recovery")
    make_provider(organisation, "Peer Pathways CIC")
    make_provider(organisation, "Brixton Recovery Trust")
    make_indicators(organisation, people["commissioner"], ["People in work"])
    sign_in(people["commissioner"])
    page.set_viewport_size(DESKTOP)
    page.goto(f"/o/{organisation.slug}/contracts/")
    _check(page)
    page.get_by_role("link", name="Providers").click()
    page.get_by_role("button", name="Add a provider").click()
    page.get_by_label("Name", exact=True).fill("Recovery Alliance")
    page.get_by_label("Partnership or alliance of providers").check()
    page.get_by_label("Peer Pathways CIC").check()
    page.get_by_label("Brixton Recovery Trust").check()
    page.get_by_label(re.compile("Representatives")).fill(people["provider"].email)
    page.get_by_role("button", name="Save provider").click()
    expect(page.get_by_text("Provider saved.")).to_be_visible()
    _check(page)

    page.goto(f"/o/{organisation.slug}/contracts/new/")
    page.get_by_label("Cycle").select_option(label="Mental health recovery")
    page.get_by_label("Service", exact=True).fill("Recovery support")
    page.get_by_label("Recovery Alliance").check()
    page.get_by_label("Competitive flexible or restricted procedure").check()
    page.get_by_label("In force").check()
    page.get_by_label("People in work").check()
    page.get_by_label("Total value (£)").fill("nine hundred")
    page.get_by_role("button", name="Save contract").click()
    expect(page.get_by_text("Enter the value in pounds").first).to_be_visible()
    _check(page)
    expect(page.get_by_label("Service", exact=True)).to_have_value("Recovery support")
    page.get_by_label("Total value (£)").fill("900000")
    page.get_by_role("button", name="Save contract").click()
    expect(page.get_by_text("Contract saved.")).to_be_visible()
    page.get_by_role("link", name="Add the specification").click()
    page.get_by_label("The specification").fill("One front door, open to all.")
    fill_date(page, "Date agreed", "2026-01-15")
    page.get_by_role("button", name="Save this version").click()
    expect(page.get_by_text("Version 1 of the specification is saved.")).to_be_visible()
    _check(page)
    contract = Contract.objects.get()

    page.context.clear_cookies()
    sign_in(people["provider"])
    page.set_viewport_size(PHONE)
    page.goto(f"/o/{organisation.slug}/contracts/")
    _check(page)
    page.get_by_role("link", name="Recovery support").click()
    expect(page.get_by_text("One front door, open to all.")).to_be_visible()
    expect(page.get_by_role("link", name="Contract settings")).to_have_count(0)
    _check(page)
    assert page.url.endswith(contract.get_absolute_url())

    page.get_by_role("button", name="Send a return").click()
    fill_date(page, "End of the period you are reporting", "2026-03-31")
    page.get_by_label("People in work (people)").fill("many")
    page.get_by_role("button", name="Send the return").click()
    expect(page.get_by_text("Enter a number, like 12 or 12.5").first).to_be_visible()
    _check(page)
    page.get_by_label("People in work (people)").fill("27")
    page.get_by_role("button", name="Send the return").click()
    expect(page.get_by_text("Your return is sent.")).to_be_visible()
    _check(page)

    page.context.clear_cookies()
    sign_in(people["commissioner"])
    page.set_viewport_size(DESKTOP)
    page.goto(contract.get_absolute_url())
    page.get_by_role("link", name="31 Mar 2026").click()
    page.get_by_role("button", name="Accept the figures").click()
    expect(page.get_by_text("Return accepted")).to_be_visible()
    _check(page)
    page.goto(contract.get_absolute_url())
    expect(page.get_by_text("27 people")).to_be_visible()


def test_an_inspector_reports_on_a_phone_and_the_review_is_recorded(
    page: Page,
    organisation: Organisation,
    people: dict[str, User],
    sign_in: Callable[[User], None],
) -> None:
    from panels.models import Panel, PanelMember
    from tests.contracts.factories import make_contract
    from tests.panels.factories import consenting_citizen

    panel = Panel.objects.create(
        organisation=organisation, name="Inspectors", kind="inspectors"
    )
    inspector = consenting_citizen(organisation, email="inspector@example.org")
    PanelMember.objects.create(panel=panel, user=inspector, status="active")
    contract = make_contract(
        organisation, title="Day centre support", monitoring_panel=panel
    )

    sign_in(inspector)
    page.set_viewport_size(PHONE)
    page.goto(contract.get_absolute_url())
    _check(page)
    page.get_by_role("button", name="File a visit report").click()
    page.get_by_role("button", name="File the report").click()
    expect(page.get_by_text("Choose the kind of report").first).to_be_visible()
    _check(page)
    page.get_by_label("Inspection visit by service users").check()
    fill_date(page, "Date of the visit or contact", "2026-10-20")
    page.get_by_role("group", name="Dignity and respect").get_by_label(
        "5 – very good"
    ).check()
    page.get_by_role("group", name="Welcome and first contact").get_by_label(
        "2 – poor"
    ).check()
    page.get_by_label("What should improve").fill("Nobody greeted us for ten minutes")
    page.get_by_role("button", name="File the report").click()
    expect(page.get_by_text("Your report is filed.")).to_be_visible()
    _check(page)

    page.context.clear_cookies()
    sign_in(people["decision_maker"])
    page.set_viewport_size(DESKTOP)
    page.goto(contract.get_absolute_url())
    page.get_by_role("link", name=re.compile("Review: the evidence")).click()
    expect(page.get_by_text("1 visit or mystery shopping report")).to_be_visible()
    _check(page)
    page.get_by_label("Continue, with changes").check()
    page.get_by_label("Why").fill("Inspectors found a slow welcome")
    page.get_by_role("button", name="Record the recommendation").click()
    expect(page.get_by_text("Say what should change").first).to_be_visible()
    page.get_by_label(re.compile("What should change")).fill("Staff the front desk")
    page.get_by_role("button", name="Record the recommendation").click()
    expect(page.get_by_text("The recommendation is in the cycle")).to_be_visible()
    _check(page)


def test_a_panel_citizen_scores_a_tender_and_the_commissioner_awards(
    page: Page,
    organisation: Organisation,
    people: dict[str, User],
    sign_in: Callable[[User], None],
) -> None:
    from decimal import Decimal

    from contracts.models import Bid, ContractStatus, Criterion
    from contracts.tender import bid_add, criterion_add, tender_start
    from panels.models import Panel, PanelMember
    from tests.contracts.factories import make_contract
    from tests.panels.factories import consenting_citizen

    panel = Panel.objects.create(
        organisation=organisation, name="Carers panel", kind="procurement"
    )
    carer = consenting_citizen(organisation, email="carer@example.org")
    PanelMember.objects.create(panel=panel, user=carer, status="active")
    contract = make_contract(
        organisation, title="Carers' breaks", status=ContractStatus.PLANNED
    )
    tender = tender_start(contract=contract, panel=panel)
    criterion_add(criterion=Criterion(tender=tender, name="Quality", weight=50))
    criterion_add(criterion=Criterion(tender=tender, name="Carers' say", weight=50))
    for name in ("Respite Together", "Break Time Ltd"):
        bid_add(
            bid=Bid(
                tender=tender,
                provider=make_provider(organisation, name),
                price=Decimal("90000"),
                summary=f"{name} offers weekend breaks.",
            )
        )

    sign_in(carer)
    page.set_viewport_size(PHONE)
    page.goto(contract.get_absolute_url())
    page.get_by_role("link", name="Score the bids").click()
    _check(page)
    for label, value in [
        ("Respite Together: Quality (50%)", "8"),
        ("Respite Together: Carers' say (50%)", "9"),
        ("Break Time Ltd: Quality (50%)", "6"),
        ("Break Time Ltd: Carers' say (50%)", "4"),
    ]:
        page.get_by_label(label).select_option(value)
    page.get_by_role("button", name="Save my scores").click()
    expect(page.get_by_text("Your scores are saved.")).to_be_visible()
    _check(page)

    page.context.clear_cookies()
    sign_in(people["commissioner"])
    page.set_viewport_size(DESKTOP)
    page.goto(contract.get_absolute_url())
    page.get_by_role("link", name="Tender evaluation").click()
    expect(page.get_by_text("1. Respite Together – 85.0 out of 100")).to_be_visible()
    _check(page)
    page.get_by_role("radio", name="Respite Together").check()
    page.get_by_label("Why").fill("Highest score, carers rated it best")
    page.get_by_role("button", name="Award the contract").click()
    expect(page.get_by_text("The contract is awarded.")).to_be_visible()
    _check(page)
