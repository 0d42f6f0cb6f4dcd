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

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from cocommission.disclosure import Figures, K, State, label, narrowed, protect

from ..leximin import LeximinDraw, select_leximin
from ..models import Selection, SelectionMethod
from ..selection import QuotaRule, select_stratified

#: Bumped if the snapshot's shape ever changes, so old ones are still read.
#: 2: the pool's places are a random order (1 listed people in id order; the
#: shape is the same, so both are read alike).
SNAPSHOT_VERSION = 2

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
    """What a draw uses, as JSON. People are listed by their answers for the
    quota categories only ("" where they gave none, as the draw then leaves them
    out), and the draw runs on their places in that list: ``people`` says who is
    at each place, so a person's link can later be forgotten
    (``draw_snapshots_forget``) without changing what a repeat gives.

    The places are a random order keyed by the seed and the site's secret key:
    in id order, the place a forgotten person leaves empty would lie between
    their neighbours' ids and give theirs away, and an order anyone could work
    out from the seed would do the same. Keyed this way, a new draw with the
    same seed over the same pool still gives the same people."""
    categories = sorted({rule.category for rule in rules})
    shuffler = random.Random(  # noqa: S311 - an order, not a secret
        salted_hmac("panels.draw.snapshot_order", str(seed)).digest()
    )

    def shuffled(people: People) -> list[int]:
        order = sorted(people)
        shuffler.shuffle(order)
        return order

    order = shuffled(pool)

    def answers(people: People, ids: list[int]) -> list[list[str]]:
        return [[people[p].get(c, "") for c in categories] for p in ids]

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
        "pool": answers(pool, order),
        "people": order,
        # Only counted against the quotas: who they are does not matter.
        "seated": answers(seated, shuffled(seated)),
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
    # Stored exactly as the solver gave them (JSON keeps a float's every
    # digit), so the chances add up to the seats; only pages round them.
    rows: list[dict[str, Any]] = [
        {
            "answers": list(key),
            "volunteers": len(people),
            "chance": draw.probabilities[people[0]],
        }
        for key, people in groups.items()
    ]
    # Equal chances may differ in their last digits: order them as equal.
    rows.sort(key=lambda row: (round(row["chance"], 9), row["answers"]))
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
    #: How many, as the disclosure rule lets the page say it.
    volunteers: str
    #: None where the chance, with the seats, would tell how many they are.
    percent: float | None


@dataclass(frozen=True)
class ChanceTable:
    """The chances table of a draw: the smallest chance first, then the others
    in order, then (in order of their answers) the groups whose chance is
    withheld; counts under the disclosure rule (``cocommission.disclosure``)."""

    rows: list[ChanceRow]
    considered: str
    #: Too few volunteers to show any group without giving one away.
    withheld: bool = False

    @property
    def lowest(self) -> ChanceRow | None:
        return self.rows[0] if self.rows else None


#: How far a printed chance (to 0.1%) may be from the true one.
_PRINTED = 0.0005


def _printed(chance: float) -> float:
    """The chance as the page prints it (``floatformat:1`` rounds half up)."""
    percent = (Decimal(repr(chance)) * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return float(percent) / 100


def _chance_figures(
    selection: Selection, counts: list[int], chances: list[float], unknown: set[int]
) -> tuple[Figures, list[int], int]:
    """What a reader of the page knows: the pool's size and who gave no answer
    (shown exactly), that the groups add up to those considered, and that each
    group's size times its chance adds up to the seats. For the groups in
    ``unknown`` (chance withheld) a reader knows only that their chance is at
    least the smallest one, which the page states, and at most 1."""
    figures = Figures()
    pool = figures.add(selection.pool_size, total=True)
    seats = figures.add(selection.size, total=True)
    figures.fixed[pool] = figures.fixed[seats] = State.SHOWN
    considered = figures.add(sum(counts), total=True)
    missing = []
    for count in (selection.left_out or {}).values():
        missing.append(figures.add(int(count)))
        figures.fixed[missing[-1]] = State.SHOWN
    if missing:
        for each in missing:
            figures.tie(pool, [considered, each], "<=")
        figures.tie(pool, [considered, *missing], ">=")
    else:
        figures.tie(pool, [considered])
    groups = [figures.add(count) for count in counts]
    figures.tie(considered, groups)
    printed = [_printed(chance) for chance in chances]
    least = max(printed[0] - _PRINTED, 0.0)
    # Each chance is somewhere between the least and the most it can be, so
    # the seats are between the groups' sizes times those.
    most = [1.0 if i in unknown else p + _PRINTED for i, p in enumerate(printed)]
    fewest = [
        least if i in unknown else max(p - _PRINTED, 0.0) for i, p in enumerate(printed)
    ]
    figures.tie(seats, groups, ">=", weights=most, slack=1e-9)
    figures.tie(seats, groups, "<=", weights=fewest, slack=1e-9)
    return figures, groups, considered


def _chance_states(
    selection: Selection, counts: list[int], chances: list[float]
) -> tuple[list[State], State, set[int]] | None:
    """How each group's count and the number considered may be shown, and the
    groups whose chance is withheld: those whose count is not shown, but the
    smallest (the page states the smallest chance). None when no way of
    showing them keeps every small group safe (one group of 4 volunteers in a
    pool of 4): then the page shows none of them."""
    unknown = {i for i, count in enumerate(counts) if 0 < count < K} - {0}
    while True:
        figures, groups, considered = _chance_figures(
            selection, counts, chances, unknown
        )
        states = protect(figures)
        withheld = {i for i, g in enumerate(groups) if states[g] is not State.SHOWN}
        if withheld - {0} <= unknown:
            break
        unknown |= withheld - {0}
    if narrowed(figures, list(states)):
        return None
    return [states[g] for g in groups], states[considered], unknown


def chance_table(selection: Selection) -> ChanceTable:
    """The chances table of a draw. The team sees how many volunteers share
    each combination of answers (often equalities data) only as the disclosure
    rule allows, as survey results do."""
    chances = selection.chances or {}
    categories = chances.get("categories", [])
    groups = chances.get("groups", [])
    if not groups:
        return ChanceTable(rows=[], considered="0")
    counts = [int(group["volunteers"]) for group in groups]
    exact = [float(group["chance"]) for group in groups]
    decided = _chance_states(selection, counts, exact)
    if decided is None:
        return ChanceTable(rows=[], considered="", withheld=True)
    states, considered, unknown = decided
    rows: list[ChanceRow] = []
    withheld: list[ChanceRow] = []
    for i, group in enumerate(groups):
        who = "; ".join(
            _("%(category)s: %(answer)s") % {"category": c, "answer": a}
            for c, a in zip(categories, group["answers"], strict=True)
        )
        row = ChanceRow(
            who=who or _("Everyone (no quotas)"),
            volunteers=label(counts[i], states[i]),
            percent=None if i in unknown else exact[i] * 100,
        )
        (withheld if i in unknown else rows).append(row)
    # Where a withheld chance would sit in the order would bound it.
    withheld.sort(key=lambda row: row.who)
    return ChanceTable(rows=rows + withheld, considered=label(sum(counts), considered))
