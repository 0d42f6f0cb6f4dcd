"""Sign up, verify, sign in by code and sign out, as a citizen would on a phone."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from cocommission.accounts.models import User
from tests.browser.conftest import PHONE, assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code_from_last_mail() -> str:
    match = re.search(r"^\s*(\d{6})\s*$", mail.outbox[-1].body, re.MULTILINE)
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_sign_up_verify_email_sign_out_and_sign_in_by_code(page: Page) -> None:
    """A new citizen signs up, verifies their address from the e-mail, signs out, and
    signs back in with an e-mailed code instead of a password."""
    page.set_viewport_size(PHONE)
    page.goto("/")
    page.get_by_role("link", name="Create an account").first.click()
    assert_accessible(page)
    page.get_by_label("E-mail address").fill("new.citizen@example.org")
    page.get_by_label("Password", exact=True).fill("correct-horse-battery-2026")
    page.get_by_label("Type the password again").fill("correct-horse-battery-2026")
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    assert_accessible(page)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.citizen@example.org"]
    page.get_by_label("Code").fill(_code_from_last_mail())
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("My participation")
    assert (
        User.objects.get(email="new.citizen@example.org")
        .emailaddress_set.get()
        .verified
    )
    assert_accessible(page)

    # On a phone the navigation folds away behind a menu button.
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Sign out").click()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()

    page.goto("/accounts/login/")
    page.get_by_role("link", name="Get a sign-in code").click()
    assert_accessible(page)
    page.get_by_label("E-mail address").fill("new.citizen@example.org")
    page.get_by_role("button", name="Send me a code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your sign-in code")
    assert_accessible(page)
    page.get_by_label("Code").fill(_code_from_last_mail())
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My participation")


def test_sign_up_errors_are_shown_next_to_the_field_and_keep_what_was_typed(
    page: Page,
) -> None:
    """Mismatched passwords show an error summary and a message by the field, and the
    e-mail address typed is still there."""
    page.goto("/accounts/signup/")
    page.get_by_label("E-mail address").fill("typo@example.org")
    page.get_by_label("Password", exact=True).fill("correct-horse-battery-2026")
    page.get_by_label("Type the password again").fill("something-else-entirely")
    page.get_by_role("button", name="Create account").click()

    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.get_by_label("E-mail address")).to_have_value("typo@example.org")
    assert not User.objects.filter(email="typo@example.org").exists()
    assert_accessible(page)
