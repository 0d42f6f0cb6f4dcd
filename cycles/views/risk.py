"""The co-produced risk register of a cycle."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cocommission.forms import add_service_errors, form_page
from cocommission.http import AuthedHttpRequest
from cocommission.organisations.access import organisation_for

from ..access import cycle_for
from ..forms.risk import RiskForm, RiskScalesForm
from ..models import Risk, RiskStatus, WhoseRisk
from ..risks import likelihood_headings, risk_matrix, risk_save


@login_required
@require_safe
def risk_list(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    cycle = cycle_for(request, org_slug, pk)
    risks = list(cycle.risks.select_related("owner"))
    whose = request.GET.get("whose", "")
    status = request.GET.get("status", RiskStatus.OPEN)
    shown = [
        r
        for r in risks
        if (not whose or r.whose == whose) and (status == "all" or r.status == status)
    ]
    today = timezone.localdate()
    return render(
        request,
        "cycles/risk_list.html",
        {
            "organisation": cycle.organisation,
            "cycle": cycle,
            "risks": sorted(shown, key=lambda r: -r.rating),
            "matrix": risk_matrix(
                [r for r in risks if r.status == RiskStatus.OPEN], cycle.organisation
            ),
            "likelihoods": likelihood_headings(cycle.organisation),
            "overdue": {
                r.pk
                for r in risks
                if r.status == RiskStatus.OPEN
                and r.review_date
                and r.review_date < today
            },
            "whose_choices": WhoseRisk.choices,
            "whose": whose,
            "status": status,
            "can_change": request.user.has_perm("cycles.change_cycle", cycle),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def risk_edit(
    request: AuthedHttpRequest, org_slug: str, pk: int, risk_pk: int | None = None
) -> HttpResponse:
    cycle = cycle_for(request, org_slug, pk, "cycles.change_cycle")
    risk = (
        get_object_or_404(cycle.risks.all(), pk=risk_pk)
        if risk_pk
        else Risk(cycle=cycle)
    )
    form = RiskForm(request.POST or None, instance=risk, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        try:
            risk_save(risk=form.save(commit=False), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Risk saved."))
            return redirect("cycles:risks", org_slug=org_slug, pk=pk)
    return form_page(
        request,
        organisation=cycle.organisation,
        cycle=cycle,
        form=form,
        title=_("Change a risk") if risk_pk else _("Add a risk"),
        intro=_(
            "Think about whose risk it is, what taking it could gain, and "
            "whether the people affected would accept it for better outcomes. "
            "Plan how to make it safe, and what happens if it goes wrong."
        ),
        button=_("Save risk"),
        cancel_url=reverse("cycles:risks", kwargs={"org_slug": org_slug, "pk": pk}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def risk_scales(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    """Organisation admins name the five levels of each risk scale."""
    organisation = organisation_for(request, org_slug, "cycles.manage_gate_checks")
    form = RiskScalesForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        organisation.risk_scales = form.scales()
        organisation.save(update_fields=["risk_scales"])
        messages.success(request, _("Risk scales saved."))
        return redirect("cycles:risk_scales", org_slug=org_slug)
    return form_page(
        request,
        organisation=organisation,
        form=form,
        title=_("Risk scales"),
        intro=_(
            "The names your organisation uses for the five levels of likelihood "
            "and impact, from lowest to highest."
        ),
        button=_("Save scales"),
        cancel_url=reverse("cycles:gate_checks", kwargs={"org_slug": org_slug}),
    )
