"""Who gains from a cycle: partners' benefits and agreements to share them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cocommission.forms import add_service_errors, form_page
from cocommission.http import AuthedHttpRequest
from cycles.access import cycle_for

from ..models import CostSharingAgreement, Partner, PartnerBenefit
from ..partners import (
    AgreementForm,
    PartnerBenefitForm,
    PartnerForm,
    agreement_save,
    partner_benefit_save,
    partner_save,
)


def _cycle(
    request: AuthedHttpRequest, org_slug: str, cycle_pk: int, change: bool
) -> Any:
    cycle = cycle_for(request, org_slug, cycle_pk)
    if change and not request.user.has_perm(
        "outcomes.change_frameworks", cycle.organisation
    ):
        raise PermissionDenied
    return cycle


def _back(org_slug: str, cycle_pk: int) -> str:
    return reverse(
        "outcomes:who_gains", kwargs={"org_slug": org_slug, "cycle_pk": cycle_pk}
    )


@login_required
@require_safe
def who_gains(request: AuthedHttpRequest, org_slug: str, cycle_pk: int) -> HttpResponse:
    cycle = _cycle(request, org_slug, cycle_pk, change=False)
    return render(
        request,
        "outcomes/who_gains.html",
        {
            "organisation": cycle.organisation,
            "cycle": cycle,
            "benefits": list(
                PartnerBenefit.objects.filter(cycle=cycle).select_related(
                    "partner", "outcome"
                )
            ),
            "agreements": list(
                CostSharingAgreement.objects.filter(cycle=cycle).prefetch_related(
                    "partners"
                )
            ),
            "partners": list(Partner.objects.filter(organisation=cycle.organisation)),
            "can_change": request.user.has_perm(
                "outcomes.change_frameworks", cycle.organisation
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_edit(
    request: AuthedHttpRequest,
    org_slug: str,
    cycle_pk: int,
    partner_pk: int | None = None,
) -> HttpResponse:
    cycle = _cycle(request, org_slug, cycle_pk, change=True)
    partner = (
        get_object_or_404(
            Partner.objects.filter(organisation=cycle.organisation), pk=partner_pk
        )
        if partner_pk
        else Partner(organisation=cycle.organisation)
    )
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        try:
            partner_save(partner=form.save(commit=False), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Partner saved."))
            return redirect(_back(org_slug, cycle_pk))
    return form_page(
        request,
        organisation=cycle.organisation,
        cycle=cycle,
        form=form,
        title=_("Change a partner") if partner_pk else _("Add a partner"),
        intro=_("An organisation you work with, such as the police or the NHS."),
        button=_("Save partner"),
        cancel_url=_back(org_slug, cycle_pk),
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def benefit_edit(
    request: AuthedHttpRequest,
    org_slug: str,
    cycle_pk: int,
    benefit_pk: int | None = None,
) -> HttpResponse:
    cycle = _cycle(request, org_slug, cycle_pk, change=True)
    benefit = (
        get_object_or_404(PartnerBenefit.objects.filter(cycle=cycle), pk=benefit_pk)
        if benefit_pk
        else PartnerBenefit(cycle=cycle)
    )
    form = PartnerBenefitForm(request.POST or None, instance=benefit, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        try:
            partner_benefit_save(benefit=form.save(commit=False), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Benefit saved."))
            return redirect(_back(org_slug, cycle_pk))
    return form_page(
        request,
        organisation=cycle.organisation,
        cycle=cycle,
        form=form,
        title=_("Change a benefit") if benefit_pk else _("Record what a partner gains"),
        intro=_(
            "Benefits often land with partners who did not pay, such as police and "
            "courts saving when fewer young people offend. Estimate the value and "
            "say how."
        ),
        button=_("Save benefit"),
        cancel_url=_back(org_slug, cycle_pk),
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(
    request: AuthedHttpRequest,
    org_slug: str,
    cycle_pk: int,
    agreement_pk: int | None = None,
) -> HttpResponse:
    cycle = _cycle(request, org_slug, cycle_pk, change=True)
    agreement = (
        get_object_or_404(
            CostSharingAgreement.objects.filter(cycle=cycle), pk=agreement_pk
        )
        if agreement_pk
        else CostSharingAgreement(cycle=cycle)
    )
    form = AgreementForm(request.POST or None, instance=agreement, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        try:
            agreement_save(
                agreement=form.save(commit=False),
                by=request.user,
                partners=form.cleaned_data["partners"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Agreement saved."))
            return redirect(_back(org_slug, cycle_pk))
    return form_page(
        request,
        organisation=cycle.organisation,
        cycle=cycle,
        form=form,
        title=_("Change an agreement")
        if agreement_pk
        else _("Record an agreement to share costs and benefits"),
        button=_("Save agreement"),
        cancel_url=_back(org_slug, cycle_pk),
        status=400 if form.errors else 200,
    )
