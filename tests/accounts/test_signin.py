"""Sign-in codes under the real limits (``RATE_LIMIT_DEFAULTS``): a room of 40 on one
library's wifi all join within 10 minutes, while a script can neither mail hundreds
of codes, flood one inbox, nor guess a code; and typing an address makes no account.

The test settings switch limits off for the rest of the suite; every test here that
is about limits switches the shipped ones back on (``real_limits``). Time moves with
time-machine, which the rate limits' clocks and the cache's expiry both follow.
"""

from __future__ import annotations

import datetime
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any
from urllib.parse import urlencode

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from cocommission.accounts.models import User
from cocommission.accounts.signin import (
    GUESSES_PAUSED_DAY,
    GUESSES_PAUSED_HOUR,
    TOO_MANY_CODES,
    guess_take,
    guesses_paused,
)
from cocommission.organisations.models import Organisation
from panels.models import Panel, Recruitment, Volunteer
from panels.services import panel_invite
from tests.accounts.factories import PASSWORD, UserFactory
from tests.panels.factories import PanelFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 18, 0, tzinfo=datetime.UTC)
LIBRARY = "198.51.100.20"
PROXY = "10.0.0.2"
Capture = Callable[..., AbstractContextManager[Any]]


@pytest.fixture
def real_limits(settings: Any) -> None:
    """The limits production ships with, instead of the suite's "off"."""
    for name, value in django_settings.RATE_LIMIT_DEFAULTS.items():
        setattr(settings, name, value)


@pytest.fixture
def clock() -> Iterator[Any]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def panel(organisation: Organisation) -> Panel:
    """A citizens' panel looking for volunteers on the public "get involved" page."""
    return PanelFactory(
        organisation=organisation,
        name="Library users' panel",
        recruitment=Recruitment.SELECTION,
        is_open_for_volunteers=True,
    )


def latest_code(email: str) -> str:
    body = next(m.body for m in reversed(mail.outbox) if m.to == [email])
    match = re.search(r"^\s*(\d{6})\s*$", body, re.MULTILINE)
    assert match, body
    return match.group(1)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def confirm_url(next_url: str) -> str:
    return reverse("account_confirm_login_code") + "?" + urlencode({"next": next_url})


def ask_to_join(client: Client, panel: Panel, email: str, capture: Capture) -> Any:
    with capture(execute=True):
        return client.post(panel.get_join_url(), {"email": email})


class Reader:
    """One person in the library room, with their own browser, taking the steps of
    joining: the "get involved" page, their address (twice, for one in five, whose
    first code is slow to come), a mistyped code (one in four), the code, "I agree".
    """

    def __init__(self, n: int, panel: Panel, capture: Capture) -> None:
        self.client = Client(REMOTE_ADDR=LIBRARY)
        self.email = f"reader{n}@library.example"
        self.asks_twice = n % 5 == 0
        self.mistypes = n % 4 == 0
        self.panel = panel
        self.capture = capture
        self.join_url = panel.get_join_url()
        self.statuses: list[int] = []

    def asks_for_a_code(self, clock: Any) -> None:
        involved = self.client.get(
            reverse(
                "taking_part:get_involved",
                kwargs={"org_slug": self.panel.organisation.slug},
            )
        )
        assert self.join_url in involved.content.decode()
        self.statuses += [
            involved.status_code,
            self.client.get(self.join_url).status_code,
        ]
        for _ in range(2 if self.asks_twice else 1):
            response = ask_to_join(self.client, self.panel, self.email, self.capture)
            self.statuses.append(response.status_code)
            clock.shift(1)

    def types_the_code(self, clock: Any) -> None:
        code = latest_code(self.email)
        if self.mistypes:
            response = self.client.post(
                confirm_url(self.join_url), {"code": wrong(code), "next": self.join_url}
            )
            self.statuses.append(response.status_code)
            clock.shift(1)
        response = self.client.post(
            confirm_url(self.join_url), {"code": code, "next": self.join_url}
        )
        self.statuses.append(response.status_code)
        assert response.status_code != 302 or response.url == self.join_url

    def agrees(self) -> None:
        response = self.client.post(self.join_url, {"consent_panel": "yes"})
        self.statuses.append(response.status_code)

    @property
    def expected(self) -> list[int]:
        return [
            200,
            200,
            *[302] * (2 if self.asks_twice else 1),
            *([200] if self.mistypes else []),
            302,
            302,
        ]


def assert_all_joined(readers: list[Reader], panel: Panel) -> None:
    assert [r.statuses for r in readers] == [r.expected for r in readers]
    joined = Volunteer.objects.filter(
        panel=panel, user__email__endswith="library.example"
    )
    assert joined.count() == 40
    assert User.objects.filter(email__endswith="library.example").count() == 40


def test_forty_people_on_one_library_connection_join_one_after_another(
    real_limits: None,
    clock: Any,
    panel: Panel,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    """40 people on one address, one every 15 seconds or so over 10 minutes, each
    asking for a code, typing it and agreeing: nobody is refused."""
    readers = [Reader(n, panel, django_capture_on_commit_callbacks) for n in range(40)]
    for reader in readers:
        reader.asks_for_a_code(clock)
        clock.shift(5)
        reader.types_the_code(clock)
        clock.shift(5)
        reader.agrees()
        clock.shift(4)
    assert_all_joined(readers, panel)


def test_forty_people_on_one_library_connection_join_all_at_once(
    real_limits: None,
    clock: Any,
    panel: Panel,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    """A facilitated session: all 40 ask for a code within about 80 seconds, then
    all type it within the next 80, then all agree: nobody is refused (the old 30
    anonymous POSTs and 10 sign-ins a minute turned much of the room away)."""
    readers = [Reader(n, panel, django_capture_on_commit_callbacks) for n in range(40)]
    for step in ("asks_for_a_code", "types_the_code"):
        for reader in readers:
            getattr(reader, step)(clock)
            clock.shift(1)
    for reader in readers:
        reader.agrees()
        clock.shift(2)
    assert_all_joined(readers, panel)


def test_a_script_cannot_mail_hundreds_of_addresses_from_one_connection(
    real_limits: None,
    clock: Any,
    panel: Panel,
    django_capture_on_commit_callbacks: Capture,
    settings: Any,
) -> None:
    """From one address, made-up X-Forwarded-For entries or not, codes stop at 60
    in 10 minutes on every page that sends them, and at 200 in a day."""
    settings.TRUSTED_PROXY_COUNT = 1

    def script(n: int) -> Client:
        return Client(
            REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.{n % 250}, {LIBRARY}"
        )

    statuses = [
        ask_to_join(
            script(n), panel, f"bot{n}@example.net", django_capture_on_commit_callbacks
        ).status_code
        for n in range(100)
    ]
    assert statuses == [302] * 60 + [429] * 40
    assert len(mail.outbox) == 60
    refused = ask_to_join(
        script(1), panel, "bot-x@example.net", django_capture_on_commit_callbacks
    )
    assert str(TOO_MANY_CODES) in refused.content.decode()
    elsewhere = script(2).post(
        reverse("account_request_login_code"), {"email": "bot-y@example.net"}
    )
    assert elsewhere.context["form"].errors["email"] == [str(TOO_MANY_CODES)]

    sent = 60
    for _ in range(4):
        clock.shift(10 * 60 + 1)
        for n in range(60):
            response = ask_to_join(
                script(n),
                panel,
                f"bot{sent}@example.net",
                django_capture_on_commit_callbacks,
            )
            sent += response.status_code == 302
    assert sent == 200
    assert len(mail.outbox) == 200
    clock.shift(datetime.timedelta(days=1))
    assert (
        ask_to_join(
            script(3), panel, "next-day@example.net", django_capture_on_commit_callbacks
        ).status_code
        == 302
    )


def test_one_inbox_cannot_be_flooded_from_any_page(
    real_limits: None,
    clock: Any,
    panel: Panel,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    """Codes to one address, from many connections and from every page that sends
    them (joining, "get a sign-in code", checking a new sign-up's address), share
    one budget: 3 in 10 minutes, 10 in a day."""
    capture = django_capture_on_commit_callbacks
    email = "new.person@example.org"
    connections = iter(f"203.0.113.{n}" for n in range(1, 250))

    def from_anywhere() -> Client:
        return Client(REMOTE_ADDR=next(connections))

    with capture(execute=True):
        signup = from_anywhere().post(
            reverse("account_signup"),
            {"email": email, "password1": PASSWORD, "password2": PASSWORD},
        )
    assert signup.status_code == 302
    with capture(execute=True):
        request_page = from_anywhere().post(
            reverse("account_request_login_code"), {"email": email}
        )
    assert request_page.status_code == 302
    assert ask_to_join(from_anywhere(), panel, email, capture).status_code == 302
    assert len([m for m in mail.outbox if m.to == [email]]) == 3

    refused = ask_to_join(from_anywhere(), panel, email, capture)
    assert refused.status_code == 429
    assert str(TOO_MANY_CODES) in refused.content.decode()
    with capture(execute=True):
        again = from_anywhere().post(
            reverse("account_request_login_code"), {"email": email}
        )
    assert again.context["form"].errors["email"] == [str(TOO_MANY_CODES)]
    assert len([m for m in mail.outbox if m.to == [email]]) == 3

    sent = 3
    for _ in range(4):
        clock.shift(10 * 60 + 1)
        for _ in range(3):
            sent += (
                ask_to_join(from_anywhere(), panel, email, capture).status_code == 302
            )
    assert sent == 10
    assert len([m for m in mail.outbox if m.to == [email]]) == 10


def test_a_new_code_does_not_give_new_tries(
    real_limits: None,
    clock: Any,
    panel: Panel,
    organisation: Organisation,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    """Someone guessing at another person's code, asking for new codes from new
    connections, gets 10 tries an hour in all; then even the right code is refused
    with a clear message, no new code is sent, and an hour later the person can
    sign in as usual."""
    capture = django_capture_on_commit_callbacks
    person = UserFactory(email="citizen@example.org")
    join_url = panel.get_join_url()
    tries = 0
    for round_ in range(4):
        clock.shift(4 * 60)
        guesser = Client(REMOTE_ADDR=f"192.0.2.{round_}")
        assert ask_to_join(guesser, panel, person.email, capture).status_code == 302
        code = latest_code(person.email)
        for _ in range(3 if round_ < 3 else 1):
            response = guesser.post(confirm_url(join_url), {"code": wrong(code)})
            tries += 1
            assert response.status_code in (200, 302)
    assert tries == 10
    response = guesser.post(confirm_url(join_url), {"code": code, "next": join_url})
    assert response.status_code == 429
    assert str(GUESSES_PAUSED_HOUR) in response.content.decode()
    assert "_auth_user_id" not in guesser.session

    before = len(mail.outbox)
    paused = ask_to_join(Client(REMOTE_ADDR="192.0.2.99"), panel, person.email, capture)
    assert paused.status_code == 429
    assert str(GUESSES_PAUSED_HOUR) in paused.content.decode()
    assert len(mail.outbox) == before

    clock.shift(60 * 60)
    owner = Client(REMOTE_ADDR="203.0.113.50")
    assert ask_to_join(owner, panel, person.email, capture).status_code == 302
    response = owner.post(
        confirm_url(join_url), {"code": latest_code(person.email), "next": join_url}
    )
    assert response.url == join_url
    assert owner.session["_auth_user_id"] == str(person.pk)


def test_a_day_of_wrong_codes_pauses_until_tomorrow(clock: Any, settings: Any) -> None:
    """Past 30 wrong codes in a day, code sign-in for the account waits for the
    next day, and the message says so."""
    settings.ACCOUNT_RATE_LIMITS = django_settings.RATE_LIMIT_DEFAULTS[
        "ACCOUNT_RATE_LIMITS"
    ]
    request = RequestFactory().post("/")
    taken = 0
    for _hour in range(4):
        taken += sum(
            guess_take(request, email="a@example.org", user=None) is not None
            for _ in range(12)
        )
        clock.shift(60 * 60 + 1)
    assert taken == 30
    assert guesses_paused(request, email="A@example.org") == str(GUESSES_PAUSED_DAY)
    clock.shift(datetime.timedelta(hours=20))
    assert guesses_paused(request, email="a@example.org") is None


def test_parallel_tries_cannot_beat_the_count(settings: Any) -> None:
    """Tries fired in parallel (the per-code count lives in the session and races)
    are counted under a lock in the shared cache: never more than 10 get through."""
    settings.ACCOUNT_RATE_LIMITS = django_settings.RATE_LIMIT_DEFAULTS[
        "ACCOUNT_RATE_LIMITS"
    ]
    if django_settings.REDIS_URL:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": django_settings.REDIS_URL,
            }
        }
    from django.core.cache import cache

    cache.clear()
    request = RequestFactory().post("/")
    results: list[bool] = []
    start = threading.Barrier(30)

    def try_once() -> None:
        start.wait()
        usage = guess_take(request, email="target@example.org", user=None)
        results.append(usage is not None)

    threads = [threading.Thread(target=try_once) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 30
    assert 1 <= sum(results) <= 10
    cache.clear()


@given(email=st.emails())
@hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_typing_an_address_makes_no_account(
    panel: Panel, django_capture_on_commit_callbacks: Capture, email: str
) -> None:
    """Any address typed on the join page gets a code and nothing else: no account
    and no address record until the code comes back."""
    users, addresses = User.objects.count(), EmailAddress.objects.count()
    response = ask_to_join(Client(), panel, email, django_capture_on_commit_callbacks)
    assert response.status_code in (302, 400)
    assert (User.objects.count(), EmailAddress.objects.count()) == (users, addresses)


def test_the_account_is_made_when_the_code_is_typed(
    client: Client, panel: Panel, django_capture_on_commit_callbacks: Capture
) -> None:
    """A wrong code makes nothing; the right one makes the account, with its
    address checked, and signs the person in."""
    join_url = panel.get_join_url()
    ask_to_join(client, panel, "Sam@Example.org", django_capture_on_commit_callbacks)
    code = latest_code("sam@example.org")
    client.post(confirm_url(join_url), {"code": wrong(code), "next": join_url})
    assert not User.objects.filter(email__iexact="sam@example.org").exists()
    response = client.post(confirm_url(join_url), {"code": code, "next": join_url})
    assert response.url == join_url
    user = User.objects.get(email="sam@example.org")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert (
        EmailAddress.objects.filter(user=user, verified=True, primary=True).count() == 1
    )


def test_get_a_sign_in_code_makes_no_account_for_an_unknown_address(
    client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    """allauth's own page tells an unknown address it has no account; it makes none."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": "who@example.org"})
    assert not User.objects.filter(email="who@example.org").exists()
    assert not re.search(r"^\s*\d{6}\s*$", mail.outbox[-1].body, re.MULTILINE)


def test_someone_the_team_invited_signs_in_by_code(
    client: Client,
    panel: Panel,
    organisation: Organisation,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    """An account the team made by inviting an address (no address record yet)
    signs in with its first code, its address then counted as checked."""
    (member,) = panel_invite(
        panel=PanelFactory(organisation=organisation), emails=["kim@example.org"]
    )
    assert not EmailAddress.objects.filter(user=member.user).exists()
    join_url = panel.get_join_url()
    ask_to_join(client, panel, "kim@example.org", django_capture_on_commit_callbacks)
    response = client.post(
        confirm_url(join_url),
        {"code": latest_code("kim@example.org"), "next": join_url},
    )
    assert response.url == join_url
    assert client.session["_auth_user_id"] == str(member.user.pk)
    assert EmailAddress.objects.get(user=member.user).verified


@override_settings(ACCOUNT_RATE_LIMITS={"login_code_guess": "10/h/key,30/d/key"})
def test_checking_a_new_address_counts_tries_too(
    client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    """The code that checks a new sign-up's address draws on the same tries as
    sign-in codes: with them spent, even the right code is refused."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {"email": "pat@example.org", "password1": PASSWORD, "password2": PASSWORD},
        )
    user = User.objects.get(email="pat@example.org")
    request = RequestFactory().post("/")
    for _ in range(10):
        assert guess_take(request, email="pat@example.org", user=user) is not None
    response = client.post(
        reverse("account_email_verification_sent"),
        {"code": latest_code("pat@example.org")},
    )
    assert str(GUESSES_PAUSED_HOUR) in response.content.decode()
    assert not EmailAddress.objects.get(user=user).verified
