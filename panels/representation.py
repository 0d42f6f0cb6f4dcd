"""How far a group of people (a panel, a pool, everyone in a cycle) reflects the
population, category by category, without ever showing a small group exactly."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocommission.organisations.models import Organisation

from .models import DemographicCategory, ProfileAnswer, TopicInterest

#: Groups smaller than this are shown as "fewer than 5".
SMALL = 5
#: A group is under-represented when its share is below this part of its share of
#: the population, and the population share says at least one person is expected.
UNDER = Decimal("0.75")

RULE = gettext_lazy(
    "A group is flagged as under-represented when its share of the people who "
    "answered is below three quarters of its share of the population, and the "
    "population share means at least one of them would be expected."
)


def shown(count: int) -> str:
    """A count as it may be shown: exact from 5, hidden below."""
    if count == 0:
        return "0"
    if count < SMALL:
        return _("fewer than 5")
    return str(count)


@dataclass
class Row:
    label: str
    count: int
    answered: int
    population_share: Decimal | None

    @property
    def count_shown(self) -> str:
        return shown(self.count)

    @property
    def share(self) -> Decimal | None:
        """Per cent of those who answered, or None when it would reveal a small
        group."""
        if not self.answered or 0 < self.count < SMALL:
            return None
        return (Decimal(self.count) * 100 / self.answered).quantize(Decimal("0.1"))

    @property
    def under_represented(self) -> bool:
        if self.population_share is None or not self.answered:
            return False
        expected = self.population_share * self.answered / 100
        actual = Decimal(self.count) * 100 / self.answered
        return expected >= 1 and actual < self.population_share * UNDER


@dataclass
class CategoryTable:
    category: DemographicCategory
    rows: list[Row]
    not_given: int

    @property
    def not_given_shown(self) -> str:
        return shown(self.not_given)

    @property
    def flagged(self) -> list[Row]:
        return [r for r in self.rows if r.under_represented]


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
        tables.append(
            CategoryTable(
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
        )
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
    ("know_and_care", gettext_lazy("Know and care")),
    ("care", gettext_lazy("Care, know less")),
    ("know", gettext_lazy("Know, care less")),
    ("neither", gettext_lazy("Neither yet")),
]


def know_care_mix(*, cycle: Any, people: Any) -> list[tuple[Any, str]]:
    """How many of the people sit in each cell of the know / care grid for a
    cycle's topic, shown with small groups hidden."""
    cells: Counter[str] = Counter(
        interest.quadrant
        for interest in TopicInterest.objects.filter(
            cycle=cycle, user_id__in=people
        ).only("knowledge", "care")
    )
    return [(label, shown(cells[key])) for key, label in QUADRANTS]
