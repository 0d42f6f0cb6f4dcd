"""Taking part in a panel on a phone, and running a random selection on a laptop."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from playwright.sync_api import Page, expect

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from panels.models import MemberStatus, PanelMember, ProfileAnswer, Recruitment
from panels.services import categories_ensure_defaults, panel_join
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    assert_accessible,
    assert_fits_the_screen,
    fill_date,
)
from tests.panels.factories import PanelFactory, consenting_citizen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code_from_last_mail() -> str:
    match = re.search(r"^\s*(\d{6})\s*$", mail.outbox[-1].body, re.MULTILINE)
    assert match, mail.outbox[-1].body
    return match.group(1)


def _check(page: Page) -> None:
    assert_accessible(page)
    assert_fits_the_screen(page)


def test_invited_citizen_joins_fills_profile_takes_seat_downloads_and_erases(
    page: Page, organisation: Organisation, tmp_path: Path
) -> None:
    """On a 390 px phone: from an invitation link, a newcomer signs in by code,
    agrees to take part and to equalities data, answers part of the profile,
    accepts a second seat, downloads their data and erases the account."""
    categories_ensure_defaults(organisation=organisation)
    panel = PanelFactory(organisation=organisation, name="Home care user group")
    board = PanelFactory(organisation=organisation, name="Commissioning board seats")
    page.set_viewport_size(PHONE)
    pages: list[str] = []
    page.on("load", lambda loaded: pages.append(loaded.url))
    page.goto(panel.get_join_url())
    _check(page)
    page.get_by_label("Your e-mail address").fill("rita@example.org")
    page.get_by_role("button", name="Send me a code").click()
    _check(page)
    page.get_by_label("Code").fill(_code_from_last_mail())
    page.get_by_role("button", name="Continue").click()

    expect(
        page.get_by_role("heading", level=2, name="Step 2 of 2: what you agree to")
    ).to_be_visible()
    _check(page)
    page.get_by_role("button", name="Join the panel").click()
    expect(
        page.get_by_text("Tick the box to agree to taking part in panels").first
    ).to_be_visible()
    _check(page)
    page.get_by_label(re.compile("I want to take part in panels")).check()
    page.get_by_role("button", name="Join the panel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About you")
    # Joining is short: the invitation, the code, what they agree to (shown
    # again once with the missing tick), and they are in. Three things typed or
    # ticked. (How long it takes is for make bench, not this test.)
    assert len(pages) <= 5, pages
    _check(page)

    page.get_by_role("link", name="Choose what you share").click()
    _check(page)
    page.get_by_role("button", name=re.compile("Turn on.*equalities")).click()
    expect(page.get_by_text("is on")).to_be_visible()
    page.goto(f"/me/profile/{organisation.slug}/")
    page.get_by_role("group", name="How old are you?").get_by_label("35 to 49").check()
    page.get_by_role("group", name="What is your gender?").get_by_label(
        "Prefer not to say"
    ).check()
    page.get_by_label("Step-free venue").check()
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My participation")
    rita = User.objects.get(email="rita@example.org")
    assert ProfileAnswer.objects.filter(user=rita).count() == 2

    seat = PanelMember.objects.create(panel=board, user=rita)
    page.reload()
    _check(page)
    page.get_by_role("link", name=re.compile("^Answer")).click()
    _check(page)
    page.get_by_role("button", name="Yes, I will join").click()
    seat.refresh_from_db()
    assert seat.status == MemberStatus.ACCEPTED
    expect(page.get_by_role("link", name="Commissioning board seats")).to_be_visible()

    page.get_by_role("link", name="See and download your data").click()
    _check(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download a copy (JSON)").click()
    saved = tmp_path / "data.json"
    download.value.save_as(saved)
    data = json.loads(saved.read_text())
    assert data["account"]["rows"][0]["email"] == "rita@example.org"
    assert len(data["panel_seats"]["rows"]) == 2
    expect(page.get_by_text("Step-free venue")).to_be_visible()

    page.get_by_role("link", name="Erase my account").click()
    _check(page)
    page.get_by_label("I understand my account will be erased for good").check()
    page.get_by_role("button", name="Erase my account").click()
    expect(
        page.get_by_text("Your account and personal data have been erased")
    ).to_be_visible()
    assert not User.objects.filter(email="rita@example.org").exists()


def test_commissioner_runs_a_selection_and_reads_the_balance(
    page: Page,
    organisation: Organisation,
    people: dict[str, User],
    sign_in: Callable[[User], None],
) -> None:
    """On a laptop: quotas are pasted, an impossible draw is explained on the
    form, a possible one (LEXIMIN, the default) invites people and shows the
    chances, and the representativeness view hides small groups."""
    categories_ensure_defaults(organisation=organisation)
    panel = PanelFactory(
        organisation=organisation,
        name="Citizens' jury",
        recruitment=Recruitment.SELECTION,
        seats=4,
    )
    for gender in ["Woman"] * 4 + ["Man"] * 3:
        panel_join(
            panel=panel, user=consenting_citizen(organisation, {"Gender": gender})
        )
    sign_in(people["commissioner"])
    page.set_viewport_size(DESKTOP)
    page.goto(panel.get_absolute_url())
    _check(page)
    page.get_by_role("link", name=re.compile("^Quotas")).click()
    page.get_by_label("Or paste the rows").fill(
        "category,value,min,max\nGender,Woman,2,2\nGender,Man,4,4\n"
    )
    page.get_by_role("button", name="Replace the quotas").click()
    expect(page.get_by_text("2 quotas saved.")).to_be_visible()
    _check(page)

    page.goto(panel.get_absolute_url())
    page.get_by_role("link", name="Select members at random").click()
    _check(page)
    page.get_by_role("button", name="Run the draw").click()
    # The form comes back with why, in the error summary and beside the seats.
    expect(
        page.get_by_role("heading", level=2, name="There is a problem")
    ).to_be_visible()
    expect(
        page.get_by_text("Gender – Man needs at least 4, but only 3 volunteers")
    ).to_have_count(2)
    _check(page)

    page.get_by_role("link", name="Change the quotas").click()
    page.get_by_label("Or paste the rows").fill(
        "category,value,min,max\nGender,Woman,2,2\nGender,Man,2,2\n"
    )
    page.get_by_role("button", name="Replace the quotas").click()
    page.goto(panel.get_absolute_url())
    page.get_by_role("link", name="Select members at random").click()
    page.get_by_role("button", name="Run the draw").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("4 people selected")
    expect(page.get_by_text("The smallest chance of selection was")).to_be_visible()
    _check(page)
    assert panel.members.filter(status=MemberStatus.INVITED).count() == 4

    page.goto(panel.get_absolute_url())
    page.get_by_role("link", name="Does it reflect the area?").click()
    _check(page)
    expect(page.get_by_text("fewer than 5").first).to_be_visible()
    page.set_viewport_size(PHONE)
    _check(page)


def test_commissioner_records_a_meeting_and_a_member_chooses_emails(
    page: Page,
    organisation: Organisation,
    people: dict[str, User],
    sign_in: Callable[[User], None],
) -> None:
    """A meeting is added and its attendance recorded on a laptop; a member picks
    which e-mails they get on a phone. Every page passes axe."""
    panel = PanelFactory(organisation=organisation, name="User group")
    member = consenting_citizen(organisation, display_name="Ade Bello")
    # Seated before the meeting's fixed date: a meeting's roll lists only those
    # seated on its day, whatever day the test runs.
    with time_machine.travel(datetime.datetime(2026, 11, 2, tzinfo=datetime.UTC)):
        panel_join(panel=panel, user=member)
    sign_in(people["commissioner"])
    page.set_viewport_size(DESKTOP)
    page.goto(panel.get_absolute_url())
    page.get_by_role("link", name="Add a meeting").click()
    _check(page)
    page.get_by_label("Title").fill("Kick-off")
    fill_date(page, "Date", "2026-12-03")
    page.get_by_label("Start time").fill("18:30")
    page.get_by_role("button", name="Save meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kick-off")
    _check(page)
    # Nobody is ticked as having come until someone says so.
    expect(page.get_by_label("Ade Bello came")).not_to_be_checked()
    page.get_by_label("Ade Bello came").check()
    page.get_by_label("Access needs of Ade Bello").select_option("met")
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance saved: 1 came.")).to_be_visible()
    page.get_by_label("Action").fill("Book a step-free room")
    page.get_by_label("Who will do it").fill("Chris")
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_text("Book a step-free room")).to_be_visible()
    _check(page)

    page.context.clear_cookies()
    sign_in(member)
    page.set_viewport_size(PHONE)
    page.goto("/me/")
    _check(page)
    page.get_by_role("link", name="Choose which e-mails you get").click()
    _check(page)
    page.get_by_label("Reminders the day before a meeting").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your e-mail choices are saved.")).to_be_visible()
    assert not member.notification_settings.meeting_reminders
