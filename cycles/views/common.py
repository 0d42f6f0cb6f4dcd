"""Lookups shared by the cycle views: everything is narrowed to the user's teams."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from cocommission.forms import add_service_errors
from cocommission.organisations.access import organisation_for

from ..models import Cycle

__all__ = ["add_service_errors", "cycle_for", "cycle_in", "organisation_for"]


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
