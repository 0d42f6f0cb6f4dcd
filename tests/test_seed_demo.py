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
    """Each printed demo login has a verified address and the documented password;
    the demo volunteers have verified addresses and sign in by code only."""
    from cocommission.demo.data import seed_demo

    logins = {login.email for login in seed_demo()}
    volunteers = User.objects.filter(email__startswith="volunteer")
    assert volunteers.count() == 40
    for user in volunteers:
        assert not user.has_usable_password()
        assert user.emailaddress_set.get().verified
    for user in User.objects.filter(email__in=logins):
        assert user.check_password(settings.COCOMMISSION_DEMO_PASSWORD)  # type: ignore[attr-defined]
        assert user.emailaddress_set.get().verified


def test_demo_cycles_follow_the_worked_examples() -> None:
    """The Lambeth-style cycle is public and in Do with done co-produced activities
    and published decisions; the carers' cycle is early in Analyse."""
    call_command("seed_demo")
    living_well = Cycle.objects.get(title__startswith="Living Well")
    assert living_well.phases.get(is_current=True).phase == "do"
    assert living_well.visibility == "public"
    assert living_well.activities.filter(status="done").count() >= 4
    assert living_well.decisions.filter(is_published=True, kind="priority").exists()
    carers = Cycle.objects.get(title="Support for unpaid carers")
    assert carers.phases.get(is_current=True).phase == "analyse"
    lambeth = living_well.organisation
    assert lambeth.gate_checks.count() >= 4
    assert lambeth.principles.count() == 6


def test_demo_meetings_list_the_seated_members_for_attendance() -> None:
    """The demo's seats date from before its meetings (the monitoring ones are on
    fixed dates), so every meeting of the citizens' panel lists its ten members."""
    from panels.meetings import meeting_roll
    from panels.models import Panel

    call_command("seed_demo")
    panel = Panel.objects.get(name="Living Well citizens' panel")
    assert panel.members.seated().count() == 10
    meetings = list(panel.meetings.all())
    assert len(meetings) >= 4
    for meeting in meetings:
        assert len(meeting_roll(meeting)) == 10, meeting.title
