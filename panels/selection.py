"""Stratified random selection: fill the seats from a pool of volunteers so that
every quota (category, value, at least, at most) holds.

Each volunteer gets a random weight from the seed; an integer programme (HiGHS)
picks the lightest group of the right size that meets every quota. The result is
random, exact (if any group meets the quotas, one is found) and the same seed on
the same pool and quotas gives the same people. Quotas are never relaxed: when
they cannot be met, the reasons are reported instead.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import highspy
from django.utils.translation import gettext as _

from .quota_conflicts import QuotaLimit, conflict_message, find_conflict


@dataclass(frozen=True)
class QuotaRule:
    category: str
    value: str
    minimum: int
    maximum: int


@dataclass
class Draw:
    selected: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    #: Category name to how many volunteers gave no answer for it.
    left_out: dict[str, int] = field(default_factory=dict)
    #: When the quotas cannot all be met: a smallest set of quota limits that
    #: clash (removing any one of them would allow a panel).
    conflict: list[QuotaLimit] = field(default_factory=list)

    @property
    def succeeded(self) -> bool:
        return not self.problems


def _considered(
    pool: Mapping[int, Mapping[str, str]], categories: Iterable[str]
) -> tuple[dict[int, Mapping[str, str]], dict[str, int]]:
    """Volunteers with an answer for every quota category, and how many lack each."""
    categories = list(categories)
    considered: dict[int, Mapping[str, str]] = {}
    left_out: Counter[str] = Counter()
    for person, answers in pool.items():
        missing = [c for c in categories if not answers.get(c)]
        for category in missing:
            left_out[category] += 1
        if not missing:
            considered[person] = answers
    return considered, dict(left_out)


def remaining_quotas(
    quotas: Iterable[QuotaRule], seated: Mapping[int, Mapping[str, str]]
) -> tuple[list[QuotaRule], list[str]]:
    """What a top-up draw must meet: each quota less the people already seated
    with that answer, and the quotas the seated members alone already break."""
    have = Counter((c, a) for answers in seated.values() for c, a in answers.items())
    rules: list[QuotaRule] = []
    problems: list[str] = []
    for quota in quotas:
        count = have[(quota.category, quota.value)]
        if count > quota.maximum:
            problems.append(
                _(
                    "%(category)s – %(value)s allows at most %(maximum)s people, "
                    "but %(count)s are already seated."
                )
                % {
                    "category": quota.category,
                    "value": quota.value,
                    "maximum": quota.maximum,
                    "count": count,
                }
            )
        rules.append(
            QuotaRule(
                quota.category,
                quota.value,
                max(quota.minimum - count, 0),
                max(quota.maximum - count, 0),
            )
        )
    return rules, problems


def _short_of_volunteers(quota: QuotaRule, available: int, topping_up: bool) -> str:
    if topping_up:
        return _(
            "%(category)s – %(value)s still needs %(minimum)s more people besides "
            "those seated, but only %(count)s volunteers gave that answer."
        ) % {
            "category": quota.category,
            "value": quota.value,
            "minimum": quota.minimum,
            "count": available,
        }
    return _(
        "%(category)s – %(value)s needs at least %(minimum)s, but only "
        "%(count)s volunteers gave that answer."
    ) % {
        "category": quota.category,
        "value": quota.value,
        "minimum": quota.minimum,
        "count": available,
    }


def _short_of_seats(
    category: str, rules: list[QuotaRule], size: int, topping_up: bool
) -> str:
    minimum = sum(q.minimum for q in rules)
    if topping_up:
        return _(
            "Counting the members already seated, the %(category)s quotas still "
            "need %(minimum)s more people (%(short)s), more than the %(size)s "
            "seats this draw fills."
        ) % {
            "category": category,
            "minimum": minimum,
            "short": "; ".join(
                _("%(value)s: %(count)s more") % {"value": q.value, "count": q.minimum}
                for q in rules
                if q.minimum
            ),
            "size": size,
        }
    return _(
        "The %(category)s quotas ask for at least %(minimum)s people, "
        "more than the %(size)s seats."
    ) % {"category": category, "minimum": minimum, "size": size}


def _plain_reasons(
    people: Mapping[int, Mapping[str, str]],
    quotas: list[QuotaRule],
    size: int,
    topping_up: bool = False,
) -> list[str]:
    """Reasons a person can check by counting, before any solver runs. When
    ``topping_up``, the quotas are what is left once the seated are counted."""
    reasons: list[str] = []
    if size > len(people):
        reasons.append(
            _(
                "The panel has %(size)s seats but only %(count)s volunteers can be "
                "considered."
            )
            % {"size": size, "count": len(people)}
        )
    counts = Counter((c, a) for answers in people.values() for c, a in answers.items())
    by_category: dict[str, list[QuotaRule]] = {}
    for quota in quotas:
        by_category.setdefault(quota.category, []).append(quota)
        available = counts[(quota.category, quota.value)]
        if available < quota.minimum:
            reasons.append(_short_of_volunteers(quota, available, topping_up))
    for category, rules in by_category.items():
        if sum(q.minimum for q in rules) > size:
            reasons.append(_short_of_seats(category, rules, size, topping_up))
        covered = {q.value for q in rules}
        uncovered = sum(
            1 for answers in people.values() if answers[category] not in covered
        )
        ceiling = uncovered + sum(
            min(q.maximum, counts[(category, q.value)]) for q in rules
        )
        if ceiling < size:
            reasons.append(
                _(
                    "The %(category)s quotas and volunteers allow at most "
                    "%(ceiling)s people, fewer than the %(size)s seats."
                )
                % {"category": category, "ceiling": ceiling, "size": size}
            )
    return reasons


def select_stratified(
    *,
    pool: Mapping[int, Mapping[str, str]],
    quotas: Iterable[QuotaRule],
    size: int,
    seed: int,
    seated: Mapping[int, Mapping[str, str]] | None = None,
) -> Draw:
    """Choose ``size`` people from ``pool`` (person id to {category: value}).

    Values without a quota row are not limited. Volunteers who gave no answer for a
    category with quotas cannot be counted against it and are left out (and
    reported), rather than guessed. ``seated`` (same shape) are the members who
    already hold seats: a top-up draw counts them against the quotas, so together
    with those drawn the panel meets every quota.
    """
    quotas = list(quotas)
    categories = sorted({q.category for q in quotas})
    people, left_out = _considered(pool, categories)
    draw = Draw(left_out=left_out)
    if size < 1:
        draw.problems = [_("Choose at least one seat to fill.")]
        return draw
    topping_up = bool(seated)
    quotas, over = remaining_quotas(quotas, seated or {})
    draw.problems = over + _plain_reasons(people, quotas, size, topping_up)
    if draw.problems:
        draw.conflict = find_conflict(people, quotas, size) or []
        return draw

    ids = sorted(people)
    weights = random.Random(seed)  # noqa: S311 - fairness, not secrecy
    solver = highspy.Highs()
    solver.silent()
    chosen = [
        solver.addVariable(
            lb=0, ub=1, obj=weights.random(), type=highspy.HighsVarType.kInteger
        )
        for _person in ids
    ]
    solver.addConstr(sum(chosen) == size)
    for quota in quotas:
        members = [
            chosen[i]
            for i, person in enumerate(ids)
            if people[person][quota.category] == quota.value
        ]
        total = sum(members) if members else None
        if total is not None:
            solver.addConstr(quota.minimum <= total <= quota.maximum)
    solver.minimize()
    if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        draw.conflict = find_conflict(people, quotas, size) or []
        draw.problems = [conflict_message(draw.conflict, len(people), size)]
        if topping_up:
            draw.problems.append(
                _(
                    "These numbers are what this draw must add to the members "
                    "already seated."
                )
            )
        return draw
    draw.selected = [
        person for i, person in enumerate(ids) if solver.val(chosen[i]) > 0.5
    ]
    return draw
