"""Each role lands on the right home page, and every page is free of axe violations
on a desktop and on a 390 px phone."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from tests.browser.conftest import assert_accessible, assert_accessible_at_all_widths
from tests.cycles.factories import CycleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = [
    "/",
    "/accessibility/",
    "/privacy/",
    "/cookies/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/login/code/",
    "/accounts/password/reset/",
    "/no-such-page/",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_are_accessible(page: Page, url: str) -> None:
    """Pages anyone can open pass axe at both widths."""
    assert_accessible_at_all_widths(page, url)


@pytest.mark.parametrize(
    ("role", "heading"),
    [
        ("admin", "Commissioning cycles"),
        ("commissioner", "Commissioning cycles"),
        ("decision_maker", "Commissioning cycles"),
        ("provider", "My participation"),
        ("citizen", "My participation"),
    ],
)
def test_each_role_lands_on_its_home_page(
    page: Page,
    sign_in: Callable[[User], None],
    people: dict[str, User],
    organisation: Organisation,
    role: str,
    heading: str,
) -> None:
    """Signing in takes the commissioning team to their cycles and everyone else to
    their participation page; both pass axe at both widths."""
    CycleFactory(organisation=organisation, title="Support at home for older people")
    sign_in(people[role])
    page.goto("/home/")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    if heading == "Commissioning cycles":
        expect(page.get_by_text("Support at home for older people")).to_be_visible()
        expect(page.get_by_text(organisation.name).first).to_be_visible()
    assert_accessible_at_all_widths(page, page.url)


def test_admin_member_pages_are_accessible_and_search_updates_in_place(
    page: Page,
    sign_in: Callable[[User], None],
    people: dict[str, User],
    organisation: Organisation,
) -> None:
    """An admin's member list, search, add, change-role and remove pages pass axe, and
    the search narrows the table without a page load."""
    sign_in(people["admin"])
    assert_accessible_at_all_widths(page, f"/o/{organisation.slug}/settings/")
    base = f"/o/{organisation.slug}/members/"
    assert_accessible_at_all_widths(page, base)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base)
    page.get_by_label("Search by e-mail or name").fill("citizen@")
    expect(page.locator("#member-results tbody tr")).to_have_count(1)
    expect(page).to_have_url(f"{page.url.split('?')[0]}?q=citizen%40")

    assert_accessible_at_all_widths(page, base + "add/")
    page.get_by_role("button", name="Add member").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)

    citizen_membership = people["citizen"].memberships.get()
    assert_accessible_at_all_widths(page, f"{base}{citizen_membership.pk}/role/")
    assert_accessible_at_all_widths(page, f"{base}{citizen_membership.pk}/remove/")


def test_members_page_works_without_javascript(
    browser: object,
    live_server: object,
    people: dict[str, User],
    organisation: Organisation,
) -> None:
    """With JavaScript off, an admin can search members and add one with plain forms."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(people["admin"])
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)  # type: ignore[attr-defined]
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"/o/{organisation.slug}/members/")
    page.get_by_label("Search by e-mail or name").fill("citizen@")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#member-results tbody tr")).to_have_count(1)

    page.goto(f"/o/{organisation.slug}/members/add/")
    page.get_by_label("E-mail address").fill("new.member@example.org")
    page.get_by_label("Commissioner").check()
    page.get_by_role("button", name="Add member").click()
    expect(
        page.get_by_text("new.member@example.org added as Commissioner.")
    ).to_be_visible()
    context.close()


@pytest.mark.parametrize(
    ("role", "paths"),
    [
        ("citizen", ["/me/", "/accounts/email/", "/accounts/password/change/"]),
        ("commissioner", ["/me/", "/accounts/2fa/", "/accounts/logout/"]),
    ],
)
def test_account_management_pages_are_accessible(
    page: Page,
    sign_in: Callable[[User], None],
    people: dict[str, User],
    role: str,
    paths: list[str],
) -> None:
    """Changing e-mail, setting a password and two-step verification pass axe and
    fit a phone screen."""
    sign_in(people[role])
    for path in paths:
        assert_accessible_at_all_widths(page, path)
