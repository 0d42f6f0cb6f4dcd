from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def _signup(client: Client, **extra: str) -> object:
    data = {
        "email": "new.person@example.org",
        "password1": "correct-horse-battery-2026",
        "password2": "correct-horse-battery-2026",
        **extra,
    }
    return client.post(reverse("account_signup"), data)


def test_sign_up_mail_is_sent_only_after_the_transaction_commits(
    client: Client, django_capture_on_commit_callbacks: object
) -> None:
    """The verification e-mail is queued on commit, so a rolled-back sign-up sends
    nothing, and a committed one sends exactly one message."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:  # type: ignore[operator]
        _signup(client)
    assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1
    assert "new.person@example.org" in mail.outbox[0].to


def test_sign_up_honeypot_stops_bots(
    client: Client, django_capture_on_commit_callbacks: object
) -> None:
    """A sign-up filling the hidden honeypot creates no account and sends no mail."""
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        _signup(client, website="http://spam.example")
    assert not User.objects.filter(email="new.person@example.org").exists()
    assert mail.outbox == []


def test_login_by_code_signs_a_citizen_in_without_a_password(
    client: Client,
    django_capture_on_commit_callbacks: object,
    make_member: object,
    organisation: Organisation,
) -> None:
    """A citizen without a password asks for a code, gets it and is signed in."""
    citizen = make_member(
        "citizen", organisation, email="citizen@example.org", password=None
    )  # type: ignore[operator]
    assert not citizen.has_usable_password()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = client.post(
            reverse("account_request_login_code"), {"email": "citizen@example.org"}
        )
    assert response.status_code == 302
    body = mail.outbox[0].body
    # The mail names the service: never "Hello from !" (no site name). Nobody has
    # chosen a language for this address yet, so it comes in Welsh, then English.
    assert body.startswith("Helo gan CoCommission,")
    assert "\nHello from CoCommission," in body
    assert "from !" not in body and "using !" not in body
    assert mail.outbox[0].subject.startswith("[CoCommission] ")
    code = re.search(r"^\s*(\d{6})\s*$", body, re.MULTILINE).group(1)  # type: ignore[union-attr]
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("participation:participation")).context["user"] == citizen
