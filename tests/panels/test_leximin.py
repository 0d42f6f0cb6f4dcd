"""LEXIMIN selection checked against an independent calculation on small pools
(every possible panel listed, the leximin chances found by plain linear
programmes over all of them), and quota clashes named by both selection methods
checked by brute force."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import highspy
import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from panels.leximin import select_leximin
from panels.quota_conflicts import QuotaLimit
from panels.selection import QuotaRule, select_stratified

CATEGORIES = {"Age": ["Young", "Middle", "Older"], "Area": ["North", "South"]}

Pool = dict[int, dict[str, str]]


def meets(panel: tuple[int, ...], pool: Pool, limits: list[QuotaLimit]) -> bool:
    counts = Counter((c, pool[p][c]) for p in panel for c in pool[p])
    for limit in limits:
        n = counts[(limit.quota.category, limit.quota.value)]
        if limit.side == "minimum" and n < limit.quota.minimum:
            return False
        if limit.side == "maximum" and n > limit.quota.maximum:
            return False
    return True


def all_limits(quotas: list[QuotaRule]) -> list[QuotaLimit]:
    return [QuotaLimit(q, s) for q in quotas for s in ("minimum", "maximum")]


def panels(pool: Pool, limits: list[QuotaLimit], size: int) -> list[tuple[int, ...]]:
    return [p for p in combinations(sorted(pool), size) if meets(p, pool, limits)]


def lp_max(objective: np.ndarray, rows: list[tuple[np.ndarray, float, float]]) -> float:
    """max objective @ x, x >= 0, for rows (coefficients, low, high)."""
    h = highspy.Highs()
    h.silent()
    n = len(objective)
    h.addVars(n, np.zeros(n), np.full(n, highspy.kHighsInf))
    h.changeColsCost(n, np.arange(n, dtype=np.int32), objective)
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    for coefficients, low, high in rows:
        h.addRow(low, high, n, np.arange(n, dtype=np.int32), coefficients)
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return float(h.getInfo().objective_function_value)


def reference_leximin(pool: Pool, quotas: list[QuotaRule], size: int) -> dict:
    """The leximin chances straight from the definition: over all feasible
    panels, maximise the smallest chance; fix everyone who cannot get more
    without someone else getting less than it; repeat."""
    people = sorted(pool)
    feasible = panels(pool, all_limits(quotas), size)
    member = np.array([[p in panel for panel in feasible] for p in people], float)
    m = len(feasible)
    fixed: dict[int, float] = {}
    while len(fixed) < len(people):
        free = [i for i in range(len(people)) if i not in fixed]
        # Variables: the panels' weights, then z.
        total = (np.append(np.ones(m), 0.0), 1.0, 1.0)
        floors = [
            (np.append(member[i], 0.0), fixed[i] - 1e-9, highspy.kHighsInf)
            for i in fixed
        ]
        z_rows = [(np.append(member[i], -1.0), 0.0, highspy.kHighsInf) for i in free]
        z = lp_max(np.append(np.zeros(m), 1.0), [total, *floors, *z_rows])
        stuck = []
        for i in free:
            others = [
                (np.append(member[j], 0.0), z - 1e-9, highspy.kHighsInf) for j in free
            ]
            most = lp_max(np.append(member[i], 0.0), [total, *floors, *others])
            if most <= z + 1e-7:
                stuck.append(i)
        assert stuck
        for i in stuck:
            fixed[i] = z
    return {people[i]: p for i, p in fixed.items()}


people = st.fixed_dictionaries(
    {category: st.sampled_from(values) for category, values in CATEGORIES.items()}
)
quota_bounds = st.tuples(st.integers(0, 4), st.integers(0, 4)).map(sorted)


@st.composite
def problems(draw: st.DrawFn) -> tuple[Pool, list[QuotaRule], int]:
    pool = dict(enumerate(draw(st.lists(people, min_size=1, max_size=10))))
    quotas = []
    for category, values in CATEGORIES.items():
        for value in values:
            if draw(st.booleans()):
                low, high = draw(quota_bounds)
                quotas.append(QuotaRule(category, value, low, high))
    return pool, quotas, draw(st.integers(1, min(5, len(pool))))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems(), seed=st.integers(0, 2**32))
def test_leximin_chances_match_the_definition(problem: tuple, seed: int) -> None:
    """On pools of up to ten, everyone's chance equals the leximin chance found
    over every possible panel; chances add up to the seats; every panel the
    lottery can draw meets the quotas; the smallest chance is at least that of
    drawing uniformly among all valid panels (and the sorted chances beat it);
    the seed repeats the draw."""
    pool, quotas, size = problem
    feasible = panels(pool, all_limits(quotas), size)
    draw = select_leximin(pool=pool, quotas=quotas, size=size, seed=seed)
    if not feasible:
        assert not draw.succeeded and draw.selected == []
        return
    assert draw.succeeded, draw.problems
    expected = reference_leximin(pool, quotas, size)
    for person, chance in expected.items():
        assert abs(draw.probabilities[person] - chance) < 1e-6
    assert abs(sum(draw.probabilities.values()) - size) < 1e-6
    assert abs(sum(w for w, _s in draw.lottery) - 1) < 1e-9
    for _weight, seats in draw.lottery:
        assert sum(seats.values()) == size
        counts = Counter()
        for profile, n in seats.items():
            for category, answer in zip(draw.categories, profile, strict=True):
                counts[(category, answer)] += n
        assert all(
            q.minimum <= counts[(q.category, q.value)] <= q.maximum for q in quotas
        )
    assert len(set(draw.selected)) == size
    assert meets(tuple(draw.selected), pool, all_limits(quotas))
    again = select_leximin(pool=pool, quotas=quotas, size=size, seed=seed)
    assert again.selected == draw.selected
    uniform = sorted(
        sum(p in panel for panel in feasible) / len(feasible) for p in pool
    )
    ours = sorted(draw.probabilities.values())
    assert ours[0] >= uniform[0] - 1e-9
    difference = next(
        (a - b for a, b in zip(ours, uniform, strict=True) if abs(a - b) > 1e-7), 0
    )
    assert difference >= 0


def test_leximin_evens_out_chances_a_plain_draw_would_skew() -> None:
    """Two older volunteers and eight younger, one seat each: LEXIMIN gives each
    older person a chance of one half and each younger person one eighth, and
    over many seeds the draw follows those chances."""
    pool = {i: {"Age": "Older" if i < 2 else "Young"} for i in range(10)}
    quotas = [QuotaRule("Age", "Older", 1, 1), QuotaRule("Age", "Young", 1, 1)]
    draw = select_leximin(pool=pool, quotas=quotas, size=2, seed=0)
    for i in range(10):
        assert abs(draw.probabilities[i] - (0.5 if i < 2 else 0.125)) < 1e-9
    chosen = Counter()
    for seed in range(400):
        chosen.update(
            select_leximin(pool=pool, quotas=quotas, size=2, seed=seed).selected
        )
    assert 150 < chosen[0] < 250 and 25 < chosen[5] < 75


def is_genuine_conflict(pool: Pool, conflict: list[QuotaLimit], size: int) -> bool:
    """The named limits cannot be met together, and dropping any one of them
    allows a panel (checked by listing panels)."""
    if panels(pool, conflict, size):
        return False
    return all(
        panels(pool, [c for c in conflict if c is not limit], size)
        for limit in conflict
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems(), seed=st.integers(0, 2**32))
def test_both_methods_name_quotas_that_truly_clash(problem: tuple, seed: int) -> None:
    """When no panel meets the quotas, both the stratified draw and LEXIMIN name
    a set of quota limits that cannot be met together, and in which dropping any
    single limit would allow a panel."""
    pool, quotas, size = problem
    if panels(pool, all_limits(quotas), size):
        return
    for draw in (
        select_stratified(pool=pool, quotas=quotas, size=size, seed=seed),
        select_leximin(pool=pool, quotas=quotas, size=size, seed=seed),
    ):
        assert not draw.succeeded and draw.problems
        assert draw.conflict
        assert is_genuine_conflict(pool, draw.conflict, size)


def test_a_clash_between_categories_is_named_in_words() -> None:
    """Each quota can be met alone, but not together: the message names the
    clashing limits rather than saying something general."""
    pool = {i: {"Age": "Young", "Area": "North"} for i in range(4)} | {
        i: {"Age": "Older", "Area": "South"} for i in range(4, 8)
    }
    quotas = [
        QuotaRule("Age", "Young", 3, 4),
        QuotaRule("Area", "South", 2, 4),
        QuotaRule("Area", "North", 0, 4),
    ]
    for draw in (
        select_stratified(pool=pool, quotas=quotas, size=4, seed=1),
        select_leximin(pool=pool, quotas=quotas, size=4, seed=1),
    ):
        assert draw.problems == [
            "These quotas cannot all be met at once with 8 volunteers and 4 "
            "seats: Age – Young: at least 3; Area – South: at least 2. Change "
            "one of them, or recruit more volunteers in the groups that are short."
        ]
