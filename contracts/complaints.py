"""Recording complaints and surfacing their patterns: by category and quarter,
how long they take to resolve, how many are upheld, and what is rising."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from statistics import median
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncQuarter
from django.utils import timezone
from django.utils.translation import gettext as _

from cocommission.accounts.models import User

from .models import Complaint, ComplaintCategory, ComplaintOutcome, Contract

QUARTERS_SHOWN = 8
#: A category is "rising" when its latest quarter has at least this many more
#: complaints than its average over the four quarters before, and at least 3.
RISING_BY = 2


@transaction.atomic
def complaint_record(*, complaint: Complaint, by: User) -> Complaint:
    today = timezone.localdate()
    if complaint.received_on and complaint.received_on > today:
        raise ValidationError({"received_on": _("The date cannot be in the future.")})
    open_outcome = complaint.outcome == ComplaintOutcome.OPEN
    if open_outcome and complaint.resolved_on:
        raise ValidationError(
            {"outcome": _("Choose the outcome, or leave the date resolved empty.")}
        )
    if not open_outcome and not complaint.resolved_on:
        raise ValidationError({"resolved_on": _("Enter the date it was resolved.")})
    if complaint.area and (
        complaint.area.category.organisation_id
        != complaint.contract.cycle.organisation_id
    ):
        raise ValidationError({"area": _("Choose one of your areas.")})
    complaint.recorded_by = complaint.recorded_by or by
    complaint.full_clean()
    complaint.save()
    return complaint


def _quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _previous(quarter: datetime.date) -> datetime.date:
    month = quarter.month - 3
    return datetime.date(quarter.year - (month < 1), (month - 1) % 12 + 1, 1)


@dataclass
class CategoryPattern:
    label: str
    by_quarter: list[int]
    total: int
    upheld: int
    median_days: float | None
    rising: bool


@dataclass
class Patterns:
    quarters: list[datetime.date]
    categories: list[CategoryPattern]
    total: int
    still_open: int
    median_days: float | None


def complaint_patterns(contract: Contract, today: Any = None) -> Patterns:
    """Counts by category for the last eight quarters, and per category the
    share upheld and the median days to resolve. Two queries."""
    today = today or timezone.localdate()
    quarters = [_quarter_start(today)]
    while len(quarters) < QUARTERS_SHOWN:
        quarters.insert(0, _previous(quarters[0]))
    complaints = Complaint.objects.filter(contract=contract)
    counts: dict[tuple[str, datetime.date], int] = {}
    for row in (
        complaints.filter(received_on__gte=quarters[0])
        .annotate(quarter=TruncQuarter("received_on"))
        .values("category", "quarter")
        .annotate(n=Count("pk"))
    ):
        quarter = row["quarter"]
        if isinstance(quarter, datetime.datetime):
            quarter = quarter.date()
        counts[(row["category"], quarter)] = row["n"]
    days: dict[str, list[int]] = {}
    upheld: dict[str, int] = {}
    totals: dict[str, int] = {}
    still_open = 0
    for category, outcome, received, resolved in complaints.values_list(
        "category", "outcome", "received_on", "resolved_on"
    ):
        totals[category] = totals.get(category, 0) + 1
        if outcome in (ComplaintOutcome.UPHELD, ComplaintOutcome.PARTLY):
            upheld[category] = upheld.get(category, 0) + 1
        if resolved is None:
            still_open += 1
        else:
            days.setdefault(category, []).append((resolved - received).days)
    patterns = []
    for code, label in ComplaintCategory.choices:
        if code not in totals:
            continue
        series = [counts.get((code, q), 0) for q in quarters]
        before = series[-5:-1]
        rising = series[-1] >= 3 and series[-1] >= sum(before) / 4 + RISING_BY
        patterns.append(
            CategoryPattern(
                label=str(label),
                by_quarter=series,
                total=totals[code],
                upheld=upheld.get(code, 0),
                median_days=median(days[code]) if code in days else None,
                rising=rising,
            )
        )
    all_days = [d for values in days.values() for d in values]
    return Patterns(
        quarters=quarters,
        categories=patterns,
        total=sum(totals.values()),
        still_open=still_open,
        median_days=median(all_days) if all_days else None,
    )
