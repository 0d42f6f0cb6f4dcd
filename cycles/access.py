"""Finding a cycle, or one of its activities or decisions, for a request: 404 to
outsiders, 403 to the wrong role."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from .models import Activity, Cycle, Decision


def cycle_for(
    request: HttpRequest, org_slug: str, pk: int, perm: str = "cycles.view_workspace"
) -> Cycle:
    """A cycle of the user's commissioning teams (else 404), if they hold ``perm``."""
    cycle = get_object_or_404(
        Cycle.objects.for_team(request.user)
        .filter(organisation__slug=org_slug)
        .select_related("organisation", "service_area", "lead", "predecessor"),
        pk=pk,
    )
    if not request.user.has_perm(perm, cycle):
        raise PermissionDenied
    return cycle


def cycle_in(org_slug: str, pk: int) -> Cycle:
    """Any cycle of the organisation (else 404), for pages that check the person's
    standing themselves (governance assessment: the team, or citizens of a public
    cycle). Handed to governance from ``CyclesConfig.ready``."""
    return get_object_or_404(
        Cycle.objects.filter(organisation__slug=org_slug).select_related(
            "organisation"
        ),
        pk=pk,
    )


def activity_for(
    request: HttpRequest, org_slug: str, pk: int, activity_pk: int, perm: str
) -> Activity:
    cycle = cycle_for(request, org_slug, pk, perm)
    return get_object_or_404(
        cycle.activities.select_related("cycle__organisation"), pk=activity_pk
    )


def decision_for(
    request: HttpRequest, org_slug: str, pk: int, decision_pk: int
) -> Decision:
    cycle = cycle_for(request, org_slug, pk, "cycles.record_decision")
    return get_object_or_404(
        Decision.objects.filter(cycle=cycle).select_related("cycle__organisation"),
        pk=decision_pk,
    )
