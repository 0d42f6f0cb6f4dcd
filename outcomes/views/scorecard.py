"""The public value scorecard, and the cycle costs behind its value-for-money lines."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from cocommission.http import AuthedHttpRequest
from cycles.access import cycle_for

from ..forms import CycleCostForm
from ..models import CycleCost
from ..scorecard import cycle_scorecard


def _render(
    request: HttpRequest, cycle: object, form: CycleCostForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "outcomes/scorecard.html",
        {
            "organisation": cycle.organisation,  # type: ignore[attr-defined]
            "cycle": cycle,
            "card": cycle_scorecard(cycle),
            "cost_form": form,
            "can_change": request.user.has_perm(
                "outcomes.change_frameworks",
                cycle.organisation,  # type: ignore[attr-defined]
            ),
        },
        status=status,
    )


@login_required
@require_safe
def scorecard(request: AuthedHttpRequest, org_slug: str, cycle_pk: int) -> HttpResponse:
    return _render(request, cycle_for(request, org_slug, cycle_pk), CycleCostForm())


@login_required
@require_POST
def cost_add(request: AuthedHttpRequest, org_slug: str, cycle_pk: int) -> HttpResponse:
    cycle = cycle_for(request, org_slug, cycle_pk)
    if not request.user.has_perm("outcomes.change_frameworks", cycle.organisation):
        raise PermissionDenied
    form = CycleCostForm(request.POST)
    if not form.is_valid():
        return _render(request, cycle, form, status=400)
    CycleCost.objects.create(cycle=cycle, **form.cleaned_data)
    messages.success(request, _("Cost added."))
    return redirect("outcomes:scorecard", org_slug=org_slug, cycle_pk=cycle_pk)


@login_required
@require_POST
def cost_remove(
    request: AuthedHttpRequest, org_slug: str, cycle_pk: int, cost_pk: int
) -> HttpResponse:
    cycle = cycle_for(request, org_slug, cycle_pk)
    if not request.user.has_perm("outcomes.change_frameworks", cycle.organisation):
        raise PermissionDenied
    get_object_or_404(cycle.costs.all(), pk=cost_pk).delete()
    messages.success(request, _("Cost removed."))
    return redirect("outcomes:scorecard", org_slug=org_slug, cycle_pk=cycle_pk)
