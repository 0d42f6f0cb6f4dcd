"""How far a group of people (a panel, a pool, everyone in a cycle) reflects the
population, category by category, without ever showing a small group exactly."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy

from cocommission.disclosure import Figures, K, State, label, protect
from cocommission.organisations.models import Organisation

from .models import (
    DemographicCategory,
    KnowCareGroup,
    ProfileAnswer,
    TopicInterest,
)

#: A group is under-represented when its share is below this part of its share of
#: the population, and the population share says at least one person is expected.
UNDER = Decimal("0.75")

RULE = gettext_lazy(
    "A group is flagged as under-represented when its share of the people who "
    "answered is below three quarters of its share of the population, and the "
    "population share means at least one of them would be expected."
)


@dataclass
class Row:
    label: str
    count: int
    answered: int
    population_share: Decimal | None
    #: How the count may be shown, and whether the number who answered can be
    #: read off the page (cocommission.disclosure).
    state: State = State.SHOWN
    answered_known: bool = True

    @property
    def count_shown(self) -> str:
        return label(self.count, self.state)

    @property
    def share(self) -> Decimal | None:
        """Per cent of those who answered, only when the count and the number
        who answered are both on the page (so it tells nothing more)."""
        if not self.answered or not self.answered_known:
            return None
        if self.state is not State.SHOWN:
            return None
        return (Decimal(self.count) * 100 / self.answered).quantize(Decimal("0.1"))

    def _under(self, count: int) -> bool:
        if self.population_share is None or not self.answered:
            return False
        expected = self.population_share * self.answered / 100
        actual = Decimal(count) * 100 / self.answered
        return expected >= 1 and actual < self.population_share * UNDER

    @property
    def under_represented(self) -> bool:
        """Flagged only from what the page shows: a group of "fewer than 5" when
        any number under 5 would be flagged; a hidden one never. So the flag
        cannot narrow a hidden group."""
        if not self.answered_known or self.state is State.HIDDEN:
            return False
        if self.state is State.SMALL:
            return self._under(K - 1)
        return self._under(self.count)


@dataclass
class CategoryTable:
    category: DemographicCategory
    rows: list[Row]
    not_given: int
    not_given_state: State = State.SHOWN

    @property
    def not_given_shown(self) -> str:
        return label(self.not_given, self.not_given_state)

    @property
    def flagged(self) -> list[Row]:
        return [r for r in self.rows if r.under_represented]


def _protect(table: CategoryTable, total: int) -> None:
    """The answers and "not given" add up to everyone, whose number is shown."""
    figures = Figures()
    everyone = figures.add(total, total=True)
    figures.fixed[everyone] = State.SHOWN
    cells = [figures.add(row.count) for row in table.rows]
    not_given = figures.add(table.not_given)
    figures.tie(everyone, [*cells, not_given])
    states = protect(figures)
    table.not_given_state = states[not_given]
    known = states[not_given] is State.SHOWN or all(
        states[c] is State.SHOWN for c in cells
    )
    for row, cell in zip(table.rows, cells, strict=True):
        row.state = states[cell]
        row.answered_known = known


def representation(
    *, organisation: Organisation, people: Any, total: int
) -> list[CategoryTable]:
    """Tables for each active category. ``people`` is a queryset of user ids (so the
    counting happens in the database) and ``total`` how many there are."""
    categories = list(
        organisation.demographic_categories.active().prefetch_related("values")
    )
    counts: Counter[tuple[int, int | None]] = Counter()
    for row in (
        ProfileAnswer.objects.filter(
            user_id__in=people, category__organisation=organisation
        )
        .values("category_id", "value_id")
        .annotate(n=Count("id"))
    ):
        counts[(row["category_id"], row["value_id"])] = row["n"]
    tables = []
    for category in categories:
        values = list(category.values.all())
        answered = sum(counts[(category.pk, v.pk)] for v in values)
        table = CategoryTable(
            category=category,
            rows=[
                Row(
                    label=v.label,
                    count=counts[(category.pk, v.pk)],
                    answered=answered,
                    population_share=v.population_share,
                )
                for v in values
            ],
            not_given=total - answered,
        )
        _protect(table, total)
        tables.append(table)
    return tables


def cycle_participants(cycle: Any) -> Any:
    """Ids of everyone holding a seat on one of the cycle's panels."""
    from .models import SEATED, PanelMember

    return (
        PanelMember.objects.filter(
            panel__cycle=cycle, status__in=SEATED, user__isnull=False
        )
        .values("user_id")
        .distinct()
    )


QUADRANTS = [
    (group.value, group.label)
    for group in (
        KnowCareGroup.KNOW_AND_CARE,
        KnowCareGroup.CARE,
        KnowCareGroup.KNOW,
        KnowCareGroup.NEITHER,
    )
]


def cycle_pool(cycle: Any) -> list[int]:
    """Ids of the people a draw for one of the cycle's panels could pick and who
    hold no seat in the cycle: its panels' volunteers and the organisation's pool,
    all still agreeing to take part in panels."""
    from .models import ConsentRecord, PoolMember, Purpose, Volunteer

    consenting = ConsentRecord.objects.holding(Purpose.PANEL, cycle.organisation)
    seated = cycle_participants(cycle)
    volunteers = Volunteer.objects.filter(
        panel__cycle=cycle, user_id__in=consenting
    ).exclude(user_id__in=seated)
    shared = PoolMember.objects.filter(
        organisation=cycle.organisation, user_id__in=consenting
    ).exclude(user_id__in=seated)
    return sorted(
        set(volunteers.values_list("user_id", flat=True))
        | set(shared.values_list("user_id", flat=True))
    )


def _know_care_column(cycle: Any, people: Any, total: int) -> list[str]:
    """How many of the people sit in each cell of the grid, under the disclosure
    rule: they are some of the ``total`` people whose number the page shows."""
    cells: Counter[str] = Counter(
        interest.quadrant
        for interest in TopicInterest.objects.filter(
            cycle=cycle, user_id__in=people
        ).only("knowledge", "care")
    )
    figures = Figures()
    everyone = figures.add(total, total=True)
    figures.fixed[everyone] = State.SHOWN
    ids = [figures.add(cells[key]) for key, _name in QUADRANTS]
    figures.tie(everyone, ids, "<=")
    states = protect(figures)
    return [
        label(cells[key], states[i])
        for (key, _name), i in zip(QUADRANTS, ids, strict=True)
    ]


def know_care_mix(
    *, cycle: Any, seated: tuple[Any, int], pool: tuple[Any, int]
) -> list[tuple[Any, str, str]]:
    """For each cell of the know / care grid of a cycle's topic: how many of the
    seated members and how many of the volunteer pool sit in it. ``seated`` and
    ``pool`` are each (user ids, how many people)."""
    seated_column = _know_care_column(cycle, *seated)
    pool_column = _know_care_column(cycle, *pool)
    return [
        (name, seated_count, pool_count)
        for (_key, name), seated_count, pool_count in zip(
            QUADRANTS, seated_column, pool_column, strict=True
        )
    ]
