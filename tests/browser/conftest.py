"""Browser fixtures: Chromium through Playwright against pytest-django's live server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page

from cocommission.accounts.models import User

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

_axe = Axe()


@pytest.fixture
def context(browser: Browser, live_server: Any) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    """A page that fails the test on script errors, CSP violations and broken
    stylesheets, scripts or images (the page itself may be a deliberate 404)."""
    page = context.new_page()
    errors: list[str] = []

    def on_console(message: Any) -> None:
        if message.type == "error" and not message.text.startswith(
            "Failed to load resource"
        ):
            errors.append(message.text)

    def on_response(response: Any) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            errors.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", on_response)
    yield page
    assert not errors, f"The browser reported errors: {errors}"


@pytest.fixture
def sign_in(context: BrowserContext, live_server: Any) -> Callable[[User], None]:
    """Sign a user in by giving the browser a session made by Django's test client."""

    def sign_in(user: User) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": cookie.value,
                    "url": live_server.url,
                }
            ]
        )

    return sign_in


def assert_accessible(page: Page) -> None:
    """Fail on any axe-core violation of WCAG 2.0, 2.1 and 2.2 A and AA rules."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()


def assert_fits_the_screen(page: Page) -> None:
    """Nothing makes the page scroll sideways (WCAG 1.4.10 reflow); wide tables
    scroll inside their own box instead."""
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the screen"


def assert_accessible_at_all_widths(page: Page, url: str) -> None:
    """Open ``url`` at desktop and phone widths and check each for violations,
    and that the phone view needs no sideways scrolling."""
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.goto(url)
        assert_accessible(page)
    assert_fits_the_screen(page)


def fill_date(page: Page, label: str, iso: str) -> None:
    """Type an ISO date into the GOV.UK date input whose fieldset is ``label``."""
    year, month, day = iso.split("-")
    group = page.get_by_role("group", name=label, exact=True)
    group.get_by_label("Day").fill(str(int(day)))
    group.get_by_label("Month").fill(str(int(month)))
    group.get_by_label("Year").fill(year)
