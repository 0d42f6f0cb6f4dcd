"""Which quotas clash: the smallest set of quota limits that together cannot be
met by any panel of the right size from the volunteers we have.

Volunteers are counted by *profile* (their answers for the quota categories):
whether a panel exists only depends on how many seats each profile gets, so the
integer programme (HiGHS) has one whole-number variable per profile, however big
the pool. The clash is found by deletion: drop each limit in turn and keep it out
if the rest still cannot be met. What is left cannot be met, yet removing any
single limit from it can: widening any one of them is enough to make a draw
possible (with the other quotas as they are it may still clash elsewhere).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import highspy
import numpy as np
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from .selection import QuotaRule


@dataclass(frozen=True)
class QuotaLimit:
    """One side of a quota: at least ``quota.minimum`` or at most
    ``quota.maximum``."""

    quota: QuotaRule
    side: Literal["minimum", "maximum"]

    def __str__(self) -> str:
        if self.side == "minimum":
            return _("%(category)s – %(value)s: at least %(n)s") % {
                "category": self.quota.category,
                "value": self.quota.value,
                "n": self.quota.minimum,
            }
        return _("%(category)s – %(value)s: at most %(n)s") % {
            "category": self.quota.category,
            "value": self.quota.value,
            "n": self.quota.maximum,
        }


Profile = tuple[str, ...]


def profiles(
    people: Mapping[int, Mapping[str, str]], categories: Sequence[str]
) -> dict[Profile, list[int]]:
    """Volunteers grouped by their answers for ``categories``, in id order."""
    groups: dict[Profile, list[int]] = {}
    for person in sorted(people):
        groups.setdefault(tuple(people[person][c] for c in categories), []).append(
            person
        )
    return groups


class SeatModel:
    """Seats per profile as an integer programme: ``seats[p]`` in
    ``[0, volunteers of p]``, summing to ``size``, within the quota limits."""

    def __init__(
        self,
        people: Mapping[int, Mapping[str, str]],
        quotas: Sequence[QuotaRule],
        size: int,
    ) -> None:
        self.categories = sorted({q.category for q in quotas})
        self.groups = profiles(people, self.categories)
        self.keys = list(self.groups)
        self.counts = np.array([len(self.groups[k]) for k in self.keys], dtype=float)
        self.size = size
        self.quotas = list(quotas)
        self.members = {
            q: np.array(
                [
                    i
                    for i, k in enumerate(self.keys)
                    if k[self.categories.index(q.category)] == q.value
                ],
                dtype=np.int32,
            )
            for q in self.quotas
        }

    def solver(self, limits: Iterable[QuotaLimit]) -> highspy.Highs:
        """A HiGHS model with only the given quota limits."""
        h = highspy.Highs()
        h.silent()
        n = len(self.keys)
        h.addVars(n, np.zeros(n), self.counts)
        if n:
            h.changeColsIntegrality(
                n,
                np.arange(n, dtype=np.int32),
                np.array([highspy.HighsVarType.kInteger] * n),
            )
        h.addRow(self.size, self.size, n, np.arange(n, dtype=np.int32), np.ones(n))
        for limit in limits:
            members = self.members[limit.quota]
            low, high = -highspy.kHighsInf, highspy.kHighsInf
            if limit.side == "minimum":
                low = limit.quota.minimum
            else:
                high = limit.quota.maximum
            h.addRow(low, high, len(members), members, np.ones(len(members)))
        return h

    def feasible(self, limits: Iterable[QuotaLimit]) -> bool:
        h = self.solver(limits)
        h.run()
        return h.getModelStatus() == highspy.HighsModelStatus.kOptimal

    def limits(self) -> list[QuotaLimit]:
        """Every limit that can bind (at least 1, or at most fewer than could
        be chosen)."""
        available: Counter[QuotaRule] = Counter()
        for quota, members in self.members.items():
            available[quota] = int(self.counts[members].sum()) if len(members) else 0
        found = [QuotaLimit(q, "minimum") for q in self.quotas if q.minimum > 0]
        found += [
            QuotaLimit(q, "maximum")
            for q in self.quotas
            if q.maximum < min(self.size, available[q])
        ]
        return found


def find_conflict(
    people: Mapping[int, Mapping[str, str]],
    quotas: Sequence[QuotaRule],
    size: int,
) -> list[QuotaLimit] | None:
    """A smallest clashing set of quota limits (irreducible: removing any one
    makes the rest possible), ``[]`` if the seats alone cannot be filled, or
    None if every quota can be met together."""
    model = SeatModel(people, quotas, size)
    kept = model.limits()
    if model.feasible(kept):
        return None
    for limit in list(kept):
        trial = [other for other in kept if other is not limit]
        if not model.feasible(trial):
            kept = trial
    return kept


def conflict_message(conflict: Sequence[QuotaLimit], volunteers: int, size: int) -> str:
    if not conflict:
        return _(
            "The panel has %(size)s seats but only %(count)s volunteers can be "
            "considered."
        ) % {"size": size, "count": volunteers}
    return _(
        "These quotas cannot all be met at once with %(count)s volunteers and "
        "%(size)s seats: %(limits)s. Change one of them, or recruit more "
        "volunteers in the groups that are short."
    ) % {
        "count": volunteers,
        "size": size,
        "limits": "; ".join(str(limit) for limit in conflict),
    }
