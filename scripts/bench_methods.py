"""One measurement for ``scripts/bench.py``, run in a fresh process so that its
peak memory is its own: prints one JSON line.

    bench_methods.py pb ours|pabutools OPTIONS VOTERS RULE
    bench_methods.py leximin VOLUNTEERS SEATS CATEGORIES

RULE is greedy, mes, mes+add1 or mes+epsilon. Elections are generated from a
fixed seed: costs £10,000 to £500,000, popularity skewed (Pareto), each voter
approving a geometric number of options (mean 5), the budget a quarter of the
total cost. LEXIMIN pools have categories of 2 to 5 answers, volunteers skewed
towards the first answers, and quotas asking for every answer equally.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(options: int, voters: int, seed: int = 1) -> tuple[Any, Any, Any, int]:
    import numpy as np

    rng = np.random.default_rng(seed)
    costs = rng.integers(10, 500, size=options) * 1000
    popularity = rng.pareto(1.2, size=options) + 0.2
    popularity /= popularity.sum()
    sizes = np.minimum(rng.geometric(0.2, size=voters), options)
    who = np.repeat(np.arange(voters), sizes)
    what = np.concatenate(
        [rng.choice(options, size=k, replace=False, p=popularity) for k in sizes]
    )
    return costs, who, what, int(costs.sum() // 4)


def pb(side: str, options: int, voters: int, rule: str) -> dict[str, Any]:
    from surveys.pb_rules import Election, equal_shares, greedy_by_votes, tie_order

    costs, who, what, budget = generate(options, voters)
    keys = [f"o{i}" for i in range(options)]
    election = Election.from_pairs(
        dict(zip(keys, costs.tolist(), strict=True)),
        zip(who.tolist(), [keys[o] for o in what.tolist()], strict=True),
        budget,
        voters=voters,
    )
    completion = rule.partition("+")[2] or "none"
    if side == "ours":
        began = time.perf_counter()
        if rule == "greedy":
            outcome = greedy_by_votes(election, tie_seed=1)
        else:
            outcome = equal_shares(election, completion=completion, tie_seed=1)  # type: ignore[arg-type]
        seconds = time.perf_counter() - began
        return {
            "seconds": seconds,
            "peak_mb": peak_mb(),
            "funded": sorted(outcome.funded),
            "spent_share": float(outcome.spent / outcome.budget),
        }
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

    place = {election.keys[i]: n for n, i in enumerate(tie_order(election, tie_seed=1))}
    tie = TieBreakingRule(lambda _i, _p, p: place[p.name])
    voted = {keys[o] for o in set(what.tolist())}
    projects = {k: Project(k, c) for k, c in zip(keys, costs.tolist(), strict=True)}
    instance = Instance([projects[k] for k in keys if k in voted], budget_limit=budget)
    ballots: list[list[Project]] = [[] for _v in range(voters)]
    for v, o in zip(who.tolist(), what.tolist(), strict=True):
        ballots[v].append(projects[keys[o]])
    profile = ApprovalProfile([ApprovalBallot(b) for b in ballots], instance=instance)
    mes = {"sat_class": Cost_Sat, "tie_breaking": tie}
    began = time.perf_counter()
    if rule == "greedy":
        chosen = greedy_utilitarian_welfare(instance, profile, **mes)
    elif completion == "none":
        chosen = method_of_equal_shares(instance, profile, **mes)
    else:
        chosen = completion_by_rule_combination(
            instance,
            profile,
            [exhaustion_by_budget_increase, greedy_utilitarian_welfare],
            [
                # pabutools writes into the parameters it is given: copies.
                {
                    "rule": method_of_equal_shares,
                    "rule_params": dict(mes),
                    "budget_step": voters if completion == "add1" else None,
                },
                dict(mes),
            ],
        )
    seconds = time.perf_counter() - began
    return {
        "seconds": seconds,
        "peak_mb": peak_mb(),
        "funded": sorted(p.name for p in chosen),
    }


def leximin(volunteers: int, seats: int, categories: int) -> dict[str, Any]:
    import random

    from panels.leximin import select_leximin
    from panels.selection import QuotaRule

    rng = random.Random(3)  # noqa: S311 - test data, not secrets
    values = {f"C{c}": [f"v{v}" for v in range(2 + c % 4)] for c in range(categories)}
    # Volunteers come forward unevenly (later answers rarer); the quotas ask
    # for every answer equally, as assemblies matched to a population do.
    pool = {
        i: {
            c: rng.choices(v, weights=range(len(v) + 1, 1, -1))[0]
            for c, v in values.items()
        }
        for i in range(volunteers)
    }
    quotas = [
        QuotaRule(c, answer, seats // len(v) - 1, -(-seats // len(v)) + 1)
        for c, v in values.items()
        for answer in v
    ]
    began = time.perf_counter()
    draw = select_leximin(pool=pool, quotas=quotas, size=seats, seed=1)
    seconds = time.perf_counter() - began
    chances = sorted(draw.probabilities.values())
    return {
        "seconds": seconds,
        "peak_mb": peak_mb(),
        "succeeded": draw.succeeded,
        "lowest_chance": chances[0] if chances else 0.0,
        "panels": len(draw.lottery),
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocommission.settings.test")
    import django

    django.setup()
    kind, *args = sys.argv[1:]
    if kind == "pb":
        result = pb(args[0], int(args[1]), int(args[2]), args[3])
    else:
        result = leximin(int(args[0]), int(args[1]), int(args[2]))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
