"""Turning participatory budgeting votes into a funded set of options.

Both rules take the options' costs, each voter's approved options and the budget,
and use exact fractions. Ties go to the option whose key sorts first, as in the
research library pabutools, which the tests compare us against.

- **Greedy by votes**: options in order of votes; fund each if it still fits.
- **Method of Equal Shares** (Peters and Skowron): the budget is split equally
  between voters; an option is bought by its supporters from their shares, as
  evenly as possible; at each step the option whose supporters pay the least per
  pound of it is bought. Voters whose share is spent have no more say, so a
  majority cannot take everything. Without a completion step, money can be left.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction


def greedy_by_votes(
    costs: Mapping[str, Fraction], approvals: Sequence[set[str]], budget: Fraction
) -> list[str]:
    votes = {key: sum(1 for a in approvals if key in a) for key in costs}
    order = sorted(costs, key=lambda key: (-votes[key], key))
    chosen, left = [], budget
    for key in order:
        if costs[key] <= left:
            chosen.append(key)
            left -= costs[key]
    return chosen


def _payment_rate(cost: Fraction, shares: list[Fraction]) -> Fraction | None:
    """The least per-supporter payment q such that supporters paying
    min(share, q) cover ``cost``; None if their shares together fall short."""
    if sum(shares) < cost:
        return None
    paid = Fraction(0)
    ordered = sorted(shares)
    for index, share in enumerate(ordered):
        remaining = len(ordered) - index
        if share * remaining >= cost - paid:
            return (cost - paid) / remaining
        paid += share
    return None  # pragma: no cover - excluded by the sum check above


def equal_shares(
    costs: Mapping[str, Fraction], approvals: Sequence[set[str]], budget: Fraction
) -> list[str]:
    """Method of Equal Shares with cost utilities (a voter values an option they
    approve at its cost)."""
    if not approvals:
        return []
    share = Fraction(budget) / len(approvals)
    budgets = [share] * len(approvals)
    supporters = {
        key: [i for i, approved in enumerate(approvals) if key in approved]
        for key in costs
    }
    chosen: list[str] = []
    left = set(costs)
    while True:
        best: tuple[Fraction, str] | None = None
        for key in sorted(left):
            if not supporters[key] or costs[key] == 0:
                continue
            rate = _payment_rate(costs[key], [budgets[i] for i in supporters[key]])
            if rate is None:
                continue
            # Per pound of the option: cost utilities make the payment per unit
            # of satisfaction the payment divided by the cost.
            per_pound = rate / costs[key]
            if best is None or per_pound < best[0]:
                best = (per_pound, key)
        if best is None:
            return chosen
        _rate, key = best
        rate = _payment_rate(costs[key], [budgets[i] for i in supporters[key]])
        assert rate is not None  # noqa: S101 - found affordable just above
        for i in supporters[key]:
            budgets[i] -= min(budgets[i], rate)
        chosen.append(key)
        left.discard(key)
