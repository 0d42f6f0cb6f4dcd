"""Governance assessment of a cycle: the team's view and citizens' side by side."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cocommission.http import AuthedHttpRequest

from ..assessment import governance_comparison, perspective_of
from ..cycle_lookup import cycle_in
from ..forms import GovernanceAssessmentForm
from ..models import GovernanceAssessment, GovernancePrinciple, Perspective
from ..services import governance_assess_all
from ..translations import language_links, principle_pieces, reading_language


def _cycle_for_assessor(
    request: AuthedHttpRequest, org_slug: str, cycle_pk: int
) -> tuple[Any, str]:
    cycle = cycle_in(org_slug, cycle_pk)
    perspective = perspective_of(request.user, cycle)
    if perspective is None:
        raise Http404
    return cycle, perspective


@login_required
@require_safe
def governance_overview(
    request: AuthedHttpRequest, org_slug: str, cycle_pk: int
) -> HttpResponse:
    cycle, perspective = _cycle_for_assessor(request, org_slug, cycle_pk)
    if perspective != Perspective.TEAM:
        return redirect("governance:assess", org_slug=org_slug, cycle_pk=cycle_pk)
    evidence = (
        GovernanceAssessment.objects.filter(cycle=cycle)
        .exclude(evidence="")
        .select_related("principle")
        .order_by("principle__order", "perspective")
    )
    return render(
        request,
        "governance/governance_overview.html",
        {
            "organisation": cycle.organisation,
            "cycle": cycle,
            "rows": governance_comparison(cycle),
            "evidence": evidence,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def governance_assess_view(
    request: AuthedHttpRequest, org_slug: str, cycle_pk: int
) -> HttpResponse:
    cycle, perspective = _cycle_for_assessor(request, org_slug, cycle_pk)
    user = request.user
    principles = list(
        GovernancePrinciple.objects.filter(organisation=cycle.organisation)
        .in_use()
        .prefetch_related("criteria")
        .order_by("order", "name")
    )
    existing = {
        a.principle_id: a
        for a in GovernanceAssessment.objects.filter(cycle=cycle, assessor=user)
    }
    lang, offered = reading_language(
        request, cycle.organisation, principle_pieces(principles)
    )
    form = GovernanceAssessmentForm(
        request.POST or None, principles=principles, existing=existing, lang=lang
    )
    if request.method == "POST" and form.is_valid():
        try:
            governance_assess_all(
                cycle=cycle,
                by=user,
                assessments=(
                    (principle, *form.answers_for(principle))
                    for principle in principles
                ),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. Your assessment is saved."))
            if perspective == Perspective.TEAM:
                return redirect(
                    "governance:overview", org_slug=org_slug, cycle_pk=cycle_pk
                )
            return redirect("participation:participation")
    return render(
        request,
        "governance/governance_assess.html",
        {
            "organisation": cycle.organisation,
            "cycle": cycle,
            "form": form,
            "perspective": perspective,
            "content_languages": language_links(offered, lang),
        },
        status=400 if form.errors else 200,
    )
