"""Correcting and withdrawing measurements.

A figure once recorded is never silently overwritten or deleted: a correction
changes it with a reason, a withdrawal takes it out of every count with a reason,
and both stay in the measurement's history (django-simple-history, the reason in
``history_change_reason``), which the indicator's page shows to the team."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocommission.accounts.models import User

from .models import Indicator, Measurement, MeasurementSource


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why")})
    return reason


@transaction.atomic
def measurement_correct(
    *,
    measurement: Measurement,
    by: User | None,
    reason: str,
    value: Decimal,
    period_end: datetime.date | None = None,
    source: str | None = None,
    note: str | None = None,
) -> Measurement:
    """Correct a measurement's figures; the old ones and the reason are kept in its
    history."""
    reason = _reason(reason)
    measurement = Measurement.with_withdrawn.select_for_update().get(pk=measurement.pk)
    if measurement.withdrawn:
        raise ValidationError(_("This measurement is withdrawn: it cannot be changed."))
    changed = {
        "value": value,
        "period_end": measurement.period_end if period_end is None else period_end,
        "source": measurement.source if source is None else source,
        "note": measurement.note if note is None else note,
    }
    if all(getattr(measurement, k) == v for k, v in changed.items()):
        raise ValidationError(_("Nothing has changed. Change the figures, or cancel."))
    if (
        changed["period_end"] != measurement.period_end
        and Measurement.objects.filter(
            indicator_id=measurement.indicator_id, period_end=changed["period_end"]
        ).exists()
    ):
        raise ValidationError(
            {"period_end": _("There is already a value for this period.")}
        )
    for field, new in changed.items():
        setattr(measurement, field, new)
    measurement.correction_reason = reason
    measurement.full_clean()
    measurement._change_reason = reason[:100]  # type: ignore[attr-defined]
    measurement._history_user = by  # type: ignore[attr-defined]
    measurement.save()
    return measurement


@transaction.atomic
def measurement_withdraw(
    *, measurement: Measurement, by: User | None, reason: str
) -> Measurement:
    """Withdraw a measurement: it counts nowhere any more, and a new value may be
    recorded for its period; it stays listed to the team with the reason."""
    reason = _reason(reason)
    measurement = Measurement.with_withdrawn.select_for_update().get(pk=measurement.pk)
    if measurement.withdrawn:
        return measurement
    measurement.withdrawn_at = timezone.now()
    measurement.withdrawn_by = by
    measurement.withdrawn_reason = reason
    measurement._change_reason = reason[:100]  # type: ignore[attr-defined]
    measurement._history_user = by  # type: ignore[attr-defined]
    measurement.save()
    return measurement


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class Correction:
    """One correction or withdrawal of a measurement, as the history holds it."""

    when: datetime.datetime
    by: Any
    period_end: datetime.date
    reason: str
    changes: list[Change]
    withdrawn: bool


def _shown(field: str, value: Any) -> str:
    if value is None:
        return "–"
    if field == "value":
        return str(floatformat(value, "-3"))
    if field == "period_end":
        return date_format(value, "j M Y")
    if field == "source":
        return (
            str(MeasurementSource(value).label)
            if value in MeasurementSource.values
            else value
        )
    return str(value) or "–"


_FIELDS = {
    "value": gettext_lazy("value"),
    "period_end": gettext_lazy("end of the period"),
    "source": gettext_lazy("source"),
    "note": gettext_lazy("note"),
}


def measurement_history(indicator: Indicator, limit: int = 200) -> list[Correction]:
    """The corrections and withdrawals of the indicator's measurements, newest
    first, read from their history in one query."""
    history: Any = Measurement.history
    changed_ids = history.filter(indicator_id=indicator.pk, history_type="~").values(
        "id"
    )
    records = (
        history.filter(indicator_id=indicator.pk, id__in=changed_ids)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    corrections: list[Correction] = []
    previous: Any = None
    for record in records:
        same = previous is not None and previous.id == record.id
        if same and record.history_type == "~":
            corrections.append(_correction(previous, record))
        previous = record
    corrections.sort(key=lambda c: c.when, reverse=True)
    return corrections[:limit]


def _correction(before: Any, after: Any) -> Correction:
    withdrawn = before.withdrawn_at is None and after.withdrawn_at is not None
    changes = [
        Change(
            str(label),
            _shown(field, getattr(before, field)),
            _shown(field, getattr(after, field)),
        )
        for field, label in _FIELDS.items()
        if getattr(before, field) != getattr(after, field)
    ]
    return Correction(
        when=after.history_date,
        by=after.history_user,
        period_end=before.period_end,
        reason=after.withdrawn_reason if withdrawn else after.correction_reason,
        changes=changes,
        withdrawn=withdrawn,
    )
