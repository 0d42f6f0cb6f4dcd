"""Sending a person of an organisation's domain to its provider.

The sign-in and "send me a code" forms call ``sign_on_for`` with the address typed;
when it belongs to an organisation with sign-on, they answer with
``continue_page``: one button that starts the provider's sign-in (``start``). The
page's Content-Security-Policy lets that one form go to that one provider."""

from __future__ import annotations

import secrets

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.base import AuthProcess
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import SignOn, domain_of

#: Where the nonce sent to the provider waits in allauth's sign-in state.
NONCE = "cocommission_nonce"


def sign_on_for(email: str | None) -> SignOn | None:
    """The sign-on of the organisation the address's domain belongs to, if any."""
    domain = domain_of(email or "")
    if not domain:
        return None
    return (
        SignOn.objects.select_related("organisation")
        .filter(domains__domain=domain)
        .first()
    )


def continue_page(
    request: HttpRequest, sign_on: SignOn, *, email: str, next_url: str
) -> HttpResponse:
    """The page saying where the person is going, whose one button goes there."""
    response = render(
        request,
        "signon/continue.html",
        {"sign_on": sign_on, "email": email, "next_url": next_url},
    )
    allow_form_to(response, sign_on)
    return response


def allow_form_to(response: HttpResponse, sign_on: SignOn) -> None:
    """This response's forms may go to this organisation's provider (and no
    other): the form goes here, and the answer redirects there, which browsers
    check against the form page's ``form-action``."""
    response._csp_update = {"form-action": [sign_on.origin]}  # type: ignore[attr-defined]


def start(
    request: HttpRequest, sign_on: SignOn, *, email: str, next_url: str | None
) -> HttpResponse:
    """Redirect to the provider's sign-in, with a fresh state (allauth's) and a
    nonce the id token must carry back."""
    provider = get_adapter(request).get_provider(request, sign_on.provider_id)
    nonce = secrets.token_urlsafe(32)
    auth_params = {"nonce": nonce}
    if email:
        auth_params["login_hint"] = email
    response: HttpResponse = provider.redirect(
        request,
        AuthProcess.LOGIN,
        next_url=next_url or None,
        auth_params=auth_params,
        **{NONCE: nonce},
    )
    return response
