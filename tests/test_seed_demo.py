from __future__ import annotations

import pytest
from django.core.management import call_command

from cocommission.accounts.models import User
from cocommission.organisations.models import Membership, Organisation, Role
from cycles.models import Cycle

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int, int]:
    return (
        User.objects.count(),
        Organisation.objects.count(),
        Membership.objects.count(),
        Cycle.objects.count(),
    )


def test_seed_demo_is_idempotent_and_covers_every_role(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Seeding twice changes nothing, and there is a demo login for each role."""
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first
    assert set(Membership.objects.values_list("role", flat=True)) == {
        role.value for role in Role
    }
    output = capsys.readouterr().out
    assert "commissioner@lambeth.example" in output
    assert "citizen@lambeth.example" in output


def test_demo_logins_can_sign_in_with_the_printed_password(
    client: object, settings: object
) -> None:
    """Each demo account has a verified address and the documented password."""
    call_command("seed_demo")
    for user in User.objects.all():
        assert user.check_password(settings.COCOMMISSION_DEMO_PASSWORD)  # type: ignore[attr-defined]
        assert user.emailaddress_set.get().verified
