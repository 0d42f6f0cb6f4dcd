"""Co-assessment screens: filing a visit or mystery shopping report, reading
one, and rating the contract against the governance principles."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cocommission.forms import add_service_errors, form_page
from cocommission.http import AuthedHttpRequest
from governance.translations import principles_in

from ..access import contract_for
from ..assessment import (
    governance_rate,
    perspective_of,
    principles_for,
    report_file,
)
from ..forms.assessment import GovernanceRatingForm, ReportForm
from ..models import CoAssessmentReport, GovernanceRating, RatingPerspective


@login_required
@require_http_methods(["GET", "POST"])
def report_new(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    contract = contract_for(request, org_slug, pk)
    if perspective_of(contract, request.user) not in (
        RatingPerspective.CITIZEN,
        RatingPerspective.TEAM,
    ):
        raise PermissionDenied
    form = ReportForm(
        request.POST or None, instance=CoAssessmentReport(contract=contract)
    )
    if request.method == "POST" and form.is_valid():
        report = form.save(commit=False)
        report.ratings = form.ratings()
        try:
            report = report_file(report=report, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you. Your report is filed."))
            return redirect(report)
    return form_page(
        request,
        organisation=contract.cycle.organisation,
        form=form,
        caption=contract.title,
        title=_("File a visit report"),
        intro=_(
            "Say what you found when you visited or contacted the service. "
            "Rate what you saw; leave out what you did not. Do not name staff "
            "or other people using the service."
        ),
        button=_("File the report"),
        cancel_url=contract.get_absolute_url(),
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def report_detail(
    request: AuthedHttpRequest, org_slug: str, pk: int, report_pk: int
) -> HttpResponse:
    contract = contract_for(request, org_slug, pk)
    report = get_object_or_404(
        CoAssessmentReport.objects.filter(contract=contract), pk=report_pk
    )
    return render(
        request,
        "contracts/report_detail.html",
        {
            "organisation": contract.cycle.organisation,
            "contract": contract,
            "report": report,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def governance(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    contract = contract_for(request, org_slug, pk)
    user = request.user
    perspective = perspective_of(contract, user)
    if perspective is None:
        raise PermissionDenied
    principles = principles_for(contract)
    mine = {
        r.principle_id: r
        for r in GovernanceRating.objects.filter(contract=contract, rated_by=user)
    }
    initial: dict[str, object] = {}
    for principle_id, rating in mine.items():
        initial[f"score_{principle_id}"] = str(rating.score)
        initial[f"evidence_{principle_id}"] = rating.evidence
    form = GovernanceRatingForm(
        request.POST or None,
        principles=principles_in(request, contract.cycle.organisation, principles),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            governance_rate(contract=contract, ratings=form.ratings(), by=user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your ratings are saved."))
            return redirect(contract)
    return form_page(
        request,
        organisation=contract.cycle.organisation,
        form=form,
        caption=contract.title,
        title=_("Rate the contract against our principles"),
        intro=_(
            "How well does the service live up to each principle? You rate as: "
            "%(who)s. You can change your ratings later."
        )
        % {"who": RatingPerspective(perspective).label},
        button=_("Save my ratings"),
        cancel_url=contract.get_absolute_url(),
        status=400 if form.errors else 200,
    )
