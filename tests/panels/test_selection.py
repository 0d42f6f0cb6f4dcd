"""Stratified selection: exact, random, reproducible and honest about failure."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from panels.selection import QuotaRule, select_stratified

CATEGORIES = {"Age": ["Young", "Middle", "Older"], "Area": ["North", "South"]}


def meets(selected: list[int], pool: dict, quotas: list[QuotaRule]) -> bool:
    counts = Counter((c, pool[p][c]) for p in selected for c in pool[p])
    return all(q.minimum <= counts[(q.category, q.value)] <= q.maximum for q in quotas)


def feasible_by_brute_force(pool: dict, quotas: list[QuotaRule], size: int) -> bool:
    return any(
        meets(list(group), pool, quotas) for group in combinations(sorted(pool), size)
    )


people = st.fixed_dictionaries(
    {category: st.sampled_from(values) for category, values in CATEGORIES.items()}
)
quota_bounds = st.tuples(st.integers(0, 4), st.integers(0, 4)).map(sorted)


@st.composite
def problems(draw: st.DrawFn) -> tuple[dict, list[QuotaRule], int]:
    pool = dict(enumerate(draw(st.lists(people, min_size=0, max_size=10))))
    quotas = []
    for category, values in CATEGORIES.items():
        for value in values:
            if draw(st.booleans()):
                low, high = draw(quota_bounds)
                quotas.append(QuotaRule(category, value, low, high))
    return pool, quotas, draw(st.integers(1, 6))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems(), seed=st.integers(0, 2**32))
def test_quotas_are_met_whenever_they_can_be(problem: tuple, seed: int) -> None:
    """Whenever some group of the right size meets every quota, the draw finds one
    that does; when none can, the draw fails with reasons and selects nobody."""
    pool, quotas, size = problem
    draw = select_stratified(pool=pool, quotas=quotas, size=size, seed=seed)
    if feasible_by_brute_force(pool, quotas, size):
        assert draw.succeeded, draw.problems
        assert len(draw.selected) == size
        assert len(set(draw.selected)) == size
        assert meets(draw.selected, pool, quotas)
    else:
        assert not draw.succeeded
        assert draw.problems
        assert draw.selected == []


@settings(max_examples=40, deadline=None)
@given(problem=problems(), seed=st.integers(0, 2**32))
def test_the_same_seed_gives_the_same_panel(problem: tuple, seed: int) -> None:
    """Anyone holding the seed can repeat the draw and get the same people."""
    pool, quotas, size = problem
    first = select_stratified(pool=pool, quotas=quotas, size=size, seed=seed)
    again = select_stratified(pool=pool, quotas=quotas, size=size, seed=seed)
    assert first.selected == again.selected


def test_different_seeds_choose_different_people() -> None:
    """The draw is random: over many seeds, everyone in an even pool gets chosen."""
    pool = {i: {"Area": "North" if i % 2 else "South"} for i in range(20)}
    quotas = [QuotaRule("Area", "North", 2, 2), QuotaRule("Area", "South", 2, 2)]
    chosen: Counter[int] = Counter()
    for seed in range(200):
        chosen.update(
            select_stratified(pool=pool, quotas=quotas, size=4, seed=seed).selected
        )
    assert set(chosen) == set(pool)
    assert max(chosen.values()) < 3 * min(chosen.values())


def test_short_groups_are_named() -> None:
    """A quota that cannot be met says which group is short and by how much."""
    pool = {i: {"Age": "Young"} for i in range(5)} | {9: {"Age": "Older"}}
    draw = select_stratified(
        pool=pool, quotas=[QuotaRule("Age", "Older", 2, 3)], size=4, seed=1
    )
    assert not draw.succeeded
    assert draw.problems == [
        "Age – Older needs at least 2, but only 1 volunteers gave that answer."
    ]


def test_people_without_an_answer_are_left_out_and_counted() -> None:
    """Volunteers who preferred not to say cannot count towards a quota: they are
    left out of that draw and the number is reported."""
    pool = {1: {"Age": "Young"}, 2: {"Age": ""}, 3: {}, 4: {"Age": "Older"}}
    draw = select_stratified(
        pool=pool, quotas=[QuotaRule("Age", "Young", 1, 1)], size=2, seed=3
    )
    assert draw.left_out == {"Age": 2}
    assert sorted(draw.selected) == [1, 4]


def test_a_large_pool_is_drawn() -> None:
    """Two thousand volunteers and fifteen quotas: the draw meets every quota.
    (How long it takes is measured by ``make bench``, not here.)"""
    import random

    rng = random.Random(5)
    values = {
        "Age": ["A", "B", "C", "D"],
        "Area": [f"W{i}" for i in range(8)],
        "Sex": ["F", "M", "X"],
    }
    pool = {i: {c: rng.choice(v) for c, v in values.items()} for i in range(2000)}
    quotas = [QuotaRule("Age", v, 4, 8) for v in values["Age"]]
    quotas += [QuotaRule("Area", v, 2, 6) for v in values["Area"]]
    quotas += [QuotaRule("Sex", "F", 12, 16), QuotaRule("Sex", "M", 12, 16)]
    draw = select_stratified(pool=pool, quotas=quotas, size=30, seed=8)
    assert draw.succeeded
    assert meets(draw.selected, pool, quotas)


@st.composite
def top_ups(draw: st.DrawFn) -> tuple[dict, dict, list[QuotaRule], int]:
    """A panel with some members seated, a pool, quotas and a number to draw."""
    pool, quotas, size = draw(problems())
    seated_people = draw(st.lists(people, min_size=1, max_size=8))
    seated = {1000 + i: answers for i, answers in enumerate(seated_people)}
    return seated, pool, quotas, size


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=top_ups(), seed=st.integers(0, 2**32))
def test_a_top_up_meets_the_quotas_with_the_seated_whenever_it_can(
    problem: tuple, seed: int
) -> None:
    """A top-up draw never picks more than asked, and whenever some group from the
    pool meets every quota together with the members already seated, it finds one;
    otherwise it picks nobody and says why."""
    seated, pool, quotas, size = problem
    draw = select_stratified(
        pool=pool, quotas=quotas, size=size, seed=seed, seated=seated
    )
    everyone = pool | seated
    possible = any(
        meets(list(group) + list(seated), everyone, quotas)
        for group in combinations(sorted(pool), size)
    )
    assert len(draw.selected) <= size
    if possible:
        assert draw.succeeded, draw.problems
        assert len(set(draw.selected)) == size
        assert set(draw.selected) <= set(pool)
        assert meets(draw.selected + list(seated), everyone, quotas)
    else:
        assert not draw.succeeded
        assert draw.problems
        assert draw.selected == []
