"""Staff single sign-on, end to end against a real OpenID Connect provider process
(tests/idp): who is sent there, and what a signed-in identity may become."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.core import mail
from django.test import Client

from cocommission.accounts.models import User
from cocommission.organisations.models import Membership, Organisation, Role
from cocommission.signon.models import SignOn
from tests.accounts.factories import PASSWORD, UserFactory
from tests.idp.fixtures import IdentityProvider
from tests.organisations.factories import MembershipFactory

from .journey import at_provider, come_back, query, sign_in, to_provider

pytestmark = pytest.mark.django_db

ANN = "ann.jones@northshire.gov.uk"


def signed_in_as(client: Client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.filter(pk=user_id).first() if user_id else None


def test_a_staff_member_is_sent_to_the_provider_and_signed_in_to_their_account(
    northshire_sign_on: SignOn,
    identity_provider: IdentityProvider,
    organisation: Organisation,
) -> None:
    """The address's domain sends Ann to her organisation's provider (with her
    address as the hint and a nonce); she comes back signed in to the account of
    that address, linked to the provider's account, with the role she had."""
    ann = UserFactory(email=ANN)
    MembershipFactory(user=ann, organisation=organisation, role=Role.COMMISSIONER)
    identity_provider.set_claims(email=ANN, email_verified=True, roles=["admins"])
    client = Client()
    authorize = to_provider(client, ANN)
    assert authorize.startswith(f"{identity_provider.issuer}/authorize/")
    params = query(authorize)
    assert params["login_hint"] == ANN
    assert params["client_id"] == "northshire"
    assert len(params["nonce"]) >= 32
    assert params["code_challenge_method"] == "S256"

    response = come_back(client, at_provider(identity_provider, authorize))

    assert response.status_code == 302
    assert response["Location"] == "/home/"
    assert signed_in_as(client) == ann
    assert (
        SocialAccount.objects.get(user=ann).provider == northshire_sign_on.provider_id
    )
    # Roles stay managed in CoCommission: the claim is not read.
    assert Membership.objects.get(user=ann).role == Role.COMMISSIONER
    # A second sign-in uses the linked account.
    again = Client()
    assert sign_in(again, identity_provider, ANN).status_code == 302
    assert signed_in_as(again) == ann
    assert SocialAccount.objects.filter(user=ann).count() == 1


def test_a_newcomer_of_the_domain_gets_an_account_and_no_role(
    northshire_sign_on: SignOn, identity_provider: IdentityProvider
) -> None:
    identity_provider.set_claims(
        email="New.Starter@Northshire.gov.uk", email_verified=True
    )
    client = Client()
    response = sign_in(client, identity_provider, "new.starter@northshire.gov.uk")
    assert response.status_code == 302
    person = signed_in_as(client)
    assert person is not None
    assert person.email == "new.starter@northshire.gov.uk"
    assert person.emailaddress_set.get().verified
    assert not Membership.objects.filter(user=person).exists()


@pytest.mark.parametrize(
    "claims",
    [
        {"email": "ann@northshire.example.org", "email_verified": True},
        {"email": "ann@evil-northshire.gov.uk", "email_verified": True},
        {"email": "ann@sub.northshire.gov.uk", "email_verified": True},
        {"email_verified": True},
    ],
    ids=["other-domain", "lookalike", "subdomain", "no-email"],
)
def test_the_provider_cannot_sign_in_an_address_outside_its_domains(
    northshire_sign_on: SignOn, identity_provider: IdentityProvider, claims: dict
) -> None:
    victim = UserFactory(email=claims.get("email", "someone@example.org"))
    identity_provider.set_claims(**claims)
    client = Client()
    response = sign_in(client, identity_provider, ANN)
    assert response.status_code == 403
    assert "can sign in only addresses ending in @northshire.gov.uk" in response.text
    assert signed_in_as(client) is None
    assert not SocialAccount.objects.filter(user=victim).exists()


@pytest.mark.parametrize("verified", [False, None, "true"])
def test_an_address_the_provider_has_not_verified_is_refused(
    northshire_sign_on: SignOn, identity_provider: IdentityProvider, verified: object
) -> None:
    ann = UserFactory(email=ANN)
    claims: dict[str, object] = {"email": ANN}
    if verified is not None:
        claims["email_verified"] = verified
    identity_provider.set_claims(**claims)
    client = Client()
    response = sign_in(client, identity_provider, ANN)
    assert response.status_code == 403
    assert "has not confirmed that" in response.text
    assert signed_in_as(client) is None
    assert not SocialAccount.objects.filter(user=ann).exists()


def test_another_organisations_provider_cannot_sign_in_this_organisations_domain(
    northshire_sign_on: SignOn,
    southvale_sign_on: SignOn,
    identity_provider: IdentityProvider,
) -> None:
    """Southvale's provider vouching for a Northshire address is refused, even
    though that address has an account and the token is genuine."""
    ann = UserFactory(email=ANN)
    identity_provider.set_claims(email=ANN, email_verified=True)
    client = Client()
    authorize = to_provider(client, "bob@southvale.nhs.uk")
    assert query(authorize)["client_id"] == "southvale"
    response = come_back(client, at_provider(identity_provider, authorize))
    assert response.status_code == 403
    assert "@southvale.nhs.uk" in response.text
    assert signed_in_as(client) is None
    assert not SocialAccount.objects.filter(user=ann).exists()


def test_roles_follow_the_claim_at_each_sign_in_when_the_organisation_maps_them(
    northshire_sign_on: SignOn,
    identity_provider: IdentityProvider,
    organisation: Organisation,
    other_organisation: Organisation,
) -> None:
    northshire_sign_on.roles_from_claim = True
    northshire_sign_on.role_claim = "groups"
    northshire_sign_on.role_map = (
        "cc-admins = admin\ncc-commissioners = commissioner\ncc-deciders = "
        "decision_maker"
    )
    northshire_sign_on.save()
    ann = UserFactory(email=ANN)
    # A role elsewhere is never touched.
    MembershipFactory(user=ann, organisation=other_organisation, role=Role.PROVIDER)

    def role_after_sign_in(groups: object) -> str | None:
        identity_provider.set_claims(email=ANN, email_verified=True, groups=groups)
        client = Client()
        assert sign_in(client, identity_provider, ANN).status_code == 302
        assert signed_in_as(client) == ann
        membership = Membership.objects.filter(user=ann, organisation=organisation)
        return membership.values_list("role", flat=True).first()

    assert role_after_sign_in(["staff", "cc-commissioners"]) == Role.COMMISSIONER
    assert role_after_sign_in(["cc-commissioners", "cc-admins"]) == Role.ADMIN
    assert role_after_sign_in("cc-deciders") == Role.DECISION_MAKER
    assert role_after_sign_in(["staff"]) is None
    assert role_after_sign_in(None) is None
    assert Membership.objects.get(user=ann, organisation=other_organisation).role == (
        Role.PROVIDER
    )


def test_a_tampered_state_is_refused(
    northshire_sign_on: SignOn, identity_provider: IdentityProvider
) -> None:
    UserFactory(email=ANN)
    identity_provider.set_claims(email=ANN, email_verified=True)
    client = Client()
    callback = at_provider(identity_provider, to_provider(client, ANN))
    parts = urlsplit(callback)
    forged = parts.query.replace("state=", "state=x")
    response = come_back(client, urlunsplit(parts._replace(query=forged)))
    assert response.status_code == 400
    assert "could not be checked" in response.text
    assert signed_in_as(client) is None


def test_a_code_brought_back_to_another_browser_is_refused(
    northshire_sign_on: SignOn, identity_provider: IdentityProvider
) -> None:
    """The state lives in the session of the browser that started: an attacker's
    callback address, opened in the victim's browser, signs nobody in."""
    UserFactory(email=ANN)
    identity_provider.set_claims(email=ANN, email_verified=True)
    callback = at_provider(identity_provider, to_provider(Client(), ANN))
    victim = Client()
    response = come_back(victim, callback)
    assert response.status_code == 400
    assert signed_in_as(victim) is None


def test_a_tampered_nonce_is_refused(
    northshire_sign_on: SignOn, identity_provider: IdentityProvider
) -> None:
    ann = UserFactory(email=ANN)
    identity_provider.set_claims(email=ANN, email_verified=True, nonce="replayed")
    client = Client()
    response = sign_in(client, identity_provider, ANN)
    assert response.status_code == 403
    assert "could not be checked" in response.text
    assert signed_in_as(client) is None
    assert not SocialAccount.objects.filter(user=ann).exists()


def test_a_sign_in_started_without_our_nonce_is_refused(
    northshire_sign_on: SignOn, identity_provider: IdentityProvider
) -> None:
    """allauth's own start page sends no nonce: what comes back from it is refused."""
    UserFactory(email=ANN)
    identity_provider.set_claims(email=ANN, email_verified=True)
    client = Client()
    started = client.post(f"/accounts/oidc/{northshire_sign_on.provider_id}/login/")
    assert started.status_code == 302
    response = come_back(client, at_provider(identity_provider, started["Location"]))
    assert response.status_code == 403
    assert signed_in_as(client) is None


def test_the_code_page_sends_staff_to_their_provider_not_a_code(
    northshire_sign_on: SignOn,
    identity_provider: IdentityProvider,
    django_capture_on_commit_callbacks: Any,
) -> None:
    UserFactory(email=ANN)
    identity_provider.set_claims(email=ANN, email_verified=True)
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        authorize = to_provider(client, ANN, page="/accounts/login/code/")
    assert mail.outbox == []
    response = come_back(client, at_provider(identity_provider, authorize))
    assert response.status_code == 302
    assert signed_in_as(client) is not None


def test_a_password_does_not_sign_in_an_address_with_sign_on(
    northshire_sign_on: SignOn,
) -> None:
    UserFactory(email=ANN)
    client = Client()
    response = client.post("/accounts/login/", {"login": ANN, "password": PASSWORD})
    assert response.status_code == 200
    assert "Continue to Northshire Council staff account" in response.text
    assert signed_in_as(client) is None


def test_the_continue_page_may_send_its_form_to_that_provider_only(
    northshire_sign_on: SignOn,
    southvale_sign_on: SignOn,
    identity_provider: IdentityProvider,
) -> None:
    southvale_sign_on.issuer = "https://login.southvale.example/realms/staff"
    southvale_sign_on.save()
    client = Client()
    page = client.post("/accounts/login/", {"login": ANN})
    policy = _form_action(page["Content-Security-Policy"])
    assert policy == {"'self'", f"http://127.0.0.1:{identity_provider.port}"}
    page = client.post("/accounts/login/code/", {"email": "bob@southvale.nhs.uk"})
    policy = _form_action(page["Content-Security-Policy"])
    assert policy == {"'self'", "https://login.southvale.example"}
    # Every other page, the sign-in page itself included, sends forms home only.
    assert _form_action(client.get("/accounts/login/")["Content-Security-Policy"]) == {
        "'self'"
    }


def _form_action(policy: str) -> set[str]:
    for directive in policy.split(";"):
        name, _, sources = directive.strip().partition(" ")
        if name == "form-action":
            return set(sources.split())
    raise AssertionError("no form-action")


def test_citizens_keep_codes_and_passwords(
    northshire_sign_on: SignOn, django_capture_on_commit_callbacks: Any
) -> None:
    """An address of any other domain gets a code (or signs in with a password)
    exactly as before."""
    citizen = UserFactory(email="sam@example.org")
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/login/code/", {"email": citizen.email})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/code/confirm/")
    assert [message.to for message in mail.outbox] == [[citizen.email]]
    response = Client().post(
        "/accounts/login/", {"login": citizen.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    empty = Client().post("/accounts/login/", {"login": citizen.email, "password": ""})
    assert empty.status_code == 200
    assert "Enter your password." in empty.text


def test_staff_with_an_authenticator_app_are_still_asked_for_its_code(
    northshire_sign_on: SignOn, identity_provider: IdentityProvider
) -> None:
    """Signing in through the provider does not skip CoCommission's second step:
    whoever switched on an authenticator app types its code after the provider."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    ann = UserFactory(email=ANN)
    TOTP.activate(ann, generate_totp_secret())
    identity_provider.set_claims(email=ANN, email_verified=True)
    client = Client()
    response = sign_in(client, identity_provider, ANN)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert signed_in_as(client) is None
