"""The equation's arithmetic never divides by zero and never says "NaN"."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from cycles.demand import (
    change_said,
    cost_per_unit,
    money_said,
    number_said,
    percent_change,
    share_of,
    shares_problem,
)

#: Anything a figure might be: missing, zero, negative, huge, not finite, text.
anything = st.one_of(
    st.none(),
    st.just(0),
    st.just(Decimal(0)),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.sampled_from(
        [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity"), Decimal("1E+999")]
    ),
    st.decimals(min_value=-(10**20), max_value=10**20, places=6),
    st.floats(allow_nan=True, allow_infinity=True, width=32),
    st.text(max_size=5),
)
amounts = st.decimals(
    min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False
)


@given(anything, anything)
def test_every_figure_is_a_finite_number_or_none(a: object, b: object) -> None:
    """Whatever goes in, each figure is a finite Decimal or None, and its words
    never hold "NaN" or "Infinity"."""
    for result in (percent_change(a, b), share_of(a, b), cost_per_unit(a, b)):
        assert result is None or (isinstance(result, Decimal) and result.is_finite())
    for words in (
        change_said(percent_change(a, b)),
        number_said(a),
        money_said(b),
    ):
        assert "NaN" not in words and "Infinity" not in words


@given(anything)
def test_zero_or_missing_before_gives_no_change(after: object) -> None:
    """From zero or from nothing, no percentage change can be said."""
    assert percent_change(0, after) is None
    assert percent_change(None, after) is None
    assert change_said(None) == ""


@given(amounts, amounts.filter(lambda d: d > 0))
def test_a_fall_is_negative_and_never_below_minus_100(
    after: Decimal, before: Decimal
) -> None:
    """A fall to something not below zero is between 0 and -100%."""
    change = percent_change(before, min(after, before))
    assert change is not None and Decimal(-100) <= change <= 0


def test_the_examples_read_as_people_say_them() -> None:
    """100 to 20 fell by 80%; 50 to 55 rose by 10%; equal did not change."""
    assert change_said(percent_change(100, 20)) == "fell by 80%"
    assert change_said(percent_change(50, 55)) == "rose by 10%"
    assert change_said(percent_change(7, 7)) == "did not change"
    assert money_said(Decimal("42000.4")) == "£42,000"
    assert cost_per_unit(320_000, 80) == Decimal(4000)


@given(amounts, st.one_of(st.none(), st.decimals(max_value=0, allow_nan=False)))
def test_no_units_gained_gives_no_cost_per_unit(cost: Decimal, units: object) -> None:
    """Nothing gained (or a loss) has no cost per unit rather than a division."""
    assert cost_per_unit(cost, units) is None


@given(st.lists(st.decimals(min_value=0, max_value=100, places=2), max_size=3))
def test_shares_are_accepted_exactly_when_they_fit_in_100(
    shares: list[Decimal],
) -> None:
    """Shares from 0 to 100 stand together exactly when they add up to 100 at most."""
    problem = shares_problem(list(shares))
    assert (problem is None) == (sum(shares, Decimal(0)) <= 100)


@given(st.lists(anything, min_size=1, max_size=3))
def test_bad_shares_get_a_reason_never_an_error(shares: list[object]) -> None:
    """Any shares at all: a reason or None, never an exception."""
    problem = shares_problem(shares)
    assert problem is None or isinstance(problem, str)


@given(amounts.filter(lambda d: d > 0), amounts)
def test_share_of_a_part_of_the_whole(whole: Decimal, part: Decimal) -> None:
    """A part of the whole is between 0 and 100%."""
    share = share_of(min(part, whole), whole)
    assert share is not None and 0 <= share <= 100
