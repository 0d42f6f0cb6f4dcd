"""Staff can protect their accounts with an authenticator app (TOTP)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import Page, expect

from cocommission.accounts.models import User
from tests.accounts.factories import PASSWORD
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _current_code(secret: str) -> str:
    """The authenticator's code, from a 30-second window with at least 10 seconds
    left, so a slow machine still submits it inside the window the server checks
    (allauth accepts no other)."""
    if 30 - time.time() % 30 < 10:
        time.sleep(30 - time.time() % 30 + 0.5)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_a_commissioner_switches_on_an_authenticator_app(
    page: Page, sign_in: Callable[[User], None], people: dict[str, User]
) -> None:
    """From their account page a commissioner confirms their password, scans the
    code, enters a generated code and from then on has two-step verification."""
    commissioner = people["commissioner"]
    sign_in(commissioner)
    page.goto("/me/")
    page.get_by_role("link", name="Two-step verification").click()
    assert_accessible(page)
    page.get_by_role("link", name="Activate").or_(
        page.get_by_role("button", name="Activate")
    ).first.click()

    page.get_by_label("Password").fill(PASSWORD)
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()

    secret = page.locator("#authenticator_secret").input_value()
    assert_accessible(page)
    code = _current_code(secret)
    page.get_by_label("Authenticator code").fill(code)
    page.get_by_role("button", name="Activate").click()

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # What the person saw, should it fail: the page, its heading and any error.
    shown = page.locator("h1, .govuk-error-message").all_inner_texts()
    assert Authenticator.objects.filter(
        user=commissioner, type=Authenticator.Type.TOTP
    ).exists(), (page.url, shown, code, time.time())


def test_citizens_are_not_offered_two_step_verification(
    page: Page, sign_in: Callable[[User], None], people: dict[str, User]
) -> None:
    """Citizens sign in by code; the staff-only link is not on their page."""
    sign_in(people["citizen"])
    page.goto("/me/")
    expect(page.get_by_role("link", name="Two-step verification")).to_have_count(0)
