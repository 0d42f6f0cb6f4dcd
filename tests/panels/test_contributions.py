"""What panels register with cycles from ``PanelsConfig.ready``: cycles cannot
import panels, so these prove the registrations are made and used."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from cycles import contributions
from cycles.models import GateRule, Phase
from cycles.services import decision_record
from panels.models import PanelMember, Purpose
from panels.services import consent_record
from tests.cycles.factories import CycleFactory
from tests.panels.factories import PanelFactory, consenting_citizen

pytestmark = pytest.mark.django_db


def test_panels_offer_a_carry_over_and_the_panel_met_gate_rule() -> None:
    """A recommissioned cycle can bring its panels, after its outcomes, and the
    "a panel has met" gate rule is worked out by panels."""
    assert [c.name for c in contributions.carry_overs()] == ["outcomes", "panels"]
    assert contributions.gate_test(GateRule.PANEL_MET) is not None


def test_a_published_decision_is_emailed_to_the_cycles_panel_members(
    organisation: Organisation,
    people: dict[str, User],
    django_capture_on_commit_callbacks: Any,
) -> None:
    """A decision published in a cycle reaches the members of the cycle's panels
    who agreed to be contacted, once the decision is committed."""
    cycle = CycleFactory(organisation=organisation)
    panel = PanelFactory(organisation=organisation, cycle=cycle)
    member = consenting_citizen(organisation)
    consent_record(
        user=member, organisation=organisation, purpose=Purpose.CONTACT, given=True
    )
    PanelMember.objects.create(
        panel=panel,
        user=member,
        status="active",
        responded_at=timezone.now() - datetime.timedelta(days=1),
    )
    decider = people["decision_maker"]
    with django_capture_on_commit_callbacks(execute=True):
        decision_record(
            cycle=cycle,
            by=decider,
            phase=Phase.ANALYSE,
            title="Keep the drop-in open",
            decided="Open on Saturdays too",
            decided_by=decider,
            decided_on=timezone.localdate(),
        )
    assert [m.to for m in mail.outbox] == [[member.email]]
