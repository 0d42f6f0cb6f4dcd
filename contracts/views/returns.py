"""Provider returns: a representative sends the figures; the team accepts or
queries them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cocommission.forms import add_service_errors
from cocommission.http import AuthedHttpRequest, HtmxHttpRequest
from cocommission.parsing import id_param

from ..access import contract_for, provider_return_for
from ..forms.returns import AcceptForm, QueryForm, ReturnForm
from ..models import Contract, ProviderReturn, ReturnStatus
from ..returns import (
    providers_for,
    return_accept,
    return_clashes,
    return_query,
    return_submit,
)


@login_required
@require_http_methods(["GET", "POST"])
def return_new(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    contract = contract_for(request, org_slug, pk, "contracts.submit_returns")
    user = request.user
    providers = providers_for(contract, user)
    if not providers:
        raise PermissionDenied
    indicators = list(contract.indicators.order_by("outcome_id", "order", "pk"))
    initial: dict[str, object] = {}
    again_pk = id_param(request.GET, "again")
    again = (
        ProviderReturn.objects.filter(contract=contract, pk=again_pk).first()
        if again_pk
        else None
    )
    if again is not None and again.status == ReturnStatus.QUERIED:
        initial = {"period_end": again.period_end, "note": again.note}
        initial |= {f"indicator_{f.indicator_id}": f.value for f in again.figures.all()}
    form = ReturnForm(
        request.POST or None,
        indicators=indicators,
        providers=providers,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            sent = return_submit(
                contract=contract,
                provider=form.cleaned_data.get("provider") or providers[0],
                period_end=form.cleaned_data["period_end"],
                figures=form.figures(),
                note=form.cleaned_data.get("note", ""),
                by=user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your return is sent. The team will check it."))
            return redirect(sent)
    return render(
        request,
        "contracts/return_new.html",
        {
            "organisation": contract.cycle.organisation,
            "contract": contract,
            "form": form,
            "again": again,
        },
        status=400 if form.errors else 200,
    )


def _return_page(
    request: HtmxHttpRequest,
    contract: Contract,
    provider_return: ProviderReturn,
    query_form: QueryForm | None = None,
    accept_form: AcceptForm | None = None,
) -> HttpResponse:
    organisation = contract.cycle.organisation
    figures = list(provider_return.figures.select_related("indicator"))
    can_review = request.user.has_perm("contracts.manage_contracts", organisation)
    if accept_form is None and can_review:
        accept_form = AcceptForm(
            clashes=[]
            if provider_return.status == ReturnStatus.ACCEPTED
            else return_clashes(provider_return)
        )
    return render(
        request,
        "contracts/return_detail.html",
        {
            "organisation": organisation,
            "contract": contract,
            "provider_return": provider_return,
            "figures": figures,
            "query_form": query_form or QueryForm(),
            "review_url": reverse(
                "contracts:return_review",
                kwargs={
                    "org_slug": organisation.slug,
                    "pk": contract.pk,
                    "return_pk": provider_return.pk,
                },
            ),
            "accept_form": accept_form,
            "can_review": can_review,
            "can_send": bool(providers_for(contract, request.user)),
        },
        status=400
        if (query_form and query_form.errors) or (accept_form and accept_form.errors)
        else 200,
    )


@login_required
@require_http_methods(["GET"])
def return_detail(
    request: AuthedHttpRequest, org_slug: str, pk: int, return_pk: int
) -> HttpResponse:
    contract, provider_return = provider_return_for(
        request, org_slug, pk, return_pk, "contracts.view_contracts"
    )
    return _return_page(request, contract, provider_return)


@login_required
@require_POST
def return_review(
    request: AuthedHttpRequest, org_slug: str, pk: int, return_pk: int
) -> HttpResponse:
    contract, provider_return = provider_return_for(
        request, org_slug, pk, return_pk, "contracts.manage_contracts"
    )
    user = request.user
    if request.POST.get("action") == "accept":
        return _accept(request, contract, provider_return)
    form = QueryForm(request.POST)
    if form.is_valid():
        try:
            return_query(
                provider_return=provider_return,
                question=form.cleaned_data["query"],
                by=user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your question is sent to the provider."))
            return redirect(provider_return)
    return _return_page(request, contract, provider_return, query_form=form)


def _accept(
    request: AuthedHttpRequest, contract: Contract, provider_return: ProviderReturn
) -> HttpResponse:
    """Accept the return; where the team already has a different figure for the
    period, with the team's choice of which stands (asked on the return's page)."""
    form = AcceptForm(
        request.POST,
        clashes=[]
        if provider_return.status == ReturnStatus.ACCEPTED
        else return_clashes(provider_return),
    )
    if form.is_valid():
        try:
            return_accept(
                provider_return=provider_return,
                by=request.user,
                choices=form.choices(),
                reason=form.cleaned_data.get("reason", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Return accepted: its figures are now the measurements.")
            )
            return redirect(provider_return)
    return _return_page(request, contract, provider_return, accept_form=form)
