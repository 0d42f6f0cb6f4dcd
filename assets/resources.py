"""The resources picture: public money beside what communities bring."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _

from panels.meetings import citizen_hours

from .models import PUBLIC_SOURCES, PledgeStatus, ResourceLine, ResourceSource

MONTHS_A_YEAR = 12


@dataclass(frozen=True)
class ResourcesPicture:
    by_source: list[tuple[str, Decimal]]
    volunteer_hours_a_year: Decimal
    #: Hours citizens gave through panels: meetings and co-delivery.
    contributed_hours: Decimal
    volunteer_value: Decimal
    public_total: Decimal
    community_total: Decimal

    @property
    def total(self) -> Decimal:
        return self.public_total + self.community_total

    @property
    def community_share(self) -> str | None:
        """Percentage of all resources that communities bring, as said: a small
        real share reads "less than 1", never "0", and a share just short of
        all reads "more than 99", never "100"."""
        return share_said(self.community_total, self.total)


def share_said(part: Decimal, total: Decimal) -> str | None:
    """A percentage as said: never "0" for a small real share, nor "100" for
    one just short of all."""
    if not total:
        return None
    share = Decimal(part) / Decimal(total) * 100
    if 0 < share < 1:
        return str(_("less than 1"))
    if 99 < share < 100:
        return str(_("more than 99"))
    return str(int(round(share)))


def cycle_resources(cycle: Any) -> ResourcesPicture:
    """Totals by source, with active pledged time (hours a month times twelve) and
    the hours citizens gave through panels valued at the organisation's rate. Four
    queries."""
    sums = dict(
        ResourceLine.objects.filter(cycle=cycle)
        .values_list("source")
        .annotate(total=Sum("amount"))
    )
    hours_a_month = cycle.pledges.filter(
        status__in=[PledgeStatus.ACTIVE, PledgeStatus.MATCHED]
    ).aggregate(total=Sum("hours_per_month"))["total"] or Decimal(0)
    hours = hours_a_month * MONTHS_A_YEAR
    contributed = citizen_hours(cycle=cycle)
    value = ((hours + contributed) * cycle.organisation.volunteer_hourly_rate).quantize(
        Decimal("0.01")
    )
    by_source = [
        (str(label), sums.get(code, Decimal(0)))
        for code, label in ResourceSource.choices
    ]
    public = sum(
        (amount for code, amount in sums.items() if code in PUBLIC_SOURCES), Decimal(0)
    )
    community = (
        sum(
            (amount for code, amount in sums.items() if code not in PUBLIC_SOURCES),
            Decimal(0),
        )
        + value
    )
    return ResourcesPicture(by_source, hours, contributed, value, public, community)
