"""The status rule and the trend chart geometry."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outcomes.models import Indicator, Measurement
from outcomes.progress import indicator_status, trend_chart

START, END = datetime.date(2026, 1, 1), datetime.date(2027, 1, 1)


def _indicator(**fields: object) -> Indicator:
    defaults: dict[str, object] = {
        "baseline_value": Decimal(100),
        "baseline_date": START,
        "target_value": Decimal(20),
        "target_date": END,
        "direction": "down",
    }
    return Indicator(**{**defaults, **fields})


def _at(day: datetime.date, value: float) -> Measurement:
    return Measurement(period_end=day, value=Decimal(str(value)))


HALF_WAY = datetime.date(2026, 7, 2)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (60, "on_track"),
        (55, "on_track"),
        (66, "at_risk"),
        (68, "at_risk"),
        (70, "off_track"),
        (80, "off_track"),
        (20, "on_track"),
        (10, "on_track"),
    ],
)
def test_status_when_lower_is_better(value: float, code: str) -> None:
    """Half-way through, 100 → 20: 60 is on track, up to 10 points behind is at risk."""
    assert indicator_status(_indicator(), _at(HALF_WAY, value)).code == code


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (60, "on_track"),
        (56, "at_risk"),
        (52, "off_track"),
        (45, "off_track"),
        (80, "on_track"),
    ],
)
def test_status_when_higher_is_better(value: float, code: str) -> None:
    """Half-way through, 40 → 80 (higher is better)."""
    indicator = _indicator(
        baseline_value=Decimal(40), target_value=Decimal(80), direction="up"
    )
    assert indicator_status(indicator, _at(HALF_WAY, value)).code == code


def test_status_edge_cases() -> None:
    """No data, no target, no baseline, and a zero baseline are all handled plainly."""
    assert indicator_status(_indicator(), None).code == "no_data"
    assert (
        indicator_status(_indicator(target_value=None), _at(HALF_WAY, 50)).code
        == "not_assessable"
    )
    no_baseline = _indicator(baseline_value=None)
    assert indicator_status(no_baseline, _at(HALF_WAY, 50)).code == "not_assessable"
    assert indicator_status(no_baseline, _at(HALF_WAY, 10)).code == "on_track"
    from_zero = _indicator(
        baseline_value=Decimal(0), target_value=Decimal(10), direction="up"
    )
    assert indicator_status(from_zero, _at(HALF_WAY, 5)).code == "on_track"
    flat = _indicator(baseline_value=Decimal(20), target_value=Decimal(20))
    assert indicator_status(flat, _at(HALF_WAY, 25)).code == "off_track"


def test_measurements_before_the_baseline_date_count_as_no_time_gone() -> None:
    """A value dated before the baseline is judged as if no time had passed."""
    status = indicator_status(_indicator(), _at(datetime.date(2025, 6, 1), 100))
    assert status.code == "on_track"


@given(
    values=st.lists(
        st.integers(min_value=-10_000, max_value=10_000), min_size=1, max_size=30
    ),
    target=st.one_of(st.none(), st.integers(min_value=-10_000, max_value=10_000)),
)
def test_chart_points_stay_inside_the_box(
    values: list[int], target: int | None
) -> None:
    """Whatever the values, every point and line lies inside the chart."""
    indicator = _indicator(
        target_value=None if target is None else Decimal(target), baseline_value=None
    )
    measurements = [
        _at(START + datetime.timedelta(days=30 * i), v) for i, v in enumerate(values)
    ]
    chart = trend_chart(indicator, measurements)
    assert chart is not None
    for point in chart.points:
        assert 0 <= point.x <= chart.width and 0 <= point.y <= chart.height
    if chart.target_y is not None:
        assert 0 <= chart.target_y <= chart.height
