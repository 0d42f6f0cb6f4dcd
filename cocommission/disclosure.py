"""One disclosure rule for every figure derived from people.

k = 5. A count of 1 to k - 1 people is shown as "fewer than 5" (a *small* figure,
band 1..4). Zero is shown as 0. Any other figure that would let a reader work a
small figure out (by subtracting from a total, or from the other figures tied to it
by a sum) is withheld as "hidden" (band: any number, 0 included, so a reader learns
nothing from it).

Which figures to withhold is not guessed from patterns: :func:`protect` takes the
figures with the sums that tie them together (the reader knows these too: the
answers to a question add up to the number who answered it, a row of a table to its
total), marks the small ones, then *audits* what a reader could deduce. For every
small figure it solves an integer programme (HiGHS) for the least and greatest value
consistent with everything shown. While some small figure can be narrowed below its
whole band, it withholds one more figure tied to it: the smallest other figure in
one of its sums first, then a zero, then it says "hidden" instead of "fewer than 5"
for the small figures beside it (a reader then cannot count on each being at least
1), and totals last. Figures already published elsewhere (``fixed``) keep their
state and the audit counts them as known.

A share (per cent) is shown only when its count and its base are both shown exactly,
so it tells nothing the counts do not; an average only when every count it is made
from is shown. Budget votes are not covered: a vote count is the public result of a
ballot, like an election's, and no answer is linked to a person.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import highspy
import numpy as np
from django.utils.translation import gettext as _

K = 5


class State(enum.Enum):
    SHOWN = "shown"
    #: 1 to k - 1 people, shown as "fewer than 5".
    SMALL = "small"
    #: Withheld: shown as "hidden", telling nothing about the number.
    HIDDEN = "hidden"


def label(count: int, state: State) -> str:
    """A figure as a reader may see it."""
    if state is State.SMALL:
        return _("fewer than 5")
    if state is State.HIDDEN:
        return _("hidden")
    return str(count)


def primary(count: int, k: int = K) -> State:
    return State.SMALL if 0 < count < k else State.SHOWN


def shown(count: int, k: int = K) -> str:
    """A lone count with nothing tied to it: exact, or "fewer than 5"."""
    return label(count, primary(count, k))


@dataclass
class Sum:
    """``sum(parts)`` relates to ``total``: equal, at most or at least it."""

    total: int
    parts: list[int]
    relation: str = "=="  # "==", "<=" (parts add up to at most total) or ">="
    #: Each part's coefficient when it is not 1 (a reader who knows each
    #: group's chance of selection knows the chances times the groups' sizes
    #: add up to the seats), and how far either way of the relation the sum may
    #: be (the coefficients shown were rounded).
    weights: list[float] | None = None
    slack: float = 0.0


@dataclass
class Figures:
    """Figures a reader sees, and the sums every reader knows tie them."""

    values: list[int] = field(default_factory=list)
    sums: list[Sum] = field(default_factory=list)
    #: Figures whose state is decided elsewhere (already published).
    fixed: dict[int, State] = field(default_factory=dict)
    #: Figures never shown, only tied by sums (for example a base no page prints).
    unpublished: set[int] = field(default_factory=set)
    #: Unpublished groups of people a reader can still work out (for example
    #: those who did not answer a question: everyone less those who did). Never
    #: shown, but audited like a hidden figure: 1 to k - 1 of them must not be
    #: narrowed below 1..k-1.
    derived: set[int] = field(default_factory=set)
    #: Totals: withheld only when nothing else helps.
    totals: set[int] = field(default_factory=set)

    def add(self, value: int, *, total: bool = False) -> int:
        self.values.append(value)
        if total:
            self.totals.add(len(self.values) - 1)
        return len(self.values) - 1

    def tie(
        self,
        total: int,
        parts: Iterable[int],
        relation: str = "==",
        *,
        weights: Iterable[float] | None = None,
        slack: float = 0.0,
    ) -> None:
        self.sums.append(
            Sum(
                total,
                list(parts),
                relation,
                None if weights is None else list(weights),
                slack,
            )
        )


def _bounds(value: int, state: State | None, k: int) -> tuple[float, float]:
    if state is None or state is State.HIDDEN:
        return 0, highspy.kHighsInf
    if state is State.SMALL:
        return 1, k - 1
    return value, value


class Audit:
    """What a reader can deduce: one integer programme over every figure, kept
    while figures are withheld.

    Withholding a figure only widens its bounds, so a consistent set of values
    found once stays consistent; each one found is kept and settles, without
    solving again, every small figure it shows can be 1 or k - 1. The true
    figures are one such set, when they agree with the sums."""

    def __init__(
        self, figures: Figures, states: Sequence[State | None], k: int = K
    ) -> None:
        self.figures, self.k = figures, k
        n = len(figures.values)
        self.highs = h = highspy.Highs()
        h.silent()
        lower, upper = (
            zip(
                *(
                    _bounds(v, s, k)
                    for v, s in zip(figures.values, states, strict=True)
                ),
                strict=True,
            )
            if n
            else ((), ())
        )
        self.lower = np.array(lower, dtype=float)
        self.upper = np.array(upper, dtype=float)
        h.addVars(n, self.lower, self.upper)
        if n:
            h.changeColsIntegrality(
                n,
                np.arange(n, dtype=np.int32),
                np.array([highspy.HighsVarType.kInteger] * n),
            )
        self.ties: list[tuple[np.ndarray, np.ndarray, float, float]] = []
        for tie in figures.sums:
            merged: dict[int, float] = {}
            weights = tie.weights or [1.0] * len(tie.parts)
            for column, weight in zip(tie.parts, weights, strict=True):
                merged[column] = merged.get(column, 0.0) + weight
            merged[tie.total] = merged.get(tie.total, 0.0) - 1.0
            low = -tie.slack if tie.relation in ("==", ">=") else -highspy.kHighsInf
            high = tie.slack if tie.relation in ("==", "<=") else highspy.kHighsInf
            columns = np.array(list(merged), dtype=np.int32)
            coefficients = np.array(list(merged.values()), dtype=float)
            h.addRow(low, high, len(merged), columns, coefficients)
            self.ties.append((columns, coefficients, low, high))
        self.pool: list[np.ndarray] = []
        truth = np.array(figures.values, dtype=float)
        if self._consistent(truth):
            self.pool.append(truth)

    def _consistent(self, values: np.ndarray) -> bool:
        if np.any(values < self.lower) or np.any(values > self.upper):
            return False
        for columns, coefficients, low, high in self.ties:
            activity = float(values[columns] @ coefficients)
            if activity < low - 1e-6 or activity > high + 1e-6:
                return False
        return True

    def set_state(self, index: int, state: State | None) -> None:
        low, high = _bounds(self.figures.values[index], state, self.k)
        self.lower[index], self.upper[index] = low, high
        self.highs.changeColBounds(index, low, high)

    def reaches(self, index: int, low: float, high: float) -> bool:
        """Whether some values consistent with everything shown put figure
        ``index`` between ``low`` and ``high``."""
        for values in self.pool:
            if low - 1e-6 <= values[index] <= high + 1e-6:
                return True
        low, high = max(low, self.lower[index]), min(high, self.upper[index])
        if low > high:
            return False
        h = self.highs
        h.changeColBounds(index, low, high)
        h.run()
        found = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
        if found:
            self.pool.append(np.rint(np.array(h.getSolution().col_value)))
        h.changeColBounds(index, self.lower[index], self.upper[index])
        return found

    def covers(self, index: int) -> bool:
        """Whether a reader cannot narrow figure ``index`` below 1..k-1."""
        return self.reaches(index, 0, 1) and self.reaches(
            index, self.k - 1, highspy.kHighsInf
        )


def feasible_range(
    figures: Figures, states: Sequence[State | None], index: int, k: int = K
) -> tuple[float, float]:
    """The least and greatest value of figure ``index`` consistent with every
    figure shown and every sum (None: unpublished)."""
    h = Audit(figures, states, k).highs
    n = len(figures.values)
    found = []
    for sense in (highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize):
        costs = np.zeros(n)
        costs[index] = 1.0
        h.changeColsCost(n, np.arange(n, dtype=np.int32), costs)
        h.changeObjectiveSense(sense)
        h.run()
        status = h.getModelStatus()
        if status == highspy.HighsModelStatus.kUnbounded:
            found.append(highspy.kHighsInf)
        elif status == highspy.HighsModelStatus.kOptimal:
            found.append(h.getInfo().objective_function_value)
        else:  # infeasible cannot happen with true figures; unbounded both ways
            found.append(
                -highspy.kHighsInf
                if sense == highspy.ObjSense.kMinimize
                else highspy.kHighsInf
            )
    return found[0], found[1]


def _at_risk(figures: Figures, states: Sequence[State | None], k: int) -> list[int]:
    """Figures of 1 to k - 1 people that are not shown exactly."""
    return [
        i
        for i, (value, state) in enumerate(zip(figures.values, states, strict=True))
        if (state in (State.SMALL, State.HIDDEN) or i in figures.derived)
        and 0 < value < k
    ]


def narrowed(figures: Figures, states: Sequence[State | None], k: int = K) -> list[int]:
    """Small figures (truly 1 to k - 1) that are not shown but a reader can pin
    to less than the whole band 1..k-1."""
    audit = Audit(figures, states, k)
    return [i for i in _at_risk(figures, states, k) if not audit.covers(i)]


def protect(figures: Figures, k: int = K) -> list[State]:
    """The state of each figure: small ones "fewer than 5", and as many others
    withheld as it takes for no reader to narrow a small one (see the module).

    Each small figure is audited in turn until it is safe. Withholding only ever
    widens what a reader must allow for, so a figure found safe stays safe."""
    states: list[State | None] = []
    for i, value in enumerate(figures.values):
        if i in figures.fixed:
            states.append(figures.fixed[i])
        elif i in figures.unpublished or i in figures.derived:
            states.append(None)
        else:
            states.append(primary(value, k))
    audit = Audit(figures, states, k)
    for target in _at_risk(figures, states, k):
        while not audit.covers(target):
            before = list(states)
            if not _withhold_one(figures, states, target):
                break  # everything tied to it is withheld or published elsewhere
            for i, (old, new) in enumerate(zip(before, states, strict=True)):
                if old is not new:
                    audit.set_state(i, new)
    return [s if s is not None else State.HIDDEN for s in states]


def _withhold_one(figures: Figures, states: list[State | None], target: int) -> bool:
    """Withhold one more figure tied to ``target`` (or, when none is left, tied
    to those, and so on outwards); False when nothing is left anywhere."""
    seen = {target}
    frontier = {target}
    while frontier:
        ring: list[int] = []
        for tie in figures.sums:
            members = [tie.total, *tie.parts]
            if frontier.intersection(members):
                ring.extend(m for m in members if m not in seen and m not in ring)
        if _withhold_in(figures, states, target, ring):
            return True
        seen.update(ring)
        frontier = set(ring)
    return False


def _free(figures: Figures, ring: list[int]) -> list[int]:
    """The figures of ``ring`` whose state is ours to choose."""
    return [
        i
        for i in ring
        if i not in figures.fixed
        and i not in figures.unpublished
        and i not in figures.derived
    ]


def _shown_cell(
    figures: Figures, states: list[State | None], free: list[int]
) -> int | None:
    """The smallest shown cell (not a total) of ``free``, the non-zero ones first;
    None when none is shown."""
    shown_cells = [
        i for i in free if i not in figures.totals and states[i] is State.SHOWN
    ]
    big = sorted((figures.values[i], i) for i in shown_cells if figures.values[i] > 0)
    if big:
        return big[0][1]
    zeros = [i for i in shown_cells if figures.values[i] == 0]
    return zeros[0] if zeros else None


def _to_withhold(
    figures: Figures, states: list[State | None], target: int, free: list[int]
) -> list[int]:
    """What to withhold next, in order of preference: a shown cell (the smallest
    above zero, else a zero), else every "fewer than 5", else a shown total."""
    cell = _shown_cell(figures, states, free)
    if cell is not None:
        return [cell]
    # A reader counts on each "fewer than 5" being at least 1: saying "hidden"
    # instead takes that away.
    small = [
        i
        for i in {target, *free}
        if states[i] is State.SMALL and i not in figures.fixed
    ]
    if small:
        return small
    return [i for i in free if i in figures.totals and states[i] is State.SHOWN][:1]


def _withhold_in(
    figures: Figures, states: list[State | None], target: int, ring: list[int]
) -> bool:
    chosen = _to_withhold(figures, states, target, _free(figures, ring))
    for i in chosen:
        states[i] = State.HIDDEN
    return bool(chosen)


def share_shown(count_state: State, base_state: State) -> bool:
    """A share is shown only when its count and base are both shown exactly."""
    return count_state is State.SHOWN and base_state is State.SHOWN
