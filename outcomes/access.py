"""Finding an outcomes framework or an indicator for a request: 404 to outsiders,
403 to the wrong role."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from .models import Indicator, OutcomesFramework


def framework_for(
    request: HttpRequest, org_slug: str, pk: int, change: bool = False
) -> OutcomesFramework:
    framework = get_object_or_404(
        OutcomesFramework.objects.for_team(request.user)
        .filter(organisation__slug=org_slug)
        .select_related("organisation", "cycle"),
        pk=pk,
    )
    perm = "outcomes.change_frameworks" if change else "outcomes.view_frameworks"
    if not request.user.has_perm(perm, framework.organisation):
        raise PermissionDenied
    return framework


def indicator_for(
    request: HttpRequest,
    org_slug: str,
    pk: int,
    indicator_pk: int,
    change: bool = False,
) -> tuple[OutcomesFramework, Indicator]:
    framework = framework_for(request, org_slug, pk, change=change)
    indicator = get_object_or_404(
        Indicator.objects.filter(outcome__framework=framework).select_related(
            "outcome", "owner"
        ),
        pk=indicator_pk,
    )
    return framework, indicator
