"""Outcomes as people write them (issue #16): a target written as a change from
the baseline ("down 60% in a year"), more than one kind of value for an outcome,
pathways in the order care runs (prevention, detection, treatment,
rehabilitation), and who else benefits on the scorecard and in the report.
Through the forms and the pages."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from outcomes.models import Indicator, Outcome, TargetKind
from outcomes.progress import indicator_status
from outcomes.services import framework_create, measurement_record
from tests.cycles.factories import CycleFactory

pytestmark = pytest.mark.django_db


def _text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def framework(organisation: Organisation, people: dict[str, User]) -> Any:
    cycle = CycleFactory(organisation=organisation, by=people["commissioner"])
    return framework_create(
        organisation=organisation,
        by=people["commissioner"],
        title="Recovery",
        cycle=cycle,
    )


def _url(name: str, framework: Any, **kwargs: Any) -> str:
    return reverse(
        f"outcomes:{name}",
        kwargs={"org_slug": framework.organisation.slug, "pk": framework.pk, **kwargs},
    )


def _outcome(framework: Any) -> Outcome:
    return Outcome.objects.create(
        framework=framework, statement="People recover", value_types=["user"]
    )


INDICATOR = {
    "name": "Admissions",
    "unit": "admissions a quarter",
    "baseline_value": "50",
    "baseline_date_0": "30",
    "baseline_date_1": "4",
    "baseline_date_2": "2015",
    "target_kind": "change",
    "target_value": "-60",
    "target_date_0": "30",
    "target_date_1": "4",
    "target_date_2": "2016",
    "direction": "down",
    "frequency": "quarterly",
}


def test_a_target_written_as_a_change_reads_as_one_and_is_judged_on_its_level(
    client: Client, people: dict[str, User], framework: Any
) -> None:
    outcome = _outcome(framework)
    client.force_login(people["commissioner"])
    response = client.post(
        _url("indicator_new", framework, outcome_pk=outcome.pk), INDICATOR
    )
    assert response.status_code == 302, _text(response)
    indicator = Indicator.objects.get()
    assert indicator.target_kind == TargetKind.CHANGE
    assert indicator.target == Decimal(20)
    page_url = _url("indicator", framework, indicator_pk=indicator.pk)
    page = _text(client.get(page_url))
    assert "20 admissions a quarter (down 60% from the baseline)" in page
    measurement_record(
        indicator=indicator,
        by=people["commissioner"],
        period_end=datetime.date(2016, 4, 30),
        value=Decimal(20),
        source="routine",
    )
    assert "Target reached" in _text(client.get(page_url))
    framework_page = _text(client.get(_url("framework", framework)))
    assert "20 (down 60% from the baseline)" in framework_page


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"baseline_value": ""}, "baseline_value", "needs a baseline other than zero"),
        ({"baseline_value": "0"}, "baseline_value", "needs a baseline other than zero"),
        ({"target_value": "-100"}, "target_value", "enter a change above -100"),
    ],
)
def test_a_change_target_that_cannot_be_met_is_refused_next_to_its_field(
    client: Client,
    people: dict[str, User],
    framework: Any,
    change: dict[str, str],
    field: str,
    message: str,
) -> None:
    outcome = _outcome(framework)
    client.force_login(people["commissioner"])
    response = client.post(
        _url("indicator_new", framework, outcome_pk=outcome.pk),
        {**INDICATOR, **change},
    )
    page = _text(response)
    assert response.status_code in (200, 400)
    assert message in page
    assert f'href="#id_{field}"' in page
    assert 'value="Admissions"' in page  # what was typed is kept
    assert not Indicator.objects.exists()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    baseline=st.integers(min_value=1, max_value=100_000),
    percent=st.integers(min_value=-99, max_value=500),
    measured=st.integers(min_value=0, max_value=1_000_000),
    down=st.booleans(),
)
@example(baseline=50, percent=-60, measured=20, down=True)
@example(baseline=50, percent=-60, measured=21, down=True)
def test_a_change_target_is_met_exactly_when_its_level_is(
    baseline: int, percent: int, measured: int, down: bool
) -> None:
    """Judged as the level it names: reached when the value is at or past
    baseline x (1 + percent / 100), in the indicator's direction."""
    indicator = Indicator(
        name="x",
        unit="u",
        baseline_value=Decimal(baseline),
        target_kind=TargetKind.CHANGE,
        target_value=Decimal(percent),
        direction="down" if down else "up",
    )
    level = Decimal(baseline) * (1 + Decimal(percent) / 100)
    assert indicator.target is not None
    assert abs(indicator.target - level) < Decimal("0.001")
    from outcomes.models import Measurement

    status = indicator_status(
        indicator,
        Measurement(period_end=datetime.date(2026, 1, 1), value=Decimal(measured)),
    )
    reached = measured <= indicator.target if down else measured >= indicator.target
    assert (status.code == "on_track" and status.label == "Target reached") == reached


def test_an_outcome_carries_every_kind_of_value_ticked(
    client: Client, people: dict[str, User], framework: Any
) -> None:
    client.force_login(people["commissioner"])
    url = _url("outcome_new", framework)
    refused = client.post(url, {"statement": "People work", "priority": "1"})
    assert "Tick at least one kind of value" in _text(refused)
    assert 'value="People work"' in _text(refused)
    response = client.post(
        url,
        {
            "statement": "People work",
            "priority": "1",
            "value_types": ["user", "economic"],
        },
    )
    assert response.status_code == 302
    assert Outcome.objects.get().value_types == ["user", "economic"]
    page = _text(client.get(_url("framework", framework)))
    assert (
        "User value: for the people who use the service; "
        "Economic value: for the economy and businesses" in page
    )


def test_pathways_follow_the_order_care_runs_in(
    client: Client, people: dict[str, User], framework: Any
) -> None:
    client.force_login(people["commissioner"])
    client.post(
        _url("outcome_new", framework),
        {
            "statement": "People recover",
            "priority": "1",
            "value_types": ["user"],
            "pathway_rehabilitation": ["services"],
            "pathway_prevention": ["co_production"],
            "pathway_treatment": ["services"],
            "pathway_detection": ["services"],
        },
    )
    page = _text(client.get(_url("framework", framework)))
    found = [
        page.index(name)
        for name in ("Prevention", "Detection", "Treatment", "Rehabilitation")
    ]
    assert found == sorted(found)


def test_who_else_benefits_shows_on_the_scorecard(
    client: Client, people: dict[str, User], framework: Any
) -> None:
    client.force_login(people["commissioner"])
    client.post(
        _url("outcome_new", framework),
        {
            "statement": "Fewer young people offend",
            "priority": "1",
            "value_types": ["social"],
            "beneficiaries": "Police – fewer first-time offenders",
        },
    )
    scorecard = _text(
        client.get(
            reverse(
                "outcomes:scorecard",
                kwargs={
                    "org_slug": framework.organisation.slug,
                    "cycle_pk": framework.cycle_id,
                },
            )
        )
    )
    assert "Who else benefits" in scorecard
    section = scorecard.split("Who else benefits")[1]
    assert "Police" in section and "fewer first-time offenders" in section
