"""A contract's complaints log and its patterns, for scrutiny."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cocommission.forms import add_service_errors
from cocommission.http import AuthedHttpRequest

from ..access import contract_for
from ..complaints import complaint_patterns, complaint_record
from ..forms.complaint import ComplaintForm
from ..models import Complaint
from ..returns import providers_for


@login_required
@require_http_methods(["GET", "POST"])
def complaints(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    contract = contract_for(request, org_slug, pk)
    organisation = contract.cycle.organisation
    may_record = request.user.has_perm(
        "contracts.manage_contracts", organisation
    ) or bool(providers_for(contract, request.user))
    form = ComplaintForm(
        request.POST or None,
        instance=Complaint(contract=contract),
        organisation=organisation,
    )
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied
        if form.is_valid():
            try:
                complaint_record(complaint=form.save(commit=False), by=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Complaint recorded."))
                return redirect("contracts:complaints", org_slug=org_slug, pk=pk)
    page = Paginator(
        Complaint.objects.filter(contract=contract).select_related("area"), 25
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "contracts/complaints.html",
        {
            "organisation": organisation,
            "contract": contract,
            "patterns": complaint_patterns(contract),
            "page": page,
            "form": form,
            "may_record": may_record,
        },
        status=400 if form.errors else 200,
    )
