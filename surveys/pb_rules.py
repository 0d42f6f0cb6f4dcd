"""Turning participatory budgeting votes into a funded set of options.

Two rules, both exact (whole numbers and fractions, never rounded), both checked in
the tests against the research library pabutools on generated elections:

- **Greedy by votes**: options in order of votes; fund each if it still fits in
  what is left of the budget.
- **Method of Equal Shares** (Peters and Skowron): the budget is split equally
  between voters; an option is bought by its supporters from their shares, as
  evenly as possible; at each step the option whose supporters pay the least per
  pound of it is bought ("cost utilities"). Voters whose share is spent have no
  more say, so a majority cannot take everything. Left alone it usually leaves
  money unspent, so it can be *completed*:

  - ``"add1"``: run it again with every voter's share raised by £1, and again,
    until one more raise would overspend the real budget (or nothing more fits);
    keep the last result that fits. This is the "Add1" completion used in
    Wieliczka and in Pabulib (``equalshares/add1``).
  - ``"epsilon"``: the same with steps of 1% of the budget shared between the
    voters (the default step of pabutools' ``exhaustion_by_budget_increase``).

  Either way, money still left is then offered to the remaining options in order
  of votes (greedy top-up), as pabutools' ``completion_by_rule_combination`` does.

Options nobody voted for are never funded, by either rule or by any completion.

**Ties.** When two options are level (the same votes for greedy, the same price
per pound for Equal Shares), the one with **more votes** goes first; if still
level, the **cheaper** one; if still level, a **shuffled order fixed by a number
drawn for this count** (the *tie seed*: each option's place is given by a SHA-256
fingerprint of the seed and the option's id, so anyone holding the seed can repeat
it). The seed and the whole order are kept with the result, and every tie that
decided something is listed with it: which options were level, which one went
first, and which option the tie left out.

How it is fast: voters are never looked at one by one. Voters who have the same
amount left form a group (they start as one group; buying an option splits a
group into its supporters and the rest); amounts are whole numbers in a unit
small enough to keep every share exact, and numpy counts each option's
supporters per group. Prices only rise, so at each step only the options whose
last known price could still be the lowest are priced again.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

import numpy as np
import numpy.typing as npt

Money = Fraction | Decimal | int
Completion = Literal["none", "add1", "epsilon"]
Stage = Literal["equal_shares", "greedy"]
COMPLETIONS: tuple[Completion, ...] = ("none", "add1", "epsilon")

_Index = npt.NDArray[np.int32]


@dataclass(frozen=True, eq=False)
class Election:
    """Options (key, cost), a budget, and who approved what.

    ``voters`` counts every ballot, empty ones included: each ballot gets an equal
    share under Equal Shares. ``supporters[i]`` holds, sorted, the numbers of the
    ballots that approve option ``keys[i]``.
    """

    keys: tuple[str, ...]
    costs: tuple[Fraction, ...]
    budget: Fraction
    voters: int
    supporters: tuple[_Index, ...]

    @classmethod
    def from_approvals(
        cls,
        costs: Mapping[str, Money],
        approvals: Sequence[Iterable[str]],
        budget: Money,
    ) -> Election:
        """From one set of approved option keys per ballot."""
        index = {key: i for i, key in enumerate(costs)}
        lists: list[list[int]] = [[] for _key in index]
        for voter, approved in enumerate(approvals):
            for key in set(approved):
                if key not in index:
                    raise ValueError(f"Unknown option {key!r}")
                lists[index[key]].append(voter)
        return cls._build(costs, lists, budget, len(approvals))

    @classmethod
    def from_pairs(
        cls,
        costs: Mapping[str, Money],
        pairs: Iterable[tuple[Hashable, str]],
        budget: Money,
        voters: int | None = None,
    ) -> Election:
        """From (ballot, option key) pairs, as read from the database. ``voters``
        adds ballots that approve nothing (at least the ballots seen)."""
        index = {key: i for i, key in enumerate(costs)}
        ballots: dict[Hashable, int] = {}
        lists: list[list[int]] = [[] for _key in index]
        for ballot, key in pairs:
            if key not in index:
                raise ValueError(f"Unknown option {key!r}")
            lists[index[key]].append(ballots.setdefault(ballot, len(ballots)))
        return cls._build(costs, lists, budget, max(voters or 0, len(ballots)))

    @classmethod
    def _build(
        cls,
        costs: Mapping[str, Money],
        lists: list[list[int]],
        budget: Money,
        voters: int,
    ) -> Election:
        prices = tuple(Fraction(cost) for cost in costs.values())
        if any(price < 0 for price in prices) or Fraction(budget) < 0:
            raise ValueError("Costs and the budget cannot be negative.")
        return cls(
            keys=tuple(costs),
            costs=prices,
            budget=Fraction(budget),
            voters=voters,
            supporters=tuple(np.unique(np.asarray(s, dtype=np.int32)) for s in lists),
        )

    @property
    def votes(self) -> tuple[int, ...]:
        return tuple(len(s) for s in self.supporters)


@dataclass(frozen=True)
class Step:
    """One option funded: by which stage, and what it left."""

    option: str
    stage: Stage
    cost: Fraction
    votes: int
    #: Money spent once this option is funded.
    spent: Fraction
    #: Equal Shares: the most any supporter paid (those with less paid all they had).
    price: Fraction | None = None
    #: Equal Shares: supporters who paid everything they had left.
    paid_all: int = 0


@dataclass(frozen=True)
class Tie:
    """Options that were level at one step, in the order the tie-break put them."""

    stage: Stage
    options: tuple[str, ...]
    #: The tied options funded at that step.
    won: tuple[str, ...]
    #: Whether another order of the tied options would fund different options.
    decided: bool
    #: Tied options left unfunded that another order would have funded.
    passed_over: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    rule: Literal["greedy", "equal_shares"]
    completion: Completion
    #: Funded option keys, in the order they were funded.
    funded: tuple[str, ...]
    spent: Fraction
    budget: Fraction
    steps: tuple[Step, ...]
    ties: tuple[Tie, ...]
    tie_seed: int
    #: Every option, first to last, as ties are broken.
    tie_order: tuple[str, ...]
    #: Equal Shares: each voter's share in the run kept (raised by a completion).
    voter_share: Fraction | None = None

    @property
    def decided_by_tie(self) -> bool:
        return any(tie.decided for tie in self.ties)

    @property
    def pabulib_rule(self) -> str:
        """The rule as Pabulib names it (``rule`` in a file's META section)."""
        if self.rule == "greedy":
            return "greedy"
        return "equalshares/add1" if self.completion == "add1" else "equalshares"


def tie_order(election: Election, *, tie_seed: int) -> tuple[int, ...]:
    """Option indices first to last: more votes, then cheaper, then the shuffle
    fixed by ``tie_seed``."""
    votes = election.votes

    def key(i: int) -> tuple[int, Fraction, str]:
        mark = f"{tie_seed}:{election.keys[i]}".encode()
        return (-votes[i], election.costs[i], hashlib.sha256(mark).hexdigest())

    return tuple(sorted(range(len(election.keys)), key=key))


def _ranks(order: tuple[int, ...]) -> list[int]:
    rank = [0] * len(order)
    for position, i in enumerate(order):
        rank[i] = position
    return rank


def _greedy_stage(
    election: Election,
    rank: list[int],
    funded: list[int],
    spent: Fraction,
) -> tuple[list[Step], list[Tie]]:
    """Fund, in ``rank`` order (votes first), every voted-for option that still
    fits; ``funded`` is extended in place."""
    votes = election.votes
    taken = set(funded)
    order = sorted(
        (i for i in range(len(votes)) if votes[i] and i not in taken),
        key=rank.__getitem__,
    )
    steps: list[Step] = []
    ties: list[Tie] = []
    start = 0
    while start < len(order):
        end = start
        while end < len(order) and votes[order[end]] == votes[order[start]]:
            end += 1
        group = order[start:end]
        left = election.budget - spent
        fitting = [i for i in group if election.costs[i] <= left]
        won: list[int] = []
        for i in group:
            if election.costs[i] <= election.budget - spent:
                spent += election.costs[i]
                funded.append(i)
                won.append(i)
                steps.append(
                    Step(election.keys[i], "greedy", election.costs[i], votes[i], spent)
                )
        if len(fitting) > 1:
            # Whatever the order, the options that fit together all get in; an
            # option that fitted at the start but not at its turn lost to the tie.
            lost = [i for i in fitting if i not in won]
            ties.append(
                Tie(
                    stage="greedy",
                    options=tuple(election.keys[i] for i in fitting),
                    won=tuple(election.keys[i] for i in won),
                    decided=bool(lost),
                    passed_over=tuple(election.keys[i] for i in lost),
                )
            )
        start = end
    return steps, ties


def greedy_by_votes(election: Election, *, tie_seed: int) -> Outcome:
    """Most votes first; fund each voted-for option that still fits."""
    order = tie_order(election, tie_seed=tie_seed)
    funded: list[int] = []
    steps, ties = _greedy_stage(election, _ranks(order), funded, Fraction(0))
    return Outcome(
        rule="greedy",
        completion="none",
        funded=tuple(election.keys[i] for i in funded),
        spent=sum((election.costs[i] for i in funded), Fraction(0)),
        budget=election.budget,
        steps=tuple(steps),
        ties=tuple(ties),
        tie_seed=tie_seed,
        tie_order=tuple(election.keys[i] for i in order),
    )


class _EqualSharesRun:
    """One exact run of Equal Shares at a given share per voter.

    Money is counted in whole units of ``1/scale`` pounds. ``values[g]`` is what
    each voter of group ``g`` has left (``approx[g]`` the same as a float, used
    only to sort) and ``group[v]`` is voter ``v``'s group. Paying a price with a
    denominator multiplies ``scale`` (and every value) so that amounts stay whole.
    """

    def __init__(
        self,
        election: Election,
        rank: list[int],
        share: Fraction,
        limit: Fraction | None,
    ) -> None:
        self.election = election
        self.rank = rank
        self.limit = limit
        voted = [i for i, s in enumerate(election.supporters) if len(s)]
        scale = share.denominator
        for i in voted:
            scale = math.lcm(scale, election.costs[i].denominator)
        self.scale = scale
        self.units = [int(cost * scale) for cost in election.costs]
        self.values: list[int] = [int(share * scale)]
        self.approx = np.array([float(share)])
        self.empty: int | None = None if share else 0
        self.group: _Index = np.zeros(election.voters, dtype=np.int32)
        # Pabutools and the papers fund voted-for free options before anything.
        free = sorted((i for i in voted if not self.units[i]), key=rank.__getitem__)
        self.funded: list[int] = list(free)
        self.spent = Fraction(0)
        self.steps: list[Step] = [
            Step(
                election.keys[i],
                "equal_shares",
                Fraction(0),
                len(election.supporters[i]),
                Fraction(0),
                Fraction(0),
            )
            for i in free
        ]
        self.remaining = {i for i in voted if self.units[i]}
        # Everyone paying an equal part is the lowest price an option can have.
        self.lowest = {
            i: Fraction(1, len(election.supporters[i])) for i in self.remaining
        }
        self.overspent = False
        #: (run just before the tie, the tied options in tie-break order)
        self.tie_points: list[tuple[_EqualSharesRun, list[int]]] = []

    def copy(self) -> _EqualSharesRun:
        twin = object.__new__(_EqualSharesRun)
        twin.__dict__.update(self.__dict__)
        twin.units = list(self.units)
        twin.values = list(self.values)
        twin.approx = self.approx.copy()
        twin.group = self.group.copy()
        twin.funded = list(self.funded)
        twin.steps = list(self.steps)
        twin.remaining = set(self.remaining)
        twin.lowest = dict(self.lowest)
        twin.tie_points = []
        return twin

    def _price(self, i: int) -> tuple[Fraction, int, int, int] | None:
        """(price per pound, paid by those who pay all they have, how many pay
        the full price, how many pay all they have), or None if the supporters
        together cannot afford the option."""
        groups, counts = np.unique(
            self.group[self.election.supporters[i]], return_counts=True
        )
        order = np.argsort(self.approx[groups], kind="stable")
        groups, counts = groups[order], counts[order]
        floats = self.approx[groups]
        ids: list[int] = groups.tolist()
        if len(ids) > 1 and (floats[1:] == floats[:-1]).any():
            # Rounding is monotone, so only equal floats can hide an order.
            by_value = sorted(range(len(ids)), key=lambda k: self.values[ids[k]])
            ids = [ids[k] for k in by_value]
            counts = counts[by_value]
        cost = self.units[i]
        paying = int(counts.sum())
        paid = 0
        poor = 0
        for g, count in zip(ids, counts.tolist(), strict=True):
            value = self.values[g]
            if paid + value * paying >= cost:
                return Fraction(cost - paid, paying * cost), paid, paying, poor
            paid += value * count
            paying -= count
            poor += count
        return None

    def _fund(self, i: int, paid: int, paying: int, poor: int) -> None:
        election = self.election
        rest = self.units[i] - paid
        common = math.gcd(rest, paying)
        price = Fraction(rest, paying * self.scale)
        factor = paying // common
        if factor > 1:
            self.scale *= factor
            self.values = list(map(factor.__mul__, self.values))
            self.units = list(map(factor.__mul__, self.units))
        each = rest // common
        supporters = election.supporters[i]
        groups = self.group[supporters]
        # New amounts left; equal new amounts share a group, and everyone with
        # nothing left shares one group.
        fresh: dict[int, int] = {}
        if self.empty is not None:
            fresh[0] = self.empty
        moves = np.arange(len(self.values), dtype=np.int32)
        added: list[float] = []
        for g in np.unique(groups).tolist():
            left = max(self.values[g] - each, 0)
            target = fresh.get(left)
            if target is None:
                target = fresh[left] = len(self.values)
                self.values.append(left)
                added.append(left / self.scale)
                if not left:
                    self.empty = target
            moves[g] = target
        self.approx = np.concatenate([self.approx, added])
        self.group[supporters] = moves[groups]
        sizes = np.bincount(self.group, minlength=len(self.values))
        if 2 * np.count_nonzero(sizes) < len(self.values):
            kept = np.flatnonzero(sizes)
            renumber = np.zeros(len(self.values), dtype=np.int32)
            renumber[kept] = np.arange(len(kept), dtype=np.int32)
            self.group = renumber[self.group]
            self.values = [self.values[g] for g in kept.tolist()]
            self.approx = self.approx[kept]
            if self.empty is not None:
                self.empty = int(renumber[self.empty]) if sizes[self.empty] else None
        self.remaining.discard(i)
        self.funded.append(i)
        self.spent += election.costs[i]
        self.steps.append(
            Step(
                election.keys[i],
                "equal_shares",
                election.costs[i],
                len(supporters),
                self.spent,
                price,
                poor,
            )
        )
        if self.limit is not None and self.spent > self.limit:
            self.overspent = True

    def run(self, *, note_ties: bool = True, forced: int | None = None) -> None:
        """Fund options until none is affordable (or the limit is passed)."""
        while not self.overspent:
            if forced is not None:
                priced = self._price(forced)
                assert priced is not None  # noqa: S101 - it was tied for cheapest
                self._fund(forced, *priced[1:])
                forced = None
                continue
            best: Fraction | None = None
            best_float = math.inf
            tied: list[tuple[int, tuple[Fraction, int, int, int]]] = []
            # Sorted by float; as rounding is monotone, a float above the best
            # float means an exact price above the best price.
            lowest = {i: float(self.lowest[i]) for i in self.remaining}
            for i in sorted(self.remaining, key=lowest.__getitem__):
                if lowest[i] > best_float:
                    break
                priced = self._price(i)
                if priced is None:
                    self.remaining.discard(i)
                    continue
                self.lowest[i] = priced[0]
                if best is None or priced[0] < best:
                    best, tied = priced[0], [(i, priced)]
                    best_float = float(best)
                elif priced[0] == best:
                    tied.append((i, priced))
            if not tied:
                return
            tied.sort(key=lambda t: self.rank[t[0]])
            if note_ties and len(tied) > 1:
                self.tie_points.append((self.copy(), [i for i, _p in tied]))
            chosen, priced = tied[0]
            self._fund(chosen, *priced[1:])

    def ties(self) -> list[Tie]:
        """For each tie of this run: would funding another of the level options
        at that step have changed what this run funds?"""
        found: list[Tie] = []
        funded = set(self.funded)
        for before, options in self.tie_points:
            passed_over: set[int] = set()
            decided = False
            for other in options[1:]:
                twin = before.copy()
                twin.limit, twin.overspent = None, False
                twin.run(note_ties=False, forced=other)
                if set(twin.funded) != funded:
                    decided = True
                    passed_over |= (set(twin.funded) - funded) & set(options)
            keys = self.election.keys
            found.append(
                Tie(
                    stage="equal_shares",
                    options=tuple(keys[i] for i in options),
                    won=(keys[options[0]],),
                    decided=decided,
                    passed_over=tuple(keys[i] for i in options if i in passed_over),
                )
            )
        return found


#: Relative gap under which floating point cannot tell two prices apart.
_CLOSE = 1e-7


class _TooClose(Exception):
    """Two choices were too close to call in floating point."""


class _QuickRun:
    """Equal Shares in floating point, only to search a completion's steps fast.

    It keeps each voter's money left as a float and refuses to choose (raises
    ``_TooClose``) whenever two prices, or an option's cost and its supporters'
    money, are within ``_CLOSE`` of each other: every choice it does make is the
    one exact arithmetic makes, as rounding errors here stay far below ``_CLOSE``.
    The run finally kept is always recomputed exactly.
    """

    def __init__(self, election: Election, share: Fraction, limit: Fraction) -> None:
        self.election = election
        self.limit = limit
        self.left = np.full(election.voters, float(share))
        self.costs = [float(cost) for cost in election.costs]
        voted = [i for i, s in enumerate(election.supporters) if len(s)]
        self.funded = [i for i in voted if not election.costs[i]]
        self.remaining = {i for i in voted if election.costs[i]}
        self.lowest = {i: 1 / len(election.supporters[i]) for i in self.remaining}
        self.spent = Fraction(0)
        self.overspent = False

    def _price(self, i: int) -> tuple[float, float] | None:
        money = np.sort(self.left[self.election.supporters[i]])
        cost = self.costs[i]
        total = float(money.sum())
        if total < cost * (1 - _CLOSE):
            return None
        if total <= cost * (1 + _CLOSE):
            raise _TooClose
        before = np.cumsum(money) - money
        paying = np.arange(len(money), 0, -1)
        k = int(np.argmax(before + money * paying >= cost))
        each = (cost - float(before[k])) / int(paying[k])
        return each / cost, each

    def run(self) -> None:
        while not self.overspent:
            best = second = math.inf
            chosen: tuple[int, float] | None = None
            for i in sorted(self.remaining, key=self.lowest.__getitem__):
                if self.lowest[i] > best * (1 + _CLOSE):
                    break
                priced = self._price(i)
                if priced is None:
                    self.remaining.discard(i)
                    continue
                self.lowest[i] = priced[0]
                if priced[0] < best:
                    second, best, chosen = best, priced[0], (i, priced[1])
                elif priced[0] < second:
                    second = priced[0]
            if chosen is None:
                return
            if second <= best * (1 + _CLOSE):
                raise _TooClose
            i, each = chosen
            supporters = self.election.supporters[i]
            self.left[supporters] = np.maximum(self.left[supporters] - each, 0.0)
            self.remaining.discard(i)
            self.funded.append(i)
            self.spent += self.election.costs[i]
            self.overspent = self.spent > self.limit


def _exhaustive(election: Election, funded: Iterable[int], spent: Fraction) -> bool:
    """Nothing voted for and not funded fits in the money left."""
    taken = set(funded)
    left = election.budget - spent
    return not any(
        len(s) and i not in taken and election.costs[i] <= left
        for i, s in enumerate(election.supporters)
    )


def _raised_share(
    election: Election,
    rank: list[int],
    share: Fraction,
    raise_by: Fraction,
    *,
    quick: bool,
) -> tuple[Fraction, Fraction | None, set[int]]:
    """As pabutools' exhaustion_by_budget_increase: raise each voter's share step
    by step until a run overspends the real budget or leaves nothing affordable.
    Returns the share kept, the share that overspent (if that is why it
    stopped), and the options funded at the share kept."""
    ceiling = election.budget * (election.voters + 1) / election.voters
    first = _EqualSharesRun(election, rank, share, election.budget)
    first.run(note_ties=False)
    kept, funded, spent = share, set(first.funded), first.spent
    trial = share
    while raise_by and not _exhaustive(election, funded, spent):
        trial += raise_by
        if trial > ceiling:
            break
        attempt: _QuickRun | _EqualSharesRun
        try:
            if not quick:
                raise _TooClose
            attempt = _QuickRun(election, trial, election.budget)
            attempt.run()
        except _TooClose:
            attempt = _EqualSharesRun(election, rank, trial, election.budget)
            attempt.run(note_ties=False)
        if attempt.overspent:
            return kept, trial, funded
        kept, funded, spent = trial, set(attempt.funded), attempt.spent
    return kept, None, funded


def equal_shares(
    election: Election, *, completion: Completion = "none", tie_seed: int
) -> Outcome:
    """The Method of Equal Shares with cost utilities, optionally completed (see
    the module docstring)."""
    if completion not in COMPLETIONS:
        raise ValueError(f"Unknown completion {completion!r}")
    order = tie_order(election, tie_seed=tie_seed)
    rank = _ranks(order)
    voters = election.voters
    funded: list[int] = []
    steps: list[Step] = []
    ties: list[Tie] = []
    spent = Fraction(0)
    share: Fraction | None = None
    if voters:
        share = election.budget / voters
        if completion != "none":
            raise_by = (
                Fraction(1) if completion == "add1" else election.budget / 100 / voters
            )
            share, over, found = _raised_share(
                election, rank, share, raise_by, quick=True
            )
            # Floating point only searched; check its two findings exactly.
            checked = over is None or _overspends(election, rank, over)
            kept = _EqualSharesRun(election, rank, share, None)
            kept.run()
            if not checked or set(kept.funded) != found:  # pragma: no cover
                share, over, found = _raised_share(
                    election, rank, election.budget / voters, raise_by, quick=False
                )
                kept = _EqualSharesRun(election, rank, share, None)
                kept.run()
        else:
            kept = _EqualSharesRun(election, rank, share, None)
            kept.run()
        funded, steps, ties, spent = (
            list(kept.funded),
            list(kept.steps),
            kept.ties(),
            kept.spent,
        )
    if completion != "none" and not _exhaustive(election, funded, spent):
        more_steps, more_ties = _greedy_stage(election, rank, funded, spent)
        steps += more_steps
        ties += more_ties
    return Outcome(
        rule="equal_shares",
        completion=completion,
        funded=tuple(election.keys[i] for i in funded),
        spent=sum((election.costs[i] for i in funded), Fraction(0)),
        budget=election.budget,
        steps=tuple(steps),
        ties=tuple(ties),
        tie_seed=tie_seed,
        tie_order=tuple(election.keys[i] for i in order),
        voter_share=share,
    )


def _overspends(election: Election, rank: list[int], share: Fraction) -> bool:
    run = _EqualSharesRun(election, rank, share, election.budget)
    run.run(note_ties=False)
    return run.overspent
