"""Every role has a home that leads to its work (issue #16): a provider's
representative and a citizen on a monitoring panel, signing in, land on a page
that lists their contracts with what waits on them; every link there opens for
them, and nobody sees a contract that is not theirs."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from contracts.monitoring import monitoring_meeting_arrange
from contracts.returns import return_query, return_submit
from panels.models import Meeting, Panel, PanelMember
from tests.contracts.factories import make_contract, make_indicators, make_provider
from tests.panels.factories import consenting_citizen

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(organisation: Organisation, people: dict[str, User]) -> dict[str, Any]:
    panel = Panel.objects.create(
        organisation=organisation, name="Service-user monitors", kind="user_group"
    )
    monitor = consenting_citizen(organisation, email="monitor@example.org")
    PanelMember.objects.create(panel=panel, user=monitor, status="active")
    former = consenting_citizen(organisation, email="former@example.org")
    PanelMember.objects.create(panel=panel, user=former, status="stepped_down")
    provider = make_provider(
        organisation, "Peer Pathways", representatives=[people["provider"].email]
    )
    ours = make_contract(
        organisation,
        providers=[provider],
        title="Peer support",
        monitoring_panel=panel,
    )
    theirs = make_contract(organisation, title="Library outreach")
    indicator = make_indicators(organisation, people["commissioner"], ["Groups run"])[0]
    ours.indicators.add(indicator)
    sent = return_submit(
        contract=ours,
        provider=provider,
        period_end=datetime.date(2026, 6, 30),
        figures={indicator: Decimal(12)},
        note="",
        by=people["provider"],
    )
    return_query(
        provider_return=sent,
        question="Twelve groups, or twelve sessions?",
        by=people["commissioner"],
    )
    meeting = Meeting(
        title="Autumn monitoring",
        starts_at=timezone.now() + datetime.timedelta(days=10),
    )
    monitoring_meeting_arrange(contract=ours, meeting=meeting)
    return {
        "ours": ours,
        "theirs": theirs,
        "monitor": monitor,
        "former": former,
        "returned": sent,
    }


def _home(user: User) -> tuple[Client, str]:
    client = Client()
    client.force_login(user)
    response = client.get("/home/", follow=True)
    assert response.status_code == 200
    return client, re.sub(r"\s+", " ", response.content.decode())


def _section(page: str) -> str:
    if "Your contracts" not in page:
        return ""
    return page.split("Your contracts")[1].split('<h2 class="govuk-heading-m">')[0]


def _links(section: str) -> list[str]:
    return re.findall(r'href="(/[^"]+)"', section)


def test_a_provider_s_home_leads_to_their_contract_returns_and_query(
    world: dict[str, Any], people: dict[str, User]
) -> None:
    client, page = _home(people["provider"])
    section = _section(page)
    assert "Peer support" in section
    assert "You deliver it" in section
    assert "Send a return" in section
    assert "The team has a question" in section
    assert "Library outreach" not in section
    links = _links(section)
    assert f"/o/northshire/contracts/{world['ours'].pk}/returns/new/" in links
    assert any(f"/returns/{world['returned'].pk}/" in link for link in links)
    for link in links:
        assert client.get(link).status_code == 200, link


def test_a_monitoring_citizen_s_home_leads_to_the_contract_and_its_meeting(
    world: dict[str, Any],
) -> None:
    client, page = _home(world["monitor"])
    section = _section(page)
    assert "Peer support" in section
    assert "You monitor it on Service-user monitors" in section
    assert "Autumn monitoring" in section
    assert "Send a return" not in section  # not theirs to send
    assert "The team has a question" not in section  # nor the provider's returns
    assert "Library outreach" not in section
    links = _links(section)
    assert len(links) == 2  # the contract and the meeting
    for link in links:
        assert client.get(link).status_code == 200, link


@pytest.mark.parametrize("who", ["former", "citizen", "outsider"])
def test_nobody_else_sees_the_contracts(
    world: dict[str, Any], people: dict[str, User], who: str
) -> None:
    user = world[who] if who == "former" else people[who]
    _client, page = _home(user)
    assert _section(page) == ""
    assert "Peer support" not in page
