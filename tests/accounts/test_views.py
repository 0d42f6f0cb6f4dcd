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
    code = re.search(r"^\s*(\d{6})\s*$", mail.outbox[0].body, re.MULTILINE).group(1)  # type: ignore[union-attr]
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("accounts:participation")).context["user"] == citizen


def test_participation_page_needs_sign_in(client: Client) -> None:
    """Anonymous visitors are sent to sign in first."""
    response = client.get(reverse("accounts:participation"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_participation_page_lists_only_the_persons_own_memberships(
    client: Client,
    people: dict[str, User],
    other_organisation: Organisation,
    make_member: object,
) -> None:
    """A citizen sees where they take part, and nothing about other people."""
    make_member("citizen", other_organisation, email="someone.else@example.org")  # type: ignore[operator]
    client.force_login(people["citizen"])
    response = client.get(reverse("accounts:participation"))
    content = response.content.decode()
    assert "Northshire Council" in content
    assert "Southvale Health Partnership" not in content
    assert "someone.else@example.org" not in content


def test_participation_page_query_count_is_flat(
    client: Client,
    django_assert_num_queries: object,
    make_member: object,
    organisation: Organisation,
) -> None:
    """The page costs the same number of queries with 1 or 20 memberships."""
    from tests.organisations.factories import MembershipFactory, OrganisationFactory

    person = make_member("citizen", organisation)  # type: ignore[operator]
    client.force_login(person)
    client.get(reverse("accounts:participation"))
    with django_assert_num_queries(8) as few:  # type: ignore[operator]
        client.get(reverse("accounts:participation"))
    for _ in range(19):
        MembershipFactory(user=person, organisation=OrganisationFactory())
    with django_assert_num_queries(len(few.captured_queries)):  # type: ignore[operator]
        client.get(reverse("accounts:participation"))
