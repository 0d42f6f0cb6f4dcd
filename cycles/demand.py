"""The arithmetic of the public value equation, safe for every input.

Shares, percentage changes and costs per unit are computed here and only here.
Each returns None where the figure cannot be said (nothing to divide by, a
missing value), never raises and never gives "NaN": the pages then say what is
missing instead of showing a number."""

from __future__ import annotations

from collections.abc import Callable
from decimal import (
    ROUND_HALF_UP,
    Decimal,
    DecimalException,
    InvalidOperation,
    localcontext,
)
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.utils.translation import gettext as _

HUNDRED = Decimal(100)
#: Figures beyond this size are not real amounts or counts: treated as missing.
LARGEST = Decimal(10) ** 15

P = ParamSpec("P")
R = TypeVar("R")


def _safe(missing: Any) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Work with ample precision; a figure that still cannot be computed (an
    extreme ratio) is ``missing`` rather than an error."""

    def wrap(function: Callable[P, R]) -> Callable[P, R]:
        @wraps(function)
        def safe(*args: P.args, **kwargs: P.kwargs) -> R:
            with localcontext() as context:
                context.prec = 60
                # Halves up, as the pages' figures (Django's floatformat) round:
                # a sentence and the figure beside it say the same number.
                context.rounding = ROUND_HALF_UP
                try:
                    return function(*args, **kwargs)
                except DecimalException:
                    return missing

        return safe

    return wrap


def _number(value: object) -> Decimal | None:
    """A finite Decimal, or None."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or abs(number) > LARGEST:
        return None
    return number


@_safe(None)
def percent_change(before: object, after: object) -> Decimal | None:
    """How much ``after`` differs from ``before``, in per cent of ``before``
    (one decimal place); None when either is missing or ``before`` is zero."""
    start, end = _number(before), _number(after)
    if start is None or end is None or start == 0:
        return None
    return ((end - start) / abs(start) * HUNDRED).quantize(Decimal("0.1"))


@_safe(None)
def share_of(part: object, whole: object) -> Decimal | None:
    """``part`` as a percentage of ``whole`` (one decimal place); None when
    either is missing or ``whole`` is not above zero."""
    piece, total = _number(part), _number(whole)
    if piece is None or total is None or total <= 0:
        return None
    return (piece / total * HUNDRED).quantize(Decimal("0.1"))


@_safe(None)
def cost_per_unit(cost: object, units: object) -> Decimal | None:
    """Cost divided by the units gained (whole pounds); None when either is
    missing or no unit was gained."""
    money, gained = _number(cost), _number(units)
    if money is None or gained is None or gained <= 0:
        return None
    return (money / gained).quantize(Decimal("1"))


def shares_problem(shares: list[object]) -> str | None:
    """Why planned shares cannot stand together, or None when they can: each is
    a percentage, and together they are 100 at most."""
    numbers = [_number(s) for s in shares]
    if any(n is None for n in numbers):
        return str(_("Enter each share as a number"))
    known = [n for n in numbers if n is not None]
    if any(n < 0 or n > HUNDRED for n in known):
        return str(_("Each share must be between 0 and 100"))
    if sum(known, Decimal(0)) > HUNDRED:
        return str(_("The shares add up to more than 100%"))
    return None


@_safe("")
def number_said(value: object) -> str:
    """A figure as people read it: "1,250" or "12.5"; "" when missing."""
    number = _number(value)
    if number is None:
        return ""
    # As the figures beside it (floatformat:"-1g"): a decimal whenever the value
    # has a fraction (12.04 is "12.0"), and no "-0.0".
    rounded = number.quantize(Decimal("0.1"))
    if rounded == 0:
        rounded = abs(rounded)
    if number == number.to_integral_value():
        return f"{int(rounded):,}"
    return f"{rounded:,.1f}"


@_safe("")
def money_said(value: object) -> str:
    """An amount in pounds, whole: "£42,000"; "" when missing."""
    number = _number(value)
    if number is None:
        return ""
    return f"£{int(number.quantize(Decimal('1'))):,}"


def change_said(change: Decimal | None) -> str:
    """ "fell by 18%", "rose by 5%" or "did not change"; "" when unknown."""
    if change is None:
        return ""
    size = number_said(abs(change))
    if size == "0":
        return str(_("did not change"))
    if change < 0:
        return str(_("fell by %(n)s%%") % {"n": size})
    return str(_("rose by %(n)s%%") % {"n": size})
