"""A draw's snapshot: exactly what the selection used, so that anyone can audit
the draw and repeat it later, even after the pool has changed.

Repeating a draw "from its seed" only holds while the pool is the same: one
volunteer fewer shifts everybody's random weight (stratified) or profile group
(LEXIMIN), and the panel changes. So the draw stores its input: every volunteer
in the pool with their answers for the quota categories (nothing else), the
members already seated, the quotas, the seats, the seed and the method. The draw
itself runs *from the snapshot* (``draw_from_snapshot``), and so does a repeat:
the same code on the same input, whatever has happened to the pool since.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ..leximin import LeximinDraw, select_leximin
from ..models import Selection, SelectionMethod
from ..selection import QuotaRule, select_stratified

#: Bumped if the snapshot's shape ever changes, so old ones are still read.
SNAPSHOT_VERSION = 1

People = Mapping[int, Mapping[str, str]]


def draw_snapshot(
    *,
    method: str,
    rules: list[QuotaRule],
    pool: People,
    seated: People,
    size: int,
    seed: int,
) -> dict[str, Any]:
    """What a draw uses, as JSON. People are listed in id order by their answers
    for the quota categories only ("" where they gave none, as the draw then
    leaves them out), and the draw runs on their places in that list: ``people``
    says who is at each place, so a person's link can later be forgotten
    (``draw_snapshots_forget``) without changing what a repeat gives."""
    categories = sorted({rule.category for rule in rules})

    def answers(people: People) -> list[list[str]]:
        return [[people[p].get(c, "") for c in categories] for p in sorted(people)]

    return {
        "version": SNAPSHOT_VERSION,
        "method": method,
        "seed": seed,
        "size": size,
        "categories": categories,
        "quotas": [
            {
                "category": r.category,
                "value": r.value,
                "min": r.minimum,
                "max": r.maximum,
            }
            for r in rules
        ],
        "pool": answers(pool),
        "people": sorted(pool),
        # Only counted against the quotas: who they are does not matter.
        "seated": answers(seated),
    }


@dataclass
class DrawResult:
    #: Places in the snapshot's pool (``people`` says who is at each).
    selected: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    left_out: dict[str, int] = field(default_factory=dict)
    #: {"categories": [...], "groups": [{"answers", "volunteers", "chance"}]},
    #: smallest chance first; empty where the method does not work chances out.
    chances: dict[str, Any] = field(default_factory=dict)

    @property
    def succeeded(self) -> bool:
        return not self.problems


def _people(snapshot: Mapping[str, Any], key: str) -> dict[int, dict[str, str]]:
    categories = snapshot["categories"]
    return {
        place: dict(zip(categories, answers, strict=True))
        for place, answers in enumerate(snapshot[key])
    }


def _chances(draw: LeximinDraw, pool: People) -> dict[str, Any]:
    """Everyone's chance, grouped by their answers (people with the same answers
    have the same chance under LEXIMIN)."""
    if not draw.succeeded:
        return {}
    groups: dict[tuple[str, ...], list[int]] = {}
    for person in draw.probabilities:
        key = tuple(pool[person][c] for c in draw.categories)
        groups.setdefault(key, []).append(person)
    rows: list[dict[str, Any]] = [
        {
            "answers": list(key),
            "volunteers": len(people),
            "chance": round(draw.probabilities[people[0]], 6),
        }
        for key, people in groups.items()
    ]
    rows.sort(key=lambda row: (row["chance"], row["answers"]))
    return {"categories": list(draw.categories), "groups": rows}


def draw_from_snapshot(snapshot: Mapping[str, Any]) -> DrawResult:
    """Run the selection the snapshot describes."""
    pool = _people(snapshot, "pool")
    seated = _people(snapshot, "seated")
    rules = [
        QuotaRule(q["category"], q["value"], q["min"], q["max"])
        for q in snapshot["quotas"]
    ]
    if snapshot["method"] == SelectionMethod.LEXIMIN:
        fair = select_leximin(
            pool=pool,
            quotas=rules,
            size=snapshot["size"],
            seed=snapshot["seed"],
            seated=seated,
        )
        return DrawResult(
            selected=sorted(fair.selected),
            problems=fair.problems,
            left_out=fair.left_out,
            chances=_chances(fair, pool),
        )
    plain = select_stratified(
        pool=pool,
        quotas=rules,
        size=snapshot["size"],
        seed=snapshot["seed"],
        seated=seated,
    )
    return DrawResult(
        selected=sorted(plain.selected),
        problems=plain.problems,
        left_out=plain.left_out,
    )


@dataclass(frozen=True)
class RepeatCheck:
    """A draw run again from its snapshot, beside what it gave the first time."""

    recorded: list[int]
    repeated: list[int]
    recorded_succeeded: bool
    repeated_succeeded: bool

    @property
    def same(self) -> bool:
        return (
            self.recorded == self.repeated
            and self.recorded_succeeded == self.repeated_succeeded
        )

    @property
    def differences(self) -> int:
        """Seats given to someone else the second time."""
        return len(set(self.recorded) - set(self.repeated))


def selection_repeat(*, selection: Selection) -> RepeatCheck | None:
    """Run a recorded draw again from its snapshot and seed (not from the pool as
    it is now); None for draws made before snapshots were kept."""
    if not selection.snapshot:
        return None
    result = draw_from_snapshot(selection.snapshot)
    return RepeatCheck(
        recorded=sorted(selection.snapshot.get("selected", [])),
        repeated=result.selected,
        recorded_succeeded=selection.succeeded,
        repeated_succeeded=result.succeeded,
    )


def draw_snapshots_forget(*, user_id: int, organisation_id: int) -> None:
    """Unlink a person from the snapshots of the organisation's draws (their
    answers stay, at their place, so each draw still repeats exactly), for
    when they withdraw their consent to panels or to equalities information."""
    draws = Selection.objects.filter(panel__organisation_id=organisation_id).exclude(
        snapshot={}
    )
    for selection in draws.only("pk", "snapshot").iterator():
        people = selection.snapshot.get("people", [])
        if user_id in people:
            selection.snapshot["people"] = [
                None if person == user_id else person for person in people
            ]
            selection.save(update_fields=["snapshot"])


def draw_snapshots_forget_person(*, user_id: int) -> None:
    """Unlink a person from every draw's snapshot, in every organisation: their
    account is being erased."""
    organisations = (
        Selection.objects.exclude(snapshot={})
        .values_list("panel__organisation_id", flat=True)
        .distinct()
    )
    for organisation_id in list(organisations):
        draw_snapshots_forget(user_id=user_id, organisation_id=organisation_id)


@dataclass(frozen=True)
class ChanceRow:
    """One line of the chances table: people with the same answers."""

    who: str
    volunteers: int
    percent: float


def chance_rows(selection: Selection) -> list[ChanceRow]:
    """The chances table of a draw, smallest chance first."""
    chances = selection.chances or {}
    categories = chances.get("categories", [])
    rows = []
    for group in chances.get("groups", []):
        who = "; ".join(
            _("%(category)s: %(answer)s") % {"category": c, "answer": a}
            for c, a in zip(categories, group["answers"], strict=True)
        )
        rows.append(
            ChanceRow(
                who=who or _("Everyone (no quotas)"),
                volunteers=int(group["volunteers"]),
                percent=float(group["chance"]) * 100,
            )
        )
    return rows
