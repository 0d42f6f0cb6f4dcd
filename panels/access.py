"""Finding a panel for a request, narrowed to the user's organisation."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from cocommission.organisations.access import organisation_for

from .models import Panel


def panel_for(
    request: HttpRequest, org_slug: str, pk: int, perm: str = "panels.view_panels"
) -> Panel:
    organisation = organisation_for(request, org_slug, perm)
    return get_object_or_404(
        Panel.objects.filter(organisation=organisation).select_related(
            "organisation", "cycle"
        ),
        pk=pk,
    )
