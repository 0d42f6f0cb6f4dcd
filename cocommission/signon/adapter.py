"""allauth's social-account hooks: each organisation's provider comes from its
``SignOn``, and what a signed-in identity may become here is decided before
anyone is signed in."""

from __future__ import annotations

import hmac
import logging
from typing import Any

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp, SocialLogin
from allauth.socialaccount.providers.base.constants import AuthError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocommission.accounts.signin import account_for_confirmed_code
from cocommission.organisations.models import Membership

from .flow import NONCE
from .models import SignOn, domain_of

logger = logging.getLogger(__name__)

PROVIDER = "openid_connect"
CANNOT_CHECK = gettext_lazy(
    "We could not sign you in: the answer from your organisation's sign-in could "
    "not be checked. Start again from the sign-in page."
)


def social_app(sign_on: SignOn) -> SocialApp:
    """allauth's view of an organisation's provider (never saved: ``SignOn`` is
    the one place it is kept). Claims are read from the id token only, which
    comes straight from the provider's token endpoint; PKCE is on."""
    return SocialApp(
        provider=PROVIDER,
        provider_id=sign_on.provider_id,
        name=sign_on.name,
        client_id=sign_on.client_id,
        secret=sign_on.secret,
        settings={
            "server_url": sign_on.issuer,
            "fetch_userinfo": False,
            "oauth_pkce_enabled": True,
        },
    )


def refusal(request: HttpRequest, message: str, *, status: int = 403) -> HttpResponse:
    return render(request, "signon/refused.html", {"message": message}, status=status)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(
        self,
        request: HttpRequest | None,
        provider: str | None = None,
        client_id: str | None = None,
    ) -> list[SocialApp]:
        sign_ons = SignOn.objects.all()
        if provider and provider != PROVIDER:
            organisation_id = _organisation_id(provider)
            if organisation_id is None:
                return []
            sign_ons = sign_ons.filter(organisation_id=organisation_id)
        if client_id:
            sign_ons = sign_ons.filter(client_id=client_id)
        return [social_app(sign_on) for sign_on in sign_ons]

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: str | None = None,
        exception: Exception | None = None,
        **kwargs: Any,
    ) -> None:
        """Our own page for a sign-in that went wrong at the provider or on the way
        back (no state, a state not ours, a code the provider refused)."""
        logger.warning("sign-on failed: %s %r", error, exception)
        if error == AuthError.CANCELLED:
            message = _("You did not finish signing in. Start again to sign in.")
        else:
            message = str(CANNOT_CHECK)
        raise ImmediateHttpResponse(refusal(request, message, status=400))

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        """Sign in only a verified address of the provider's own domains, carrying
        the nonce we sent; link it to the account of that address (made if new)
        and set the role from the claim if the organisation chose so."""
        organisation_id = _organisation_id(sociallogin.account.provider)
        sign_on = (
            SignOn.objects.filter(organisation_id=organisation_id).first()
            if organisation_id is not None
            else None
        )
        claims = sociallogin.account.extra_data.get("id_token") or {}
        refused = _refusal_reason(sign_on, claims, sociallogin.state)
        if refused or sign_on is None:
            # The reason may name the address: the log keeps only whose sign-on.
            logger.warning("sign-on refused for organisation %s", organisation_id)
            raise ImmediateHttpResponse(
                refusal(request, refused or _("This sign-in is not set up."))
            )
        email = str(claims["email"]).strip().lower()
        with transaction.atomic():
            user = account_for_confirmed_code(email=email, user=None)
            if sociallogin.is_existing and sociallogin.user != user:
                raise ImmediateHttpResponse(
                    refusal(
                        request,
                        _(
                            "This account at your organisation's sign-in is linked "
                            "to another CoCommission account. Ask the CoCommission "
                            "team for help."
                        ),
                    )
                )
            if not sociallogin.is_existing:
                sociallogin.connect(request, user)
            if sign_on.roles_from_claim:
                set_role(sign_on, user, claims)


def _organisation_id(provider_id: str) -> int | None:
    if provider_id.startswith("org-") and provider_id[4:].isdigit():
        return int(provider_id[4:])
    return None


def _refusal_reason(
    sign_on: SignOn | None, claims: dict[str, Any], state: dict[str, Any]
) -> str | None:
    """Why this identity cannot sign in here, or None."""
    if sign_on is None:
        return str(_("This sign-in is not set up."))
    sent = state.get(NONCE)
    returned = claims.get("nonce")
    if (
        state.get("process") != "login"
        or not isinstance(sent, str)
        or not isinstance(returned, str)
        or not hmac.compare_digest(sent, returned)
        or str(claims.get("iss", "")).rstrip("/") != sign_on.issuer.rstrip("/")
    ):
        return str(CANNOT_CHECK)
    email = claims.get("email")
    domains = set(sign_on.domains.values_list("domain", flat=True))
    if not isinstance(email, str) or domain_of(email) not in domains:
        return str(
            _(
                "%(provider)s can sign in only addresses ending in %(domains)s. "
                "Sign in with your own address on the sign-in page."
            )
            % {
                "provider": sign_on.name,
                "domains": ", ".join(f"@{domain}" for domain in sorted(domains)),
            }
        )
    if claims.get("email_verified") is not True:
        return str(
            _(
                "%(provider)s has not confirmed that %(email)s is yours, so we cannot "
                "sign you in with it. Ask your organisation's IT team."
            )
            % {"provider": sign_on.name, "email": email}
        )
    return None


def set_role(sign_on: SignOn, user: Any, claims: dict[str, Any]) -> None:
    """The person's role in the organisation, as the claim says today: given,
    changed, or taken away when no value maps to a role."""
    role = sign_on.role_for(claims)
    organisation = sign_on.organisation
    if role is None:
        Membership.objects.filter(user=user, organisation=organisation).delete()
        return
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    if membership is None:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    elif membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
