"""Finding a report for a request, narrowed to the user's organisation."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from cocommission.organisations.access import organisation_for

from .models import Report

#: Seeing the organisation's reports takes its dashboard.
VIEW = "organisations.view_dashboard"


def report_for(request: HttpRequest, org_slug: str, pk: int) -> Report:
    organisation = organisation_for(request, org_slug, VIEW)
    return get_object_or_404(
        Report.objects.filter(organisation=organisation).select_related(
            "organisation", "cycle", "survey", "ballot", "contract"
        ),
        pk=pk,
    )
