"""Switching on an authenticator app, as a member of staff does it through the pages."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client

from cocommission.accounts.models import User
from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db

#: The last second of a 30-second step, as a slow typist sends their code.
LATE = datetime.datetime(2026, 3, 2, 18, 0, 29, tzinfo=datetime.UTC)


def _activation_page(client: Client) -> str:
    """Confirm the password, then open the page with the secret to scan."""
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    found = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page.text)
    if not found:
        found = re.search(
            r'value="([A-Z2-7]+)"[^>]*id="authenticator_secret"', page.text
        )
    assert found, "the activation page shows no secret"
    return found.group(1)


@pytest.mark.parametrize(("steps_late", "accepted"), [(0, True), (1, True), (2, False)])
def test_a_code_typed_as_its_step_ends_is_still_accepted(
    people: dict[str, User], steps_late: int, accepted: bool
) -> None:
    """A code from the step before the server's (typed at the end of its 30
    seconds, arriving in the next) switches two-step verification on; one two
    steps old is refused with a message by the field."""
    user = people["commissioner"]
    client = Client()
    client.force_login(user)
    with time_machine.travel(LATE, tick=False) as clock:
        secret = _activation_page(client)
        code = format_hotp_value(hotp_value(secret, int(LATE.timestamp()) // 30))
        clock.shift(datetime.timedelta(seconds=30 * steps_late))
        response = client.post("/accounts/2fa/totp/activate/", {"code": code})
    switched_on = Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).exists()
    assert switched_on is accepted
    if not accepted:
        assert response.status_code == 200
        assert "Incorrect code" in response.text
