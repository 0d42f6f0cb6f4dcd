"""Tender evaluation: weighted criteria, citizens scoring alongside officers,
moderation, and the award as a decision."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from contracts.models import (
    Bid,
    ContractStatus,
    Criterion,
    Moderation,
    Score,
    Tender,
)
from contracts.tender import bid_add, criterion_add, evaluation, tender_start
from cycles.models import Decision, DecisionKind
from panels.models import Panel, PanelMember
from tests.contracts.factories import make_contract, make_provider
from tests.panels.factories import consenting_citizen

pytestmark = pytest.mark.django_db


@pytest.fixture
def tendered(organisation: Organisation, people: dict[str, User]) -> dict[str, Any]:
    panel = Panel.objects.create(
        organisation=organisation, name="Carers' procurement panel", kind="procurement"
    )
    citizen = consenting_citizen(organisation, email="carer@example.org")
    PanelMember.objects.create(panel=panel, user=citizen, status="active")
    contract = make_contract(organisation, status=ContractStatus.PLANNED)
    tender = tender_start(contract=contract, panel=panel)
    quality = criterion_add(
        criterion=Criterion(tender=tender, name="Quality of support", weight=60)
    )
    voice = criterion_add(
        criterion=Criterion(tender=tender, name="Carers' voice", weight=40)
    )
    bids = [
        bid_add(
            bid=Bid(
                tender=tender,
                provider=make_provider(organisation, name),
                price=Decimal(price),
            )
        )
        for name, price in [("Carers First", "400000"), ("Care Co", "350000")]
    ]
    return {
        "contract": contract,
        "tender": tender,
        "citizen": citizen,
        "criteria": (quality, voice),
        "bids": bids,
    }


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _sheet(
    bids: list[Bid], criteria: tuple[Criterion, ...], values: list[str]
) -> dict[str, str]:
    cells = [(b, c) for b in bids for c in criteria]
    return {f"score_{b.pk}_{c.pk}": v for (b, c), v in zip(cells, values, strict=True)}


def test_weights_cannot_pass_100_and_scoring_waits_for_100(
    organisation: Organisation, people: dict[str, User]
) -> None:
    contract = make_contract(organisation, status=ContractStatus.PLANNED)
    tender = tender_start(contract=contract, panel=None)
    criterion_add(criterion=Criterion(tender=tender, name="Quality", weight=70))
    with pytest.raises(ValidationError, match="more than 100"):
        criterion_add(criterion=Criterion(tender=tender, name="Price", weight=40))
    page = _client(people["commissioner"]).get(f"{contract.get_absolute_url()}tender/")
    assert "The weights add up to 70%" in page.content.decode()
    score_page = _client(people["commissioner"]).get(
        f"{contract.get_absolute_url()}tender/score/"
    )
    assert "Scoring opens once" in score_page.content.decode()


def test_citizens_and_officers_score_then_the_team_moderates_and_awards(
    tendered: dict[str, Any], people: dict[str, User], organisation: Organisation
) -> None:
    contract, bids, criteria = (
        tendered["contract"],
        tendered["bids"],
        tendered["criteria"],
    )
    base = contract.get_absolute_url()
    citizen = _client(tendered["citizen"])
    # The panel member reaches the contract and their own score sheet.
    assert "Score the bids" in citizen.get(base).content.decode()
    sheet = citizen.get(f"{base}tender/score/").content.decode()
    assert "Carers First: Quality of support (60%)" in sheet
    bad = citizen.post(
        f"{base}tender/score/", _sheet(bids, criteria, ["8", "11", "", ""])
    )
    assert bad.status_code == 400
    citizen.post(f"{base}tender/score/", _sheet(bids, criteria, ["8", "6", "5", "9"]))
    team = _client(people["commissioner"])
    team.post(f"{base}tender/score/", _sheet(bids, criteria, ["6", "6", "5", "7"]))
    assert Score.objects.filter(is_citizen=True).count() == 4
    assert Score.objects.filter(is_citizen=False).count() == 4
    # Scores given, the criteria and bids are fixed.
    with pytest.raises(ValidationError, match="Scoring has started"):
        criterion_add(
            criterion=Criterion(tender=tendered["tender"], name="Late", weight=1)
        )

    first, second = evaluation(tendered["tender"])
    # Carers First: quality mean 7 * 60% + voice mean 6 * 40% = 42 + 24 = 66.
    assert (first.bid.provider.name, first.total) == ("Carers First", Decimal("66.0"))
    # Care Co: quality 5 * 60% + voice 8 * 40% = 30 + 32 = 62.
    assert second.total == Decimal("62.0")

    team.post(
        f"{base}tender/moderate/",
        {"bid": bids[1].pk, "criterion": criteria[0].pk, "score": "eleven"},
    )
    team.post(
        f"{base}tender/moderate/",
        {"bid": bids[1].pk, "criterion": criteria[0].pk, "score": "7.5"},
    )
    first, second = evaluation(tendered["tender"])
    # Care Co now 7.5 * 60% + 8 * 40% = 45 + 32 = 77, ahead.
    assert (first.bid.provider.name, first.total) == ("Care Co", Decimal("77.0"))

    page = team.get(f"{base}tender/").content.decode()
    assert "77.0 out of 100" in page
    no_reason = team.post(f"{base}tender/", {"form": "award", "bid": bids[1].pk})
    assert no_reason.status_code == 400
    assert "Say why" in no_reason.content.decode()
    team.post(
        f"{base}tender/",
        {
            "form": "award",
            "bid": bids[1].pk,
            "rationale": "Highest agreed score; carers scored its voice work highly",
        },
    )
    contract.refresh_from_db()
    assert contract.status == ContractStatus.ACTIVE
    assert [p.name for p in contract.providers.all()] == ["Care Co"]
    assert contract.value == Decimal("350000")
    decision = Decision.objects.get(kind=DecisionKind.CONTRACT_AWARD)
    assert "Care Co 77.0/100" in decision.decided
    tender = Tender.objects.get()
    assert tender.awarded_bid == bids[1]
    again = team.post(
        f"{base}tender/", {"form": "award", "bid": bids[0].pk, "rationale": "x"}
    )
    assert "awarded already" in again.content.decode()
    assert (
        citizen.post(
            f"{base}tender/score/", _sheet(bids, criteria, ["1", "1", "1", "1"])
        ).status_code
        == 400
    )


def test_who_may_score_and_see_the_evaluation(
    tendered: dict[str, Any], people: dict[str, User]
) -> None:
    base = tendered["contract"].get_absolute_url()
    assert _client(tendered["citizen"]).get(f"{base}tender/").status_code == 403
    for role in ("citizen", "provider"):
        assert _client(people[role]).get(f"{base}tender/score/").status_code == 404
    PanelMember.objects.filter(user=tendered["citizen"]).update(status="stepped_down")
    assert _client(tendered["citizen"]).get(f"{base}tender/score/").status_code == 404
    assert _client(people["decision_maker"]).get(f"{base}tender/").status_code == 403


def test_an_award_needs_every_bid_scored(
    tendered: dict[str, Any], people: dict[str, User]
) -> None:
    base = tendered["contract"].get_absolute_url()
    team = _client(people["commissioner"])
    bids, criteria = tendered["bids"], tendered["criteria"]
    team.post(f"{base}tender/score/", _sheet(bids, criteria, ["6", "6", "", ""]))
    answer = team.post(
        f"{base}tender/", {"form": "award", "bid": bids[0].pk, "rationale": "Best"}
    )
    assert "Every bid needs a score on every criterion" in answer.content.decode()


def test_the_evaluation_page_costs_the_same_with_more_bids(
    tendered: dict[str, Any], people: dict[str, User], organisation: Organisation
) -> None:
    base = tendered["contract"].get_absolute_url()
    team = _client(people["commissioner"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert team.get(f"{base}tender/").status_code == 200
        return len(context)

    few = queries()
    for number in range(8):
        bid_add(
            bid=Bid(
                tender=tendered["tender"],
                provider=make_provider(organisation, f"Bidder {number}"),
            )
        )
    assert queries() == few


@pytest.mark.parametrize("value", ["²", "1" + "0" * 30, "abc", ""])
def test_moderating_a_malformed_bid_or_criterion_is_not_found(
    tendered: dict[str, Any], people: dict[str, User], value: str
) -> None:
    """A moderation naming the bid or criterion as "²", a number beyond any id or
    a word is a 404, and no moderated score is kept."""
    team = _client(people["commissioner"])
    url = f"{tendered['contract'].get_absolute_url()}tender/moderate/"
    bid, criterion = tendered["bids"][0].pk, tendered["criteria"][0].pk
    for data in (
        {"bid": value, "criterion": criterion, "score": "7"},
        {"bid": bid, "criterion": value, "score": "7"},
    ):
        assert team.post(url, data).status_code == 404
    assert not Moderation.objects.exists()
