"""Status against target, and the geometry of trend charts. Pure functions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import Direction, Indicator, Measurement

STATUS_RULE = _(
    "On track: the latest value has covered at least as much of the way from baseline "
    "to target as time has passed, or the target is reached. At risk: up to 10 "
    "percentage points behind that. Off track: further behind."
)
AT_RISK_MARGIN = Decimal("0.10")


@dataclass(frozen=True)
class Status:
    code: str  # on_track, at_risk, off_track, no_data, not_assessable
    label: str
    detail: str
    tag: str  # GOV.UK tag colour


def _reached(indicator: Indicator, value: Decimal) -> bool:
    target = indicator.target
    assert target is not None  # noqa: S101 - checked by the caller
    if indicator.direction == Direction.DOWN:
        return value <= target
    return value >= target


def indicator_status(indicator: Indicator, latest: Measurement | None) -> Status:
    """Where an indicator stands, by the rule in ``STATUS_RULE``."""
    if latest is None:
        return Status("no_data", str(_("No data yet")), "", "grey")
    if indicator.target is None:
        return Status(
            "not_assessable",
            str(_("No target")),
            str(_("Set a target to judge progress.")),
            "grey",
        )
    if _reached(indicator, latest.value):
        return Status("on_track", str(_("Target reached")), "", "green")
    baseline, target = indicator.baseline_value, indicator.target
    if baseline is None or not indicator.baseline_date or not indicator.target_date:
        return Status(
            "not_assessable",
            str(_("Not yet reached")),
            str(_("Add a baseline and dates to judge progress over time.")),
            "grey",
        )
    if baseline == target:
        return Status(
            "off_track", str(_("Off track")), str(_("Below the target.")), "red"
        )
    covered = (latest.value - baseline) / (target - baseline)
    span = (indicator.target_date - indicator.baseline_date).days
    elapsed_days = (latest.period_end - indicator.baseline_date).days
    elapsed = Decimal(min(max(elapsed_days / span, 0), 1))
    percent = int(covered * 100)
    time_percent = int(elapsed * 100)
    detail = str(
        _("%(covered)d%% of the way to the target with %(time)d%% of the time gone.")
        % {"covered": percent, "time": time_percent}
    )
    if covered >= elapsed:
        return Status("on_track", str(_("On track")), detail, "green")
    if covered >= elapsed - AT_RISK_MARGIN:
        return Status("at_risk", str(_("At risk")), detail, "yellow")
    return Status("off_track", str(_("Off track")), detail, "red")


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    label: str
    value: Decimal


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    points: list[ChartPoint]
    polyline: str
    target_y: float | None
    baseline_y: float | None


def trend_chart(
    indicator: Indicator,
    measurements: list[Measurement],
    *,
    width: int = 600,
    height: int = 240,
) -> TrendChart | None:
    """Scale measurements (and baseline and target lines) into an SVG box."""
    if not measurements:
        return None
    pad_x, pad_y = 48, 24
    values = [m.value for m in measurements]
    extra = [v for v in (indicator.baseline_value, indicator.target) if v is not None]
    low, high = min(values + extra), max(values + extra)
    if low == high:
        low, high = low - 1, high + 1
    first, last = measurements[0].period_end, measurements[-1].period_end
    days = max((last - first).days, 1)

    def scale_y(value: Decimal) -> float:
        return round(
            height - pad_y - float((value - low) / (high - low)) * (height - 2 * pad_y),
            1,
        )

    def scale_x(day: datetime.date) -> float:
        if len(measurements) == 1:
            return width / 2
        return round(pad_x + (day - first).days / days * (width - 2 * pad_x), 1)

    points = [
        ChartPoint(
            scale_x(m.period_end),
            scale_y(m.value),
            date_format(m.period_end, "M Y"),
            m.value,
        )
        for m in measurements
    ]
    return TrendChart(
        width=width,
        height=height,
        points=points,
        polyline=" ".join(f"{p.x},{p.y}" for p in points),
        target_y=scale_y(indicator.target) if indicator.target is not None else None,
        baseline_y=scale_y(indicator.baseline_value)
        if indicator.baseline_value is not None
        else None,
    )


@dataclass(frozen=True)
class ValueForMoney:
    cost_per_unit: Decimal | None
    verdict: str
    good: bool | None


def value_for_money(
    indicator: Indicator, latest: Measurement | None
) -> ValueForMoney | None:
    """Cost per unit of improvement from the baseline, against an optional threshold."""
    cost = indicator.attributed_cost
    if cost is None:
        return None
    if latest is None or indicator.baseline_value is None:
        return ValueForMoney(None, str(_("Needs a baseline and a measurement.")), None)
    change = latest.value - indicator.baseline_value
    improvement = -change if indicator.direction == Direction.DOWN else change
    if improvement <= 0:
        return ValueForMoney(
            None, str(_("No improvement yet, so no cost per unit.")), None
        )
    per_unit = (cost / improvement).quantize(Decimal("1"))
    threshold = indicator.threshold_per_unit
    if threshold is None:
        return ValueForMoney(per_unit, str(_("No threshold set.")), None)
    if per_unit <= threshold:
        return ValueForMoney(
            per_unit,
            str(
                _("Good value: under the threshold of £%(t)s.")
                % {"t": f"{threshold:,.0f}"}
            ),
            True,
        )
    return ValueForMoney(
        per_unit,
        str(_("Above the threshold of £%(t)s.") % {"t": f"{threshold:,.0f}"}),
        False,
    )
