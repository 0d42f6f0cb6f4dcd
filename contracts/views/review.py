"""The review page: the evidence on one page, and the recommendation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cocommission.forms import add_service_errors
from cocommission.http import AuthedHttpRequest

from ..access import contract_for
from ..forms.review import ReviewForm
from ..review import indicators_with_status, review_record, review_summary


@login_required
@require_http_methods(["GET", "POST"])
def review(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    contract = contract_for(request, org_slug, pk)
    organisation = contract.cycle.organisation
    if not request.user.has_perm("organisations.view_dashboard", organisation):
        raise PermissionDenied
    can_decide = request.user.has_perm("cycles.override_gate", contract.cycle)
    form = ReviewForm(request.POST or None)
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied
        if form.is_valid():
            try:
                review_record(
                    contract=contract,
                    recommendation=form.cleaned_data["recommendation"],
                    rationale=form.cleaned_data["rationale"],
                    changes=form.cleaned_data["changes"],
                    by=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("The recommendation is in the cycle's decision log.")
                )
                return redirect("contracts:review", org_slug=org_slug, pk=pk)
    return render(
        request,
        "contracts/review.html",
        {
            "organisation": organisation,
            "contract": contract,
            "summary": review_summary(contract, indicators_with_status(contract)),
            "form": form,
            "can_decide": can_decide,
        },
        status=400 if form.errors else 200,
    )
