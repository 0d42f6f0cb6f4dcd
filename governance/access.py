"""Finding a governance principle for a request."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from cocommission.organisations.access import organisation_for

from .models import GovernancePrinciple


def principle_for(request: HttpRequest, org_slug: str, pk: int) -> GovernancePrinciple:
    organisation = organisation_for(request, org_slug, "governance.manage_principles")
    return get_object_or_404(organisation.principles.all(), pk=pk)
