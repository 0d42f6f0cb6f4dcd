"""Participatory budgeting rules: the same funded options as the research library
pabutools on generated elections (greedy, Equal Shares, and Equal Shares with each
completion), ties broken by the stated rule and reported, and nothing funded that
nobody voted for."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pabutools.election import (
    ApprovalBallot,
    ApprovalProfile,
    Cost_Sat,
    Instance,
    Project,
)
from pabutools.rules import (
    completion_by_rule_combination,
    exhaustion_by_budget_increase,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)
from pabutools.tiebreaking import TieBreakingRule

from surveys import pb_rules
from surveys.pb_rules import (
    COMPLETIONS,
    Election,
    Outcome,
    equal_shares,
    greedy_by_votes,
    tie_order,
)

Costs = dict[str, Fraction]
Ballots = list[set[str]]


@st.composite
def elections(draw: st.DrawFn) -> tuple[Costs, Ballots, Fraction]:
    """Small elections, with level votes and level prices made likely: costs come
    from a short list, or in pence, or huge and a penny apart (near-ties)."""
    n = draw(st.integers(1, 7))
    kind = draw(st.sampled_from(["small", "pence", "near"]))
    if kind == "small":
        cost = st.sampled_from([1, 2, 3, 5, 10, 20, 30]).map(Fraction)
    elif kind == "pence":
        cost = st.integers(1, 3000).map(lambda p: Fraction(p, 100))
    else:
        cost = st.integers(0, 3).map(lambda d: Fraction(10**7 + d, 100))
    costs = {f"p{i}": draw(cost) for i in range(n)}
    ballots = draw(
        st.lists(st.sets(st.sampled_from(sorted(costs))), min_size=1, max_size=10)
    )
    top = int(sum(costs.values()))
    budget = Fraction(draw(st.integers(1, max(2, top * 100))), 100)
    return costs, ballots, budget


def pabutools_election(
    costs: Costs, ballots: Ballots, budget: Fraction, outcome: Outcome
) -> tuple[Instance, ApprovalProfile, TieBreakingRule]:
    """The same election for pabutools, without the options nobody voted for
    (which our rules never fund), and our tie order as its tie-breaking rule."""
    voted = set().union(*ballots)
    projects = {k: Project(k, c) for k, c in costs.items() if k in voted}
    instance = Instance(projects.values(), budget_limit=budget)
    profile = ApprovalProfile(
        [ApprovalBallot([projects[k] for k in b]) for b in ballots], instance=instance
    )
    place = {key: i for i, key in enumerate(outcome.tie_order)}
    return instance, profile, TieBreakingRule(lambda _i, _p, p: place[p.name])


def pabutools_funds(
    costs: Costs, ballots: Ballots, budget: Fraction, outcome: Outcome
) -> set[str]:
    instance, profile, tie = pabutools_election(costs, ballots, budget, outcome)
    mes: dict[str, Any] = {"sat_class": Cost_Sat, "tie_breaking": tie}
    greedy = {"sat_class": Cost_Sat, "tie_breaking": tie}
    if outcome.rule == "greedy":
        chosen = greedy_utilitarian_welfare(instance, profile, **greedy)
    elif outcome.completion == "none":
        chosen = method_of_equal_shares(instance, profile, **mes)
    else:
        step = len(ballots) if outcome.completion == "add1" else None
        chosen = completion_by_rule_combination(
            instance,
            profile,
            [exhaustion_by_budget_increase, greedy_utilitarian_welfare],
            [
                {
                    "rule": method_of_equal_shares,
                    "rule_params": mes,
                    "budget_step": step,
                },
                greedy,
            ],
        )
    return {p.name for p in chosen}


RULES: dict[str, Callable[[Election, int], Outcome]] = {
    "greedy": lambda e, seed: greedy_by_votes(e, tie_seed=seed),
    **{
        f"equal_shares/{c}": (
            lambda e, seed, c=c: equal_shares(e, completion=c, tie_seed=seed)
        )
        for c in COMPLETIONS
    },
}


@pytest.mark.parametrize("rule", sorted(RULES))
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(election=elections(), seed=st.integers(0, 2**32))
def test_each_rule_funds_what_pabutools_funds(
    rule: str, election: tuple[Costs, Ballots, Fraction], seed: int
) -> None:
    """Greedy, Equal Shares and Equal Shares with each completion fund exactly the
    options pabutools funds with the same tie order, near-ties included; nothing
    over budget, nothing nobody voted for."""
    costs, ballots, budget = election
    outcome = RULES[rule](Election.from_approvals(costs, ballots, budget), seed)
    assert set(outcome.funded) == pabutools_funds(costs, ballots, budget, outcome)
    assert len(set(outcome.funded)) == len(outcome.funded)
    assert outcome.spent == sum(costs[k] for k in outcome.funded) <= budget
    voted = set().union(*ballots)
    assert set(outcome.funded) <= voted


@settings(max_examples=80, deadline=None)
@given(election=elections(), seed=st.integers(0, 2**32))
def test_ballots_as_pairs_give_the_same_election(
    election: tuple[Costs, Ballots, Fraction], seed: int
) -> None:
    """Reading votes as (ballot, option) rows from the database gives the same
    results as reading them ballot by ballot."""
    costs, ballots, budget = election
    pairs = [(f"v{n}", key) for n, ballot in enumerate(ballots) for key in ballot]
    empty = sum(1 for b in ballots if not b)
    by_rows = Election.from_pairs(costs, pairs, budget, voters=len(ballots))
    by_ballots = Election.from_approvals(costs, ballots, budget)
    assert by_rows.voters == by_ballots.voters == len(ballots)
    assert by_rows.votes == by_ballots.votes
    assert empty or by_rows.voters == len({v for v, _k in pairs})
    for completion in COMPLETIONS:
        assert (
            equal_shares(by_rows, completion=completion, tie_seed=seed).funded
            == equal_shares(by_ballots, completion=completion, tie_seed=seed).funded
        )


@settings(max_examples=150, deadline=None)
@given(election=elections(), raise_by=st.sampled_from(["add1", "epsilon"]))
def test_floating_point_search_finds_what_exact_search_finds(
    election: tuple[Costs, Ballots, Fraction], raise_by: str
) -> None:
    """The completion searches its steps in floating point for speed: it stops at
    the same step, with the same options, as exact arithmetic, near-ties
    included."""
    costs, ballots, budget = election
    e = Election.from_approvals(costs, ballots, budget)
    rank = pb_rules._ranks(tie_order(e, tie_seed=0))
    step = Fraction(1) if raise_by == "add1" else budget / 100 / len(ballots)
    share = budget / len(ballots)
    assert pb_rules._raised_share(
        e, rank, share, step, quick=True
    ) == pb_rules._raised_share(e, rank, share, step, quick=False)


def test_a_wrong_floating_point_search_is_caught(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Should the floating point search ever go wrong, the exact check catches it
    and the result is still the exact one."""
    costs = {"A": Fraction(40), "B": Fraction(30), "C": Fraction(25)}
    ballots = [{"A"}, {"A", "B"}, {"B"}, {"C"}, {"A", "C"}]
    e = Election.from_approvals(costs, ballots, Fraction(100))
    right = equal_shares(e, completion="add1", tie_seed=1)

    def fund_nothing(self: Any) -> None:
        self.overspent = False

    monkeypatch.setattr(pb_rules._QuickRun, "run", fund_nothing)
    assert equal_shares(e, completion="add1", tie_seed=1).funded == right.funded
    assert set(right.funded) == pabutools_funds(costs, ballots, Fraction(100), right)


def test_equal_shares_gives_a_minority_something() -> None:
    """Six voters want A and B; four want C. Greedy gives the majority everything
    it can afford; Equal Shares funds C for the four as well."""
    costs = {"A": Fraction(40), "B": Fraction(45), "C": Fraction(40)}
    e = Election.from_approvals(costs, [{"A", "B"}] * 6 + [{"C"}] * 4, Fraction(100))
    assert greedy_by_votes(e, tie_seed=0).funded == ("A", "B")
    assert sorted(equal_shares(e, tie_seed=0).funded) == ["A", "C"]


def test_completion_spends_more_and_is_named_for_pabulib() -> None:
    """Equal Shares alone leaves money; Add1 then greedy top-up spends it, and the
    outcome names its rule the way Pabulib files do."""
    costs = {"A": Fraction(30), "B": Fraction(30), "C": Fraction(30)}
    e = Election.from_approvals(
        costs, [{"A"}] * 5 + [{"B"}] * 3 + [{"C"}] * 2, Fraction(100)
    )
    plain = equal_shares(e, tie_seed=0)
    completed = equal_shares(e, completion="add1", tie_seed=0)
    assert plain.spent < completed.spent <= 100
    assert completed.voter_share is not None and plain.voter_share == 10
    assert completed.voter_share > plain.voter_share
    assert (plain.pabulib_rule, completed.pabulib_rule) == (
        "equalshares",
        "equalshares/add1",
    )
    assert greedy_by_votes(e, tie_seed=0).pabulib_rule == "greedy"


@settings(max_examples=40, deadline=None)
@given(election=elections(), seed=st.integers(0, 2**32))
def test_nothing_unvoted_is_funded_even_when_money_is_left(
    election: tuple[Costs, Ballots, Fraction], seed: int
) -> None:
    """An option nobody voted for stays unfunded however much money is left."""
    costs, ballots, budget = election
    costs = {**costs, "nobody": min(costs.values())}
    e = Election.from_approvals(costs, ballots, budget * 2)
    for outcome in [greedy_by_votes(e, tie_seed=seed)] + [
        equal_shares(e, completion=c, tie_seed=seed) for c in COMPLETIONS
    ]:
        assert "nobody" not in outcome.funded


def test_level_votes_go_to_the_cheaper_option_and_the_tie_is_reported() -> None:
    """Greedy: two options with the same votes, only one fits: the cheaper one is
    funded, and the result says the tie decided it."""
    costs = {"10": Fraction(60), "9": Fraction(50)}
    e = Election.from_approvals(costs, [{"10", "9"}] * 3, Fraction(100))
    outcome = greedy_by_votes(e, tie_seed=7)
    assert outcome.funded == ("9",)
    (tie,) = outcome.ties
    assert tie.options == ("9", "10")
    assert tie.won == ("9",) and tie.passed_over == ("10",) and tie.decided
    assert outcome.decided_by_tie


def test_fully_level_options_follow_the_seeded_shuffle_not_their_ids() -> None:
    """Same votes, same cost: the order comes from the seed, not from reading the
    ids as text (option 10 does not always beat option 9); the same seed always
    gives the same order, and each option wins under some seeds."""
    costs = {"9": Fraction(60), "10": Fraction(60)}
    e = Election.from_approvals(costs, [{"9", "10"}] * 2, Fraction(100))
    winners = {greedy_by_votes(e, tie_seed=s).funded for s in range(40)}
    assert winners == {("9",), ("10",)}
    for seed in range(10):
        first = greedy_by_votes(e, tie_seed=seed)
        again = greedy_by_votes(e, tie_seed=seed)
        assert first.tie_order == again.tie_order and first.funded == again.funded
        assert first.funded == (first.tie_order[0],)
        assert first.tie_seed == seed


def test_a_tie_that_changes_equal_shares_is_reported() -> None:
    """Equal Shares: two options at the same price per pound with the same
    supporters and votes: the cheaper is bought, the other can no longer be
    afforded, and the result says so."""
    costs = {"Youth club": Fraction(40), "Mural": Fraction(10)}
    e = Election.from_approvals(
        costs, [{"Youth club", "Mural"}] * 4 + [set()] * 6, Fraction(100)
    )
    outcome = equal_shares(e, tie_seed=3)
    assert outcome.funded == ("Mural",)
    (tie,) = outcome.ties
    assert tie.options == ("Mural", "Youth club")
    assert tie.decided and tie.passed_over == ("Youth club",)


def test_a_tie_that_changes_nothing_is_not_called_deciding() -> None:
    """Equal Shares: two options level on price but backed by different voters
    are both bought whichever goes first; the tie is noted as deciding
    nothing."""
    costs = {"A": Fraction(30), "B": Fraction(30)}
    e = Election.from_approvals(costs, [{"A"}] * 3 + [{"B"}] * 3, Fraction(60))
    outcome = equal_shares(e, tie_seed=5)
    assert sorted(outcome.funded) == ["A", "B"]
    (tie,) = outcome.ties
    assert not tie.decided and not outcome.decided_by_tie


def test_each_step_explains_the_price_paid() -> None:
    """Each Equal Shares step says what a supporter paid at most and how many
    paid all they had left."""
    costs = {"A": Fraction(60), "B": Fraction(30)}
    ballots = [{"A"}, {"A"}, {"A", "B"}, {"B"}, {"B"}]
    outcome = equal_shares(
        Election.from_approvals(costs, ballots, Fraction(120)), tie_seed=0
    )
    first = outcome.steps[0]
    assert (first.option, first.price, first.paid_all) == ("B", Fraction(10), 0)
    second = outcome.steps[1]
    assert second.option == "A"
    # Voter 3 has 14 left after B and pays it all; the other two pay 23 each.
    assert (second.price, second.paid_all, second.spent) == (Fraction(23), 1, 90)


def test_no_voters_funds_nothing() -> None:
    """With no ballots there is nothing to fund by any rule."""
    e = Election.from_approvals({"A": Fraction(5)}, [], Fraction(10))
    assert greedy_by_votes(e, tie_seed=0).funded == ()
    for completion in COMPLETIONS:
        assert equal_shares(e, completion=completion, tie_seed=0).funded == ()
