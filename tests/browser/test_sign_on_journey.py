"""A member of staff signs in through their organisation's provider in Chromium:
a real OpenID Connect provider process (tests/idp), no JavaScript needed."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from cocommission.organisations.models import Organisation, Role
from tests.accounts.factories import UserFactory
from tests.browser.conftest import assert_accessible
from tests.idp.fixtures import IdentityProvider, identity_provider  # noqa: F401
from tests.organisations.factories import MembershipFactory
from tests.signon.conftest import add_sign_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANN = "ann.jones@northshire.gov.uk"


def test_a_commissioner_signs_in_with_their_organisations_account(
    page: Page,
    live_server: Any,
    organisation: Organisation,
    identity_provider: IdentityProvider,  # noqa: F811
) -> None:
    """Ann types her work address, is sent to Northshire's provider, signs in
    there and lands on her team's cycles, signed in; the pages on our side pass
    axe, and no Content-Security-Policy stops the form on its way out."""
    add_sign_on(organisation, identity_provider, domain="northshire.gov.uk")
    identity_provider.allow_redirects_to(f"{live_server.url}/accounts/oidc/")
    identity_provider.set_claims(email=ANN, email_verified=True)
    ann = UserFactory(email=ANN, display_name="Ann Jones")
    MembershipFactory(user=ann, organisation=organisation, role=Role.COMMISSIONER)

    page.goto("/accounts/login/")
    assert_accessible(page)
    page.get_by_label("E-mail address").fill(ANN)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sign in with your organisation"
    )
    assert_accessible(page)
    page.get_by_role(
        "button", name="Continue to Northshire Council staff account"
    ).click()

    expect(page.get_by_role("heading", name="Test identity provider")).to_be_visible()
    assert page.url.startswith(identity_provider.issuer.removesuffix("/o"))
    page.get_by_label("Username").fill(identity_provider.username)
    page.get_by_label("Password").fill(identity_provider.password)
    page.get_by_role("button", name="Sign in at the provider").click()

    page.wait_for_url(f"{live_server.url}{organisation.get_absolute_url()}")
    expect(
        page.get_by_role("button", name="Sign out")
        .or_(page.get_by_role("link", name="Sign out"))
        .first
    ).to_be_visible()
    assert_accessible(page)


def test_the_refusal_page_is_accessible(
    page: Page,
    live_server: Any,
    organisation: Organisation,
    identity_provider: IdentityProvider,  # noqa: F811
) -> None:
    """An address the provider has not verified ends on a plain refusal page."""
    add_sign_on(organisation, identity_provider, domain="northshire.gov.uk")
    identity_provider.allow_redirects_to(f"{live_server.url}/accounts/oidc/")
    identity_provider.set_claims(email=ANN, email_verified=False)

    page.goto("/accounts/login/code/")
    page.get_by_label("E-mail address").fill(ANN)
    page.get_by_role("button", name="Send me a code").click()
    page.get_by_role(
        "button", name="Continue to Northshire Council staff account"
    ).click()
    page.get_by_label("Username").fill(identity_provider.username)
    page.get_by_label("Password").fill(identity_provider.password)
    page.get_by_role("button", name="Sign in at the provider").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You could not be signed in"
    )
    expect(page.get_by_text("has not confirmed that")).to_be_visible()
    assert_accessible(page)
