"""The residents whose address the team has checked, for residents-only votes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cocommission.forms import add_service_errors
from cocommission.http import AuthedHttpRequest
from cocommission.organisations.access import organisation_for

from ..forms.residence import ResidenceForm
from ..models import Residence
from ..residences import residence_record, residence_remove


@login_required
@require_http_methods(["GET", "POST"])
def residents(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "panels.manage_panels")
    form = ResidenceForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            residence = residence_record(
                organisation=organisation,
                email=form.cleaned_data["email"],
                area=form.cleaned_data["area"],
                method=form.cleaned_data["method"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(email)s is recorded as living in %(area)s.")
                % {"email": residence.user.email, "area": residence.area.label},
            )
            return redirect("panels:residents", org_slug=organisation.slug)
    search = request.GET.get("q", "").strip()
    rows = Residence.objects.filter(organisation=organisation).select_related(
        "user", "area", "checked_by"
    )
    if search:
        rows = rows.filter(user__email__icontains=search)
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    template = "panels/residents.html"
    if request.htmx and request.method == "GET":
        template += "#resident-results"
    return render(
        request,
        template,
        {
            "organisation": organisation,
            "form": form,
            "page": page,
            "query": search,
            "has_areas": form.fields["area"].queryset.exists(),  # type: ignore[attr-defined]
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def resident_remove(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "panels.manage_panels")
    residence = get_object_or_404(
        Residence.objects.select_related("user", "area"),
        organisation=organisation,
        pk=pk,
    )
    if request.method == "POST":
        residence_remove(residence=residence)
        messages.success(request, _("The check is removed."))
        return redirect("panels:residents", org_slug=organisation.slug)
    return render(
        request,
        "panels/resident_remove.html",
        {"organisation": organisation, "residence": residence},
    )
