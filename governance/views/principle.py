"""Governance principles and their assessment questions (organisation admins)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from cocommission.http import AuthedHttpRequest
from cocommission.organisations.access import organisation_for
from cocommission.organisations.models import Organisation

from ..access import principle_for
from ..forms import CriterionForm, PrincipleForm
from ..models import GovernancePrinciple
from ..services import (
    principle_move,
    principle_set_retired,
    principles_ensure_defaults,
)


def _principles_url(organisation: Organisation) -> str:
    return reverse("governance:principles", kwargs={"org_slug": organisation.slug})


@login_required
@require_safe
def principle_list(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "governance.manage_principles")
    principles_ensure_defaults(organisation=organisation)
    principles = (
        GovernancePrinciple.objects.filter(organisation=organisation)
        .prefetch_related("criteria")
        .order_by("order", "name")
    )
    return render(
        request,
        "governance/principle_list.html",
        {"organisation": organisation, "principles": principles},
    )


@login_required
@require_http_methods(["GET", "POST"])
def principle_edit(
    request: AuthedHttpRequest, org_slug: str, pk: int | None = None
) -> HttpResponse:
    """Add a principle, or change one and its assessment questions."""
    if pk is None:
        organisation = organisation_for(
            request, org_slug, "governance.manage_principles"
        )
        principle = GovernancePrinciple(
            organisation=organisation, order=organisation.principles.count()
        )
    else:
        principle = principle_for(request, org_slug, pk)
        organisation = principle.organisation
    form = PrincipleForm(request.POST or None, instance=principle)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Principle saved."))
        return redirect(_principles_url(organisation))
    return render(
        request,
        "governance/principle_edit.html",
        {
            "organisation": organisation,
            "principle": principle,
            "form": form,
            "criterion_form": CriterionForm(),
            "criteria": principle.criteria.all() if principle.pk else [],
        },
    )


@login_required
@require_POST
def criterion_add(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    principle = principle_for(request, org_slug, pk)
    form = CriterionForm(
        request.POST,
        instance=principle.criteria.model(
            principle=principle, order=principle.criteria.count()
        ),
    )
    if form.is_valid():
        form.save()
        messages.success(request, _("Question added."))
        return redirect("governance:principle_edit", org_slug=org_slug, pk=pk)
    return render(
        request,
        "governance/principle_edit.html",
        {
            "organisation": principle.organisation,
            "principle": principle,
            "form": PrincipleForm(instance=principle),
            "criterion_form": form,
            "criteria": principle.criteria.all(),
        },
        status=400,
    )


@login_required
@require_POST
def criterion_remove(
    request: AuthedHttpRequest, org_slug: str, pk: int, criterion_pk: int
) -> HttpResponse:
    principle = principle_for(request, org_slug, pk)
    get_object_or_404(principle.criteria.all(), pk=criterion_pk).delete()
    messages.success(request, _("Question removed."))
    return redirect("governance:principle_edit", org_slug=org_slug, pk=pk)


@login_required
@require_POST
def principle_reorder(
    request: AuthedHttpRequest, org_slug: str, pk: int
) -> HttpResponse:
    principle = principle_for(request, org_slug, pk)
    principle_move(
        principle=principle,
        by=request.user,
        up=request.POST.get("direction") == "up",
    )
    return redirect(_principles_url(principle.organisation))


@login_required
@require_POST
def principle_retire(
    request: AuthedHttpRequest, org_slug: str, pk: int
) -> HttpResponse:
    principle = principle_for(request, org_slug, pk)
    retire = request.POST.get("retire") == "yes"
    principle_set_retired(principle=principle, by=request.user, retired=retire)
    messages.success(
        request,
        (_("“%(name)s” is retired.") if retire else _("“%(name)s” is back in use."))
        % {"name": principle.name},
    )
    return redirect(_principles_url(principle.organisation))
