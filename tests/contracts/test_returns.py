"""Provider returns: sent by a representative, queried or accepted by the team;
accepted figures become measurements."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from contracts.models import ProviderReturn, ReturnStatus, Sector
from outcomes.models import Measurement, MeasurementSource
from outcomes.services import measurement_record
from tests.contracts.factories import make_contract, make_indicators, make_provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(organisation: Organisation, people: dict[str, User]) -> dict[str, Any]:
    partner = make_provider(
        organisation, "Peer Pathways", representatives=[people["provider"].email]
    )
    alliance = make_provider(
        organisation, "Alliance", sector=Sector.ALLIANCE, members=[partner]
    )
    contract = make_contract(organisation, [alliance])
    indicators = make_indicators(
        organisation, people["commissioner"], ["People supported", "People in work"]
    )
    contract.indicators.set(indicators)
    base = f"/o/{organisation.slug}/contracts/{contract.pk}"
    return {"contract": contract, "indicators": indicators, "base": base}


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _figures(indicators: list[Any], *values: str) -> dict[str, str]:
    return {f"indicator_{i.pk}": v for i, v in zip(indicators, values, strict=True)}


def test_a_return_is_sent_queried_sent_again_and_accepted(
    setting: dict[str, Any], people: dict[str, User]
) -> None:
    contract, indicators, base = (
        setting["contract"],
        setting["indicators"],
        setting["base"],
    )
    rep = _client(people["provider"])
    page = rep.get(f"{base}/returns/new/").content.decode()
    assert "People supported (people)" in page and "Target: 50." in page

    empty = rep.post(f"{base}/returns/new/", {"period_end": "2026-06-30"})
    assert empty.status_code == 400
    assert "Give at least one figure" in empty.content.decode()
    future = rep.post(
        f"{base}/returns/new/",
        {"period_end": "2099-06-30", **_figures(indicators, "40", "")},
    )
    assert "The period must have ended" in future.content.decode()
    assert 'value="40"' in future.content.decode()

    sent = rep.post(
        f"{base}/returns/new/",
        {"period_end": "2026-06-30", **_figures(indicators, "40", "12"), "note": "Q1"},
    )
    assert sent.status_code == 302
    provider_return = ProviderReturn.objects.get()
    assert provider_return.status == ReturnStatus.SUBMITTED
    assert provider_return.provider.name == "Peer Pathways"

    team = _client(people["commissioner"])
    url = provider_return.get_absolute_url()
    missing = team.post(f"{url}review/", {"query": ""})
    assert missing.status_code == 400
    assert "Say what you need to know" in missing.content.decode()
    team.post(f"{url}review/", {"query": "Is 12 in work right? It was 3 last time."})
    provider_return.refresh_from_db()
    assert provider_return.status == ReturnStatus.QUERIED
    # The representative sees the question and answers by sending it again.
    assert "Is 12 in work right?" in rep.get(url).content.decode()
    again = rep.get(f"{base}/returns/new/?again={provider_return.pk}").content.decode()
    assert 'value="40' in again and "Is 12 in work right?" in again
    rep.post(
        f"{base}/returns/new/",
        {"period_end": "2026-06-30", **_figures(indicators, "40", "4")},
    )
    provider_return.refresh_from_db()
    assert provider_return.status == ReturnStatus.SUBMITTED
    assert sorted(provider_return.figures.values_list("value", flat=True)) == [
        Decimal(4),
        Decimal(40),
    ]

    assert rep.post(f"{url}review/", {"action": "accept"}).status_code == 403
    team.post(f"{url}review/", {"action": "accept"})
    provider_return.refresh_from_db()
    assert provider_return.status == ReturnStatus.ACCEPTED
    measurements = Measurement.objects.filter(indicator__in=indicators)
    assert {(m.indicator.name, m.value, m.source) for m in measurements} == {
        ("People supported", Decimal(40), MeasurementSource.PROVIDER_RETURN),
        ("People in work", Decimal(4), MeasurementSource.PROVIDER_RETURN),
    }
    # The contract page shows the new figures as its performance.
    assert "40 people" in team.get(contract.get_absolute_url()).content.decode()
    # An accepted return is not sent again.
    late = rep.post(
        f"{base}/returns/new/",
        {"period_end": "2026-06-30", **_figures(indicators, "41", "4")},
    )
    assert "already accepted" in late.content.decode()


def test_accepting_does_not_overwrite_other_figures(
    setting: dict[str, Any], people: dict[str, User]
) -> None:
    indicators = setting["indicators"]
    measurement_record(
        indicator=indicators[0],
        by=people["commissioner"],
        period_end=datetime.date(2026, 6, 30),
        value=Decimal(38),
        source=MeasurementSource.ROUTINE,
    )
    rep = _client(people["provider"])
    rep.post(
        f"{setting['base']}/returns/new/",
        {"period_end": "2026-06-30", **_figures(indicators, "40", "4")},
    )
    provider_return = ProviderReturn.objects.get()
    answer = _client(people["commissioner"]).post(
        f"{provider_return.get_absolute_url()}review/", {"action": "accept"}
    )
    assert answer.status_code == 400
    assert "“People supported” already has a value" in answer.content.decode()
    provider_return.refresh_from_db()
    assert provider_return.status == ReturnStatus.SUBMITTED
    assert Measurement.objects.get(indicator=indicators[0]).value == Decimal(38)
    assert not Measurement.objects.filter(indicator=indicators[1]).exists()


def test_only_the_contracts_representatives_send_returns(
    setting: dict[str, Any],
    organisation: Organisation,
    people: dict[str, User],
    make_member: Any,
) -> None:
    url = f"{setting['base']}/returns/new/"
    for role in ("admin", "commissioner", "decision_maker", "citizen"):
        assert _client(people[role]).get(url).status_code == 403
    other_rep = make_member("provider", organisation)
    make_provider(organisation, "Unrelated Ltd", representatives=[other_rep.email])
    assert _client(other_rep).get(url).status_code == 404
    assert _client(people["provider"]).get(url).status_code == 200


def test_the_contract_page_costs_the_same_with_many_returns(
    setting: dict[str, Any], people: dict[str, User]
) -> None:
    contract, indicators = setting["contract"], setting["indicators"]
    team = _client(people["commissioner"])
    url = contract.get_absolute_url()

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert team.get(url).status_code == 200
        return len(context)

    from contracts.returns import return_submit

    def send(months: range) -> None:
        for month in months:
            return_submit(
                contract=contract,
                provider=contract.providers.get().members.get(),
                period_end=datetime.date(2010 + month // 12, month % 12 + 1, 1),
                figures={indicators[0]: Decimal(month)},
                note="",
                by=people["provider"],
            )

    send(range(5))
    few = queries()
    send(range(5, 100))
    assert queries() == few
