"""A person's language is asked once: on the sign-up form, or (for an account made
any other way) on their own page until they answer; their e-mails follow it, and
are in both languages until it is known."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.mail import BILINGUAL_RULE
from cocommission.organisations.models import Organisation
from tests.accounts.test_signin import latest_code

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-2026"
QUESTION_EN = "Which language should we use for your pages and e-mails?"
QUESTION_CY = "Pa iaith y dylem ei defnyddio ar gyfer eich tudalennau a'ch e-byst?"
SUBJECT = {"cy": "Gwiriwch eich cyfeiriad e-bost", "en-gb": "Check your e-mail address"}


def _page(response: Any) -> str:
    return html.unescape(" ".join(response.content.decode().split()))


def _browser(page_language: str) -> Client:
    """A browser whose pages are in ``page_language`` (as the switcher leaves it)."""
    client = Client()
    client.cookies["django_language"] = page_language
    return client


def _checked(page: str) -> list[str]:
    """The values of the language radios that are ticked."""
    inputs = re.findall(r"<input[^>]*>", page)
    return [
        re.search(r'value="([^"]*)"', tag).group(1)  # type: ignore[union-attr]
        for tag in inputs
        if 'name="preferred_language"' in tag and re.search(r"\bchecked\b", tag)
    ]


@pytest.mark.parametrize("page_language", ["cy", "en-gb"])
def test_the_sign_up_form_asks_the_language_preselecting_the_pages(
    page_language: str,
) -> None:
    page = _page(_browser(page_language).get(reverse("account_signup")))
    assert (QUESTION_CY if page_language == "cy" else QUESTION_EN) in page
    assert '<span lang="cy">Cymraeg</span>' in page
    assert '<span lang="en">English</span>' in page
    assert set(_checked(page)) == {page_language}


@pytest.mark.parametrize("page_language", ["cy", "en-gb"])
@pytest.mark.parametrize("chosen", ["cy", "en-gb"])
def test_signing_up_keeps_the_language_and_the_code_comes_in_it(
    page_language: str, chosen: str, django_capture_on_commit_callbacks: Any
) -> None:
    """Whatever language the page was in, the code that checks the address comes
    in the language chosen on the form, and only in it."""
    email = f"new-{page_language}-{chosen}@example.org"
    client = _browser(page_language)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "email": email,
                "password1": PASSWORD,
                "password2": PASSWORD,
                "preferred_language": chosen,
            },
        )
    assert response.status_code == 302
    assert User.objects.get(email=email).preferred_language == chosen
    (message,) = [m for m in mail.outbox if m.to == [email]]
    other = "en-gb" if chosen == "cy" else "cy"
    assert SUBJECT[chosen] in message.subject
    assert SUBJECT[other] not in message.subject + message.body
    assert BILINGUAL_RULE not in message.body
    # Checking the address signs them in: their own page does not ask again,
    # and is in their language whatever the browser said before.
    code = latest_code(email)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_email_verification_sent"), {"code": code})
    page = _page(client.get(reverse("participation:participation")))
    assert f'<html lang="{chosen}"' in page
    assert QUESTION_CY not in page and QUESTION_EN not in page


def test_a_wrong_language_on_the_sign_up_form_is_refused_keeping_what_was_typed(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            reverse("account_signup"),
            {
                "email": "keep@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "preferred_language": "fr",
            },
        )
    assert response.status_code == 200
    page = _page(response)
    assert "keep@example.org" in page
    assert not User.objects.filter(email="keep@example.org").exists()
    assert mail.outbox == []


def _sign_in_by_code(client: Client, email: str, capture: Any) -> None:
    with capture(execute=True):
        client.post(reverse("account_request_login_code"), {"email": email})
    code = latest_code(email)
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302


@pytest.mark.parametrize("page_language", ["cy", "en-gb"])
def test_an_account_made_without_the_form_is_asked_once_on_its_own_page(
    page_language: str, django_capture_on_commit_callbacks: Any
) -> None:
    """An account made by a team (an invitation) has no language: its mail is in
    both, its own page asks (proposing the page's language) until answered, and
    never again after; mail then comes in the language chosen."""
    email = "invited@example.org"
    User.objects.create_user(email=email)
    client = _browser(page_language)
    _sign_in_by_code(client, email, django_capture_on_commit_callbacks)
    first = next(m for m in mail.outbox if m.to == [email])
    assert BILINGUAL_RULE in first.body  # no language yet: both, Welsh first
    assert first.subject.index("Eich cod") < first.subject.index("Your sign-in code")

    page = _page(client.get(reverse("participation:participation")))
    assert QUESTION_CY in page if page_language == "cy" else QUESTION_EN in page
    assert set(_checked(page)) == {page_language}
    # Asked again on every visit until answered.
    assert set(_checked(_page(client.get(reverse("participation:participation"))))) == {
        page_language
    }

    answer = "en-gb" if page_language == "cy" else "cy"
    response = client.post(
        reverse("participation:language"), {"preferred_language": answer}
    )
    assert response.status_code == 302
    assert User.objects.get(email=email).preferred_language == answer
    for _ in range(2):
        page = _page(client.get(reverse("participation:participation")))
        assert QUESTION_CY not in page and QUESTION_EN not in page

    mail.outbox.clear()
    _sign_in_by_code(Client(), email, django_capture_on_commit_callbacks)
    (message,) = [m for m in mail.outbox if m.to == [email]]
    assert BILINGUAL_RULE not in message.body
    wanted, unwanted = (
        ("Eich cod", "Your sign-in code")
        if answer == "cy"
        else ("Your sign-in code", "Eich cod")
    )
    assert wanted in message.subject and unwanted not in message.subject


def test_someone_with_no_language_gets_both_and_the_page_says_so(
    django_capture_on_commit_callbacks: Any,
) -> None:
    User.objects.create_user(email="unknown@example.org")
    _sign_in_by_code(
        Client(), "unknown@example.org", django_capture_on_commit_callbacks
    )
    (message,) = [m for m in mail.outbox if m.to == ["unknown@example.org"]]
    welsh, english = message.body.split(BILINGUAL_RULE, 1)
    assert "Helo gan" in welsh and "Hello from" in english


def test_someone_the_team_adds_is_asked_on_the_page_they_land_on_then_never(
    people: dict[str, User],
    organisation: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """A colleague added by an admin has an account made for them; signing in
    takes them to their team's cycles, which ask the question once, in the
    banner, and bring them back there after answering."""
    admin = Client()
    admin.force_login(people["admin"])
    added = admin.post(
        reverse("organisations:member_add", kwargs={"org_slug": organisation.slug}),
        {"email": "colleague@example.org", "role": "commissioner"},
    )
    assert added.status_code == 302
    assert User.objects.get(email="colleague@example.org").preferred_language == ""

    client = _browser("cy")
    _sign_in_by_code(
        client, "colleague@example.org", django_capture_on_commit_callbacks
    )
    landing = client.get(reverse("home"), follow=True)
    cycles_url = landing.redirect_chain[-1][0]
    page = _page(landing)
    assert QUESTION_CY in page and set(_checked(page)) == {"cy"}
    action = re.search(r'<form method="post" action="([^"]*language[^"]*)"', page)
    assert action
    answered = client.post(html.unescape(action.group(1)), {"preferred_language": "cy"})
    assert answered.status_code == 302 and answered.url == cycles_url
    assert User.objects.get(email="colleague@example.org").preferred_language == "cy"
    for url in (cycles_url, reverse("participation:participation")):
        page = _page(client.get(url))
        assert QUESTION_CY not in page and QUESTION_EN not in page
