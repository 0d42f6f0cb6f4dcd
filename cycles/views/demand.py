"""A need's demand and the routes that meet it."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from cocommission.forms import add_service_errors, form_page
from cocommission.http import AuthedHttpRequest

from ..access import cycle_for
from ..forms.demand import DemandForm, RouteForm
from ..models import Need, NeedRoute
from ..services import need_demand_save, need_route_remove, need_route_save

_LINKS = ("strategies", "activities", "pledges", "assets", "contracts", "indicators")


def _need_for(
    request: AuthedHttpRequest, org_slug: str, pk: int, need_pk: int, perm: str
) -> Need:
    cycle = cycle_for(request, org_slug, pk, perm)
    need = get_object_or_404(cycle.needs.all(), pk=need_pk)
    need.cycle = cycle
    return need


def _routes_url(org_slug: str, pk: int, need_pk: int) -> str:
    return reverse(
        "cycles:need_routes",
        kwargs={"org_slug": org_slug, "pk": pk, "need_pk": need_pk},
    )


@login_required
@require_safe
def need_routes(
    request: AuthedHttpRequest, org_slug: str, pk: int, need_pk: int
) -> HttpResponse:
    """A need's demand and its routes, with their planned shares."""
    need = _need_for(request, org_slug, pk, need_pk, "cycles.view_workspace")
    routes = list(
        need.routes.prefetch_related(
            "strategies", "activities", "pledges", "assets", "contracts", "indicators"
        )
    )
    return render(
        request,
        "cycles/need_routes.html",
        {
            "organisation": need.cycle.organisation,
            "cycle": need.cycle,
            "need": need,
            "indicators": list(
                need.demand_indicators.select_related("outcome").prefetch_related(
                    Prefetch("measurements", to_attr="series")
                )
            ),
            "routes": routes,
            "planned": sum((r.planned_share for r in routes), Decimal(0)),
            "can_change": request.user.has_perm("cycles.change_cycle", need.cycle),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def need_demand(
    request: AuthedHttpRequest, org_slug: str, pk: int, need_pk: int
) -> HttpResponse:
    need = _need_for(request, org_slug, pk, need_pk, "cycles.change_cycle")
    form = DemandForm(request.POST or None, instance=need)
    if request.method == "POST" and form.is_valid():
        try:
            need_demand_save(
                need=form.save(commit=False),
                by=request.user,
                indicators=form.cleaned_data["demand_indicators"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Demand saved."))
            return redirect(_routes_url(org_slug, pk, need_pk))
    return form_page(
        request,
        organisation=need.cycle.organisation,
        cycle=need.cycle,
        form=form,
        title=_("The demand this need creates"),
        intro=_(
            "Say how the demand is measured, where the figure comes from and what "
            "it was at the start. Link the indicators that track it, so its trend "
            "shows over this cycle and the cycles that follow."
        ),
        button=_("Save demand"),
        cancel_url=_routes_url(org_slug, pk, need_pk),
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def need_route_edit(
    request: AuthedHttpRequest,
    org_slug: str,
    pk: int,
    need_pk: int,
    route_pk: int | None = None,
) -> HttpResponse:
    need = _need_for(request, org_slug, pk, need_pk, "cycles.change_cycle")
    route = (
        get_object_or_404(need.routes.all(), pk=route_pk)
        if route_pk
        else NeedRoute(need=need)
    )
    route.need = need
    form = RouteForm(request.POST or None, instance=route)
    if request.method == "POST" and form.is_valid():
        try:
            need_route_save(
                route=form.save(commit=False),
                by=request.user,
                links={name: form.cleaned_data[name] for name in _LINKS},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Route saved."))
            return redirect(_routes_url(org_slug, pk, need_pk))
    return form_page(
        request,
        organisation=need.cycle.organisation,
        cycle=need.cycle,
        form=form,
        caption=need.statement,
        title=_("Change a route") if route_pk else _("Plan a route to meeting it"),
        intro=_(
            "How much of the demand this route should meet, and what it puts in. "
            "The routes of a need add up to 100% at most."
        ),
        button=_("Save route"),
        cancel_url=_routes_url(org_slug, pk, need_pk),
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def need_route_remove_view(
    request: AuthedHttpRequest, org_slug: str, pk: int, need_pk: int, route_pk: int
) -> HttpResponse:
    need = _need_for(request, org_slug, pk, need_pk, "cycles.change_cycle")
    route = get_object_or_404(need.routes.all(), pk=route_pk)
    need_route_remove(route=route, by=request.user)
    messages.success(request, _("Route removed."))
    return redirect(_routes_url(org_slug, pk, need_pk))
