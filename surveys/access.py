"""Finding a survey or a ballot for a request, narrowed to the user's organisation."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from cocommission.organisations.access import organisation_for

from .models import Ballot, Survey


def survey_for(
    request: HttpRequest, org_slug: str, pk: int, perm: str = "surveys.view_surveys"
) -> Survey:
    organisation = organisation_for(request, org_slug, perm)
    return get_object_or_404(
        Survey.objects.of_organisation(organisation)
        .with_response_count()
        .select_related("activity__cycle__organisation", "panel"),
        pk=pk,
    )


def ballot_for(
    request: HttpRequest, org_slug: str, pk: int, perm: str = "surveys.view_surveys"
) -> Ballot:
    organisation = organisation_for(request, org_slug, perm)
    return get_object_or_404(
        Ballot.objects.filter(
            activity__cycle__organisation=organisation
        ).select_related("activity__cycle__organisation", "panel", "decision"),
        pk=pk,
    )


def published_survey(org_slug: str, token: str) -> Survey:
    """A survey whose results anyone may read (its cycle is public), or 404: for
    the public results page and the public API."""
    return get_object_or_404(
        Survey.objects.select_related("activity__cycle__organisation"),
        token=token,
        results_published=True,
        activity__cycle__organisation__slug=org_slug,
        activity__cycle__visibility="public",
    )
