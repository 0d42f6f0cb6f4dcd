"""Workflows of a cycle's activities. Each is one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cocommission.accounts.models import User

from ..models import (
    Activity,
    ActivityStatus,
    CatalogueEntry,
    Cycle,
)


@transaction.atomic
def activity_create(
    *,
    cycle: Cycle,
    by: User,
    covers_tasks: Iterable[CatalogueEntry] = (),
    **fields: Any,
) -> Activity:
    activity = Activity(cycle=cycle, **fields)
    activity.full_clean()
    activity.save()
    activity.covers_tasks.set(covers_tasks)
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    by: User,
    covers_tasks: Iterable[CatalogueEntry] | None = None,
    **fields: Any,
) -> Activity:
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.full_clean()
    activity.save()
    if covers_tasks is not None:
        activity.covers_tasks.set(covers_tasks)
    return activity


@transaction.atomic
def activity_set_status(*, activity: Activity, status: str, by: User) -> Activity:
    if status not in ActivityStatus.values:
        raise ValidationError({"status": _("Choose a status from the list")})
    activity.status = status
    activity.save(update_fields=["status"])
    return activity
