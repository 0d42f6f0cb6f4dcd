"""Signing in through the test identity provider with Django's test client."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from django.http import HttpResponse
from django.test import Client

from tests.idp.fixtures import IdentityProvider


def to_provider(client: Client, email: str, *, page: str = "/accounts/login/") -> str:
    """Type the address on a sign-in page, press the one button: the provider's
    authorisation address we are sent to."""
    field = "login" if page == "/accounts/login/" else "email"
    shown = client.post(page, {field: email})
    assert shown.status_code == 200, shown.status_code
    assert 'action="/accounts/sign-on/start/"' in shown.text
    started = client.post("/accounts/sign-on/start/", {"email": email})
    assert started.status_code == 302
    return str(started["Location"])


def at_provider(provider: IdentityProvider, authorize_url: str) -> str:
    """Sign in at the provider and come back: the callback address it sends to."""
    session = provider.signed_in_session()
    answer = session.get(authorize_url, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text[:500]
    return str(answer.headers["Location"])


def come_back(client: Client, callback: str) -> HttpResponse:
    parts = urlsplit(callback)
    assert parts.netloc == "testserver", callback
    response: HttpResponse = client.get(f"{parts.path}?{parts.query}")
    return response


def sign_in(client: Client, provider: IdentityProvider, email: str) -> HttpResponse:
    return come_back(client, at_provider(provider, to_provider(client, email)))


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
