from __future__ import annotations

import pytest
import time_machine
from django.conf import settings as django_settings
from django.test import Client, override_settings
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from tests.organisations.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name", ["landing", "pages:accessibility", "pages:privacy", "pages:cookies"]
)
def test_public_pages_open_without_signing_in(client: Client, name: str) -> None:
    """The landing page and the legal pages answer GET and HEAD for anyone."""
    assert client.get(reverse(name)).status_code == 200
    assert client.head(reverse(name)).status_code == 200


def test_unknown_pages_get_a_helpful_404(client: Client) -> None:
    """A wrong address gets the service's own not-found page."""
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_every_page_has_a_strict_content_security_policy(client: Client) -> None:
    """Scripts and styles may only come from our own origin: nothing inline."""
    policy = client.get(reverse("landing"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "unsafe" not in policy


@pytest.mark.parametrize(
    ("role", "destination"),
    [
        ("admin", "cycles"),
        ("commissioner", "cycles"),
        ("decision_maker", "cycles"),
        ("provider", "participation"),
        ("citizen", "participation"),
        ("outsider", "participation"),
    ],
)
def test_home_sends_each_role_to_its_page(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    role: str,
    destination: str,
) -> None:
    """The team goes to its cycles; everyone else to their participation page."""
    client.force_login(people[role])
    expected = {
        "cycles": reverse("cycles:list", kwargs={"org_slug": organisation.slug}),
        "participation": reverse("participation:participation"),
    }[destination]
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == expected


def test_home_lets_people_in_several_teams_choose(
    client: Client, people: dict[str, User]
) -> None:
    """A commissioner working for two bodies chooses between them."""
    commissioner = people["commissioner"]
    MembershipFactory(
        user=commissioner,
        organisation=OrganisationFactory(name="Eastmere Council"),
        role="commissioner",
    )
    client.force_login(commissioner)
    content = client.get(reverse("home")).content.decode()
    assert "Northshire Council" in content and "Eastmere Council" in content


def test_healthz_reports_database_and_redis(client: Client, settings: object) -> None:
    """Health checks answer 200 with each dependency's state."""
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"


def test_healthz_says_degraded_when_only_redis_is_unreachable(client: Client) -> None:
    """An unreachable Redis is "degraded", 200: citizens can still answer."""
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["redis"].startswith("error")
    assert "citizens can still" in body["message"]


@override_settings(RATELIMIT_ANONYMOUS_POST_RATE="3/m")
def test_anonymous_posts_are_rate_limited(client: Client) -> None:
    """Past the limit, anonymous POSTs get 429 with a page that explains what to do."""
    statuses = [
        client.post(reverse("account_signup"), {"email": "x"}).status_code
        for _ in range(4)
    ]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3] == 429
    assert "Too many tries" in client.post(reverse("account_signup")).content.decode()


@override_settings(RATELIMIT_LOGIN_RATE="2/m")
def test_sign_in_has_its_own_tighter_limit(client: Client) -> None:
    """Repeated sign-in attempts hit a tighter limit than other anonymous forms."""
    data = {"login": "someone@example.org", "password": "wrong-password-123"}
    statuses = [
        client.post(reverse("account_login"), data).status_code for _ in range(3)
    ]
    assert statuses == [200, 200, 429]


@override_settings(RATELIMIT_ANONYMOUS_POST_RATE="1/m")
def test_signed_in_posts_are_not_limited_by_the_anonymous_budget(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """The anonymous budget applies only to people who are not signed in."""
    client.force_login(people["admin"])
    url = reverse("organisations:member_add", kwargs={"org_slug": organisation.slug})
    statuses = {client.post(url, {"email": "bad"}).status_code for _ in range(3)}
    assert statuses == {200}


@time_machine.travel("2026-03-02 18:00:00+00:00", tick=False)
def test_the_shipped_budgets_hold_a_room_but_not_a_flood(
    settings: object,
) -> None:
    """Per address, 300 anonymous POSTs in 10 minutes go through (a room of 40
    joining needs about 120, in bursts) and the 301st is refused; the sign-in pages
    take 150 of them. Both come back when the 10 minutes are over."""
    for name, value in django_settings.RATE_LIMIT_DEFAULTS.items():
        setattr(settings, name, value)
    client = Client(REMOTE_ADDR="198.51.100.20")
    sign_in = [
        client.post(reverse("account_request_login_code"), {"email": "x"}).status_code
        for _ in range(151)
    ]
    assert sign_in == [200] * 150 + [429]
    other = [client.post(reverse("landing")).status_code for _ in range(150)]
    assert other == [405] * 149 + [429]
    with time_machine.travel("2026-03-02 18:10:01+00:00", tick=False):
        assert client.post(reverse("landing")).status_code == 405
        assert (
            client.post(reverse("account_request_login_code"), {"email": "x"})
        ).status_code == 200
