"""The contracts list, a contract's page, its settings, specification versions
and its Open Contracting export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cocommission.forms import add_service_errors, form_page
from cocommission.http import AuthedHttpRequest, HtmxHttpRequest
from cocommission.organisations.access import organisation_for
from cocommission.organisations.models import Organisation
from cocommission.parsing import id_param
from governance.translations import principles_in

from ..access import contract_for
from ..assessment import perspective_of
from ..forms.contract import ContractForm, SpecificationForm
from ..models import (
    CoAssessmentReport,
    Complaint,
    Contract,
    MonitoringMeeting,
    Provider,
    ProviderReturn,
    Specification,
    Tender,
)
from ..models.contract import ContractQuerySet
from ..ocds import release_package
from ..returns import providers_for
from ..review import indicators_with_status
from ..services import contract_save, specification_add
from ..tender import may_score

PER_PAGE = 25


def _visible(request: HtmxHttpRequest, organisation: Organisation) -> ContractQuerySet:
    contracts = Contract.objects.of_organisation(organisation)
    if not request.user.has_perm("organisations.view_dashboard", organisation):
        contracts = contracts.visible_outside_the_team(request.user)
    return contracts


@login_required
@require_safe
def contract_list(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "contracts.view_contracts")
    query = request.GET.get("q", "").strip()
    contracts = (
        _visible(request, organisation)
        .search(query)
        .select_related("cycle")
        .prefetch_related(Prefetch("providers", Provider.objects.order_by("name")))
    )
    page = Paginator(contracts, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "contracts/contract_list.html#contract-results"
        if request.htmx
        else "contracts/contract_list.html",
        {
            "organisation": organisation,
            "page": page,
            "query": query,
            "can_manage": request.user.has_perm(
                "contracts.manage_contracts", organisation
            ),
            "is_team": request.user.has_perm(
                "organisations.view_dashboard", organisation
            ),
        },
    )


@login_required
@require_safe
def contract_detail(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    contract = contract_for(request, org_slug, pk)
    organisation = contract.cycle.organisation
    tender = Tender.objects.filter(contract=contract).first()
    return render(
        request,
        "contracts/contract_detail.html",
        {
            "organisation": organisation,
            "contract": contract,
            "providers": list(contract.providers.prefetch_related("members")),
            "specifications": list(
                contract.specifications.select_related("co_agreed_by", "created_by")
            ),
            "outcomes": list(contract.outcomes.all()),
            "indicators": indicators_with_status(contract),
            "principles": principles_in(
                request, organisation, list(contract.principles.all())
            ),
            "meetings": list(
                MonitoringMeeting.objects.filter(contract=contract)
                .select_related("meeting")
                .annotate(
                    present=Count(
                        "meeting__attendance",
                        filter=Q(meeting__attendance__attended=True),
                        distinct=True,
                    ),
                    open_issues=Count(
                        "issues", filter=Q(issues__status="open"), distinct=True
                    ),
                )
            ),
            "returns": list(
                ProviderReturn.objects.filter(contract=contract).select_related(
                    "provider"
                )
            ),
            "can_send": bool(providers_for(contract, request.user)),
            "complaint_count": Complaint.objects.filter(contract=contract).count(),
            "reports": list(CoAssessmentReport.objects.filter(contract=contract)),
            "perspective": perspective_of(contract, request.user),
            "has_tender": tender is not None,
            "may_score": tender is not None
            and tender.awarded_bid_id is None
            and may_score(tender, request.user),
            "is_team": request.user.has_perm(
                "organisations.view_dashboard", organisation
            ),
            "can_manage": request.user.has_perm(
                "contracts.manage_contracts", organisation
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contract_edit(
    request: AuthedHttpRequest, org_slug: str, pk: int | None = None
) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "contracts.manage_contracts")
    contract = (
        contract_for(request, org_slug, pk, "contracts.manage_contracts")
        if pk
        else Contract()
    )
    initial = {}
    if not pk and (cycle_pk := id_param(request.GET, "cycle")):
        initial["cycle"] = cycle_pk
    form = ContractForm(
        request.POST or None,
        instance=contract,
        organisation=organisation,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contract = contract_save(
                contract=form.save(commit=False),
                providers=list(data["providers"]),
                outcomes=list(data.get("outcomes") or []),
                indicators=list(data.get("indicators") or []),
                principles=list(data.get("principles") or []),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Contract saved."))
            return redirect(contract)
    list_url = reverse("contracts:list", kwargs={"org_slug": organisation.slug})
    return form_page(
        request,
        organisation=organisation,
        form=form,
        title=_("Contract settings") if pk else _("Add a contract or agreement"),
        caption=contract.title if pk else organisation.name,
        button=_("Save contract"),
        cancel_url=contract.get_absolute_url() if pk else list_url,
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def specification_new(
    request: AuthedHttpRequest, org_slug: str, pk: int
) -> HttpResponse:
    contract = contract_for(request, org_slug, pk, "contracts.manage_contracts")
    organisation = contract.cycle.organisation
    latest = contract.specifications.first()
    form = SpecificationForm(
        request.POST or None,
        instance=Specification(contract=contract),
        organisation=organisation,
        initial={"text": latest.text} if latest else {},
    )
    if request.method == "POST" and form.is_valid():
        try:
            specification = specification_add(
                specification=form.save(commit=False), by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Version %(n)s of the specification is saved.")
                % {"n": specification.version},
            )
            return redirect(contract)
    return form_page(
        request,
        organisation=organisation,
        form=form,
        title=_("New version of the specification"),
        caption=contract.title,
        intro=_(
            "Earlier versions are kept as they were. Say who agreed this one, "
            "for example the procurement panel."
        ),
        button=_("Save this version"),
        cancel_url=contract.get_absolute_url(),
        status=400 if form.errors else 200,
    )


def _json(data: object, filename: str) -> HttpResponse:
    response = JsonResponse(data, json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def public_ocds_uri(request: HttpRequest, organisation: Organisation) -> str:
    """Where anyone can fetch the organisation's package: its ``uri``."""
    return request.build_absolute_uri(
        reverse("public_contracts_ocds", kwargs={"org_slug": organisation.slug})
    )


@login_required
@require_safe
def contract_ocds(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    contract = contract_for(request, org_slug, pk, "contracts.manage_contracts")
    if not contract.is_procurement:
        raise Http404
    package = release_package(
        contract.cycle.organisation,
        Contract.objects.filter(pk=contract.pk),
        public_ocds_uri(request, contract.cycle.organisation),
    )
    return _json(package, f"{contract.ocid}.json")


@login_required
@require_safe
def contracts_ocds(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    """Every procurement contract of the organisation, those of private cycles
    too; the public package (its ``uri``) holds those of public cycles."""
    organisation = organisation_for(request, org_slug, "contracts.manage_contracts")
    package = release_package(
        organisation,
        Contract.objects.of_organisation(organisation),
        public_ocds_uri(request, organisation),
    )
    return _json(package, f"contracts-{organisation.slug}.json")
