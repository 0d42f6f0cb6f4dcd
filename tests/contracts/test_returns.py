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
    page = " ".join(answer.content.decode().split())
    assert "Choose which figure stands for “People supported”" in page
    assert "Say why these figures stand" in page
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


def _clash(setting: dict[str, Any], people: dict[str, User]) -> ProviderReturn:
    """The team recorded 38 people supported for June; the provider's return says
    40 (and 4 people in work, which the team has no figure for)."""
    indicators = setting["indicators"]
    measurement_record(
        indicator=indicators[0],
        by=people["commissioner"],
        period_end=datetime.date(2026, 6, 30),
        value=Decimal(38),
        source=MeasurementSource.ROUTINE,
    )
    _client(people["provider"]).post(
        f"{setting['base']}/returns/new/",
        {"period_end": "2026-06-30", **_figures(indicators, "40", "4")},
    )
    return ProviderReturn.objects.get()


def test_the_return_page_asks_which_figure_stands(
    setting: dict[str, Any], people: dict[str, User]
) -> None:
    """Where the team has a different figure for the period, the return's page
    offers both, with a reason, before accepting: no dead end."""
    provider_return = _clash(setting, people)
    page = " ".join(
        _client(people["commissioner"])
        .get(provider_return.get_absolute_url())
        .content.decode()
        .split()
    )
    assert "Which figure stands for “People supported”?" in page
    assert "Keep the team&#x27;s figure: 38 people" in page
    assert "Use the provider&#x27;s figure: 40 people" in page
    assert "Why these figures stand" in page
    assert "Which figure stands for “People in work”" not in page
    assert "outcomes page first" not in page


def test_keeping_the_teams_figure_records_the_return_as_not_used(
    setting: dict[str, Any], people: dict[str, User]
) -> None:
    """Keep the team's figure: the measurement stays 38, the return is accepted
    with the provider's 40 marked not used and the reason shown; the figure the
    team had none for becomes a measurement."""
    indicators = setting["indicators"]
    provider_return = _clash(setting, people)
    team = _client(people["commissioner"])
    answer = team.post(
        f"{provider_return.get_absolute_url()}review/",
        {
            "action": "accept",
            f"figure_{indicators[0].pk}": "team",
            "reason": "Our count is from the case system",
        },
    )
    assert answer.status_code == 302
    provider_return.refresh_from_db()
    assert provider_return.status == ReturnStatus.ACCEPTED
    assert Measurement.objects.get(indicator=indicators[0]).value == Decimal(38)
    assert Measurement.objects.get(indicator=indicators[1]).value == Decimal(4)
    page = " ".join(
        team.get(provider_return.get_absolute_url()).content.decode().split()
    )
    assert "Not used: the team&#x27;s figure stands" in page
    assert "the team's figure was 38 people" in page
    assert "Our count is from the case system" in page


def test_using_the_providers_figure_corrects_the_teams_with_history(
    setting: dict[str, Any], people: dict[str, User], organisation: Organisation
) -> None:
    """Use the provider's figure: the team's 38 is corrected to 40, and the
    indicator's page shows the correction, saying it came from the return."""
    indicators = setting["indicators"]
    provider_return = _clash(setting, people)
    team = _client(people["commissioner"])
    reason_missing = team.post(
        f"{provider_return.get_absolute_url()}review/",
        {"action": "accept", f"figure_{indicators[0].pk}": "provider"},
    )
    assert reason_missing.status_code == 400
    assert "Say why these figures stand" in reason_missing.content.decode()
    answer = team.post(
        f"{provider_return.get_absolute_url()}review/",
        {
            "action": "accept",
            f"figure_{indicators[0].pk}": "provider",
            "reason": "The provider's audit found two more",
        },
    )
    assert answer.status_code == 302
    measurement = Measurement.objects.get(indicator=indicators[0])
    assert measurement.value == Decimal(40)
    assert measurement.source == MeasurementSource.PROVIDER_RETURN
    assert Measurement.with_withdrawn.filter(indicator=indicators[0]).count() == 1
    indicator = indicators[0]
    url = (
        f"/o/{organisation.slug}/outcomes/frameworks/"
        f"{indicator.outcome.framework_id}/indicators/{indicator.pk}/"
    )
    page = " ".join(team.get(url).content.decode().split())
    assert "value from 38 to 40" in page
    assert "Replaced by the figure in Peer Pathways&#x27;s return" in page
    assert "The provider&#x27;s audit found two more" in page
    shown = " ".join(
        team.get(provider_return.get_absolute_url()).content.decode().split()
    )
    assert "Replaced the team&#x27;s figure" in shown
