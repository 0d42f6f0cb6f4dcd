"""Workflows for outcomes and governance."""

from __future__ import annotations

from django.db import transaction

from cocommission.organisations.models import Organisation

from .models import GovernancePrinciple
from .principles_data import DEFAULT_PRINCIPLES


@transaction.atomic
def principles_ensure_defaults(
    *, organisation: Organisation
) -> list[GovernancePrinciple]:
    """Give an organisation the six default principles if it has none yet."""
    existing = list(GovernancePrinciple.objects.filter(organisation=organisation))
    if existing:
        return existing
    return GovernancePrinciple.objects.bulk_create(
        GovernancePrinciple(
            organisation=organisation, name=str(name), description=str(text), order=i
        )
        for i, (name, text) in enumerate(DEFAULT_PRINCIPLES)
    )
