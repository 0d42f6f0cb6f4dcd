"""Screens for commissioning cycles."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from cocommission.http import HtmxHttpRequest
from cocommission.organisations.models import Organisation

from .models import Cycle

CYCLES_PER_PAGE = 20


@login_required
@require_safe
def cycle_list(request: HtmxHttpRequest, org_slug: str) -> HttpResponse:
    """The commissioning team's dashboard: their organisation's cycles."""
    organisation = get_object_or_404(
        Organisation.objects.for_user(request.user), slug=org_slug
    )
    if not request.user.has_perm("organisations.view_dashboard", organisation):
        raise PermissionDenied
    cycles = (
        Cycle.objects.for_user(request.user)
        .filter(organisation=organisation)
        .select_related("lead")
    )
    page = Paginator(cycles, CYCLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "cycles/cycle_list.html", {"organisation": organisation, "page": page}
    )
