"""LEXIMIN selection: draw a panel so that the volunteers least likely to be
chosen are as likely as possible (Flanigan, Gölz, Gupta, Hennig and Procaccia,
"Fair algorithms for selecting citizens' assemblies", Nature 2021).

Every quota (category, value, at least, at most) holds for every panel that can
be drawn. Among all lotteries over such panels, LEXIMIN picks the one that makes
the smallest chance of selection as large as possible; then, keeping that, the
next smallest; and so on. Each volunteer's chance is published with the draw.

How: volunteers with the same answers for the quota categories (a *profile*) are
interchangeable, and the LEXIMIN chances are unique, so people of one profile
have equal chances. The lottery is over *seat counts per profile* (then, inside a
profile, people are picked uniformly), solved by column generation with HiGHS:
a linear programme over a growing set of seat counts finds the best smallest
chance (through its dual), and an integer programme priced by the dual values
adds the seat count that would improve it most, until none would. Profiles whose
chance cannot rise further are then fixed, and the next stage maximises the
smallest chance of the others. The draw itself uses a recorded seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import highspy
import numpy as np
import numpy.typing as npt
from django.utils.translation import gettext as _

from .quota_conflicts import (
    Profile,
    QuotaLimit,
    SeatModel,
    conflict_message,
    find_conflict,
)
from .selection import QuotaRule, _considered, _plain_reasons, remaining_quotas

#: Tolerance of the linear programmes (chances are reported to 6 places).
_EPS = 1e-9

_Floats = npt.NDArray[np.float64]


@dataclass
class LeximinDraw:
    #: The people drawn, by id.
    selected: list[int] = field(default_factory=list)
    #: Each considered volunteer's chance of selection under the lottery.
    probabilities: dict[int, float] = field(default_factory=dict)
    #: The lottery: (probability, seats per profile); inside a profile the seats
    #: go to people chosen uniformly at random.
    lottery: list[tuple[float, dict[Profile, int]]] = field(default_factory=list)
    #: The quota categories, in the order a profile lists its answers.
    categories: list[str] = field(default_factory=list)
    seed: int = 0
    problems: list[str] = field(default_factory=list)
    left_out: dict[str, int] = field(default_factory=dict)
    conflict: list[QuotaLimit] = field(default_factory=list)

    @property
    def succeeded(self) -> bool:
        return not self.problems


class _Leximin:
    def __init__(self, model: SeatModel) -> None:
        self.model = model
        self.counts = model.counts
        self.pricing = model.solver(model.limits())
        self.pricing.changeObjectiveSense(highspy.ObjSense.kMaximize)
        # A panel that improves the dual by less than HiGHS' default gap (1e-4)
        # would be missed and the chances left a little short: prove optimality.
        self.pricing.setOptionValue("mip_rel_gap", 1e-9)
        self.columns: list[npt.NDArray[np.int64]] = []
        self.seen: set[tuple[int, ...]] = set()

    def _best(self, weights: _Floats) -> tuple[float, npt.NDArray[np.int64]]:
        """The seat counts with the largest weighted sum."""
        n = len(weights)
        self.pricing.changeColsCost(n, np.arange(n, dtype=np.int32), weights)
        self.pricing.run()
        seats = np.rint(np.array(self.pricing.getSolution().col_value)).astype(np.int64)
        return float(weights @ seats), seats

    def _add(self, seats: npt.NDArray[np.int64]) -> bool:
        key = tuple(int(s) for s in seats)
        if key in self.seen:
            return False
        self.seen.add(key)
        self.columns.append(seats)
        return True

    def solve(self) -> tuple[list[float], list[npt.NDArray[np.int64]], _Floats]:
        """(weights, seat counts, chance per profile)."""
        n = len(self.counts)
        fixed: dict[int, float] = {}
        # Start with, for each quota value, a panel with as many people of it
        # as possible. (A profile no panel can include ends with chance 0: its
        # dual weight takes the first stage to 0 and fixes it there.)
        for members in self.model.members.values():
            weights = np.zeros(n)
            weights[members] = 1.0
            self._add(self._best(weights)[1])
        self._add(self._best(np.zeros(n))[1])
        while len(fixed) < n:
            lowest, duals = self._stage(fixed)
            for t in range(n):
                if t not in fixed and duals[t] > 1e-7:
                    fixed[t] = lowest
        return self._lottery(fixed)

    def _stage(self, fixed: dict[int, float]) -> tuple[float, _Floats]:
        """Column generation for one stage: the largest smallest chance of the
        profiles not yet fixed (fixed ones keep theirs), and the dual weights.

        Dual: minimise cap - sum(fixed chance * y) subject to, for every panel
        in the portfolio, sum(y * seats / volunteers) <= cap, and the y of the
        profiles not fixed summing to 1."""
        n = len(self.counts)
        free = [t for t in range(n) if t not in fixed]
        h = highspy.Highs()
        h.silent()
        costs = np.array([-fixed.get(t, 0.0) for t in range(n)] + [1.0])
        h.addVars(n + 1, np.zeros(n + 1), np.full(n + 1, highspy.kHighsInf))
        h.changeColsCost(n + 1, np.arange(n + 1, dtype=np.int32), costs)
        h.addRow(
            1.0, 1.0, len(free), np.array(free, dtype=np.int32), np.ones(len(free))
        )
        for seats in self.columns:
            self._panel_row(h, seats)
        while True:
            # Each new row keeps the last basis, so HiGHS restarts warm.
            h.run()
            values = np.array(h.getSolution().col_value)
            duals, cap = values[:n], values[n]
            value, seats = self._best(duals / self.counts)
            if value <= cap + _EPS or not self._add(seats):
                return float(h.getInfo().objective_function_value), duals
            self._panel_row(h, seats)

    def _panel_row(self, h: highspy.Highs, seats: npt.NDArray[np.int64]) -> None:
        """sum(y * seats / volunteers) - cap <= 0 for this panel."""
        n = len(self.counts)
        nz = np.flatnonzero(seats)
        h.addRow(
            -highspy.kHighsInf,
            0.0,
            len(nz) + 1,
            np.append(nz, n).astype(np.int32),
            np.append(seats[nz] / self.counts[nz], -1.0),
        )

    def _lottery(
        self, fixed: dict[int, float]
    ) -> tuple[list[float], list[npt.NDArray[np.int64]], _Floats]:
        """Weights over the portfolio giving every profile its fixed chance (as
        closely as the solver allows: the largest shortfall is minimised)."""
        n = len(self.counts)
        m = len(self.columns)
        h = highspy.Highs()
        h.silent()
        # Variables: one weight per panel, then the shortfall.
        h.addVars(m + 1, np.zeros(m + 1), np.full(m + 1, highspy.kHighsInf))
        h.changeColCost(m, 1.0)
        h.addRow(1.0, 1.0, m, np.arange(m, dtype=np.int32), np.ones(m))
        matrix = np.array(self.columns, dtype=float) / self.counts
        for t in range(n):
            nz = np.flatnonzero(matrix[:, t])
            h.addRow(
                fixed[t],
                highspy.kHighsInf,
                len(nz) + 1,
                np.append(nz, m).astype(np.int32),
                np.append(matrix[nz, t], 1.0),
            )
        h.run()
        weights = np.clip(np.array(h.getSolution().col_value)[:m], 0.0, None)
        weights /= weights.sum()
        kept = [i for i in range(m) if weights[i] > _EPS]
        weights = weights[kept] / weights[kept].sum()
        columns = [self.columns[i] for i in kept]
        chances = weights @ (np.array(columns, dtype=float) / self.counts)
        return [float(w) for w in weights], columns, chances


def select_leximin(
    *,
    pool: Mapping[int, Mapping[str, str]],
    quotas: Iterable[QuotaRule],
    size: int,
    seed: int,
    seated: Mapping[int, Mapping[str, str]] | None = None,
) -> LeximinDraw:
    """Choose ``size`` people from ``pool`` (person id to {category: value}) by
    the LEXIMIN lottery, every quota met; the lottery, everyone's chance and the
    seed are returned with the panel. Volunteers with no answer for a quota
    category are left out (and counted), as in ``select_stratified``, which also
    explains ``seated`` (a top-up draw counts the members already seated)."""
    quotas = list(quotas)
    categories = sorted({q.category for q in quotas})
    people, left_out = _considered(pool, categories)
    draw = LeximinDraw(left_out=left_out, seed=seed, categories=categories)
    if size < 1:
        draw.problems = [_("Choose at least one seat to fill.")]
        return draw
    quotas, over = remaining_quotas(quotas, seated or {})
    reasons = over + _plain_reasons(people, quotas, size, bool(seated))
    model = SeatModel(people, quotas, size)
    if reasons or not model.feasible(model.limits()):
        draw.conflict = find_conflict(people, quotas, size) or []
        draw.problems = reasons or [conflict_message(draw.conflict, len(people), size)]
        return draw
    weights, columns, chances = _Leximin(model).solve()
    keys = model.keys
    draw.lottery = [
        (w, {keys[t]: int(s) for t, s in enumerate(seats) if s})
        for w, seats in zip(weights, columns, strict=True)
    ]
    draw.probabilities = {
        person: float(chances[t])
        for t, key in enumerate(keys)
        for person in model.groups[key]
    }
    rng = random.Random(seed)  # noqa: S311 - fairness, not secrecy
    pick = rng.random()
    chosen = columns[-1]
    for weight, seats in zip(weights, columns, strict=True):
        pick -= weight
        if pick < 0:
            chosen = seats
            break
    draw.selected = sorted(
        person
        for t, key in enumerate(keys)
        for person in rng.sample(model.groups[key], int(chosen[t]))
    )
    return draw
