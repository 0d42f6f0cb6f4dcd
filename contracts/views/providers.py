"""The provider register."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cocommission.forms import add_service_errors, form_page
from cocommission.http import AuthedHttpRequest
from cocommission.organisations.access import organisation_for

from ..forms.provider import ProviderForm
from ..models import Provider
from ..services import provider_save

PER_PAGE = 25


@login_required
@require_safe
def provider_list(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "contracts.view_providers")
    query = request.GET.get("q", "").strip()
    providers = (
        Provider.objects.filter(organisation=organisation)
        .search(query)
        .annotate(contract_count=Count("contracts", distinct=True))
        .prefetch_related("members")
        .order_by("name")
    )
    page = Paginator(providers, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "contracts/provider_list.html#provider-results"
        if request.htmx
        else "contracts/provider_list.html",
        {
            "organisation": organisation,
            "page": page,
            "query": query,
            "can_manage": request.user.has_perm(
                "contracts.manage_contracts", organisation
            ),
        },
    )


@login_required
@require_safe
def provider_detail(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "contracts.view_providers")
    provider = get_object_or_404(
        Provider.objects.filter(organisation=organisation).prefetch_related(
            "members", "alliances", "representatives"
        ),
        pk=pk,
    )
    contracts = (
        provider.contracts.select_related("cycle__organisation")
        .order_by("-starts_on", "title")
        .distinct()
    )
    return render(
        request,
        "contracts/provider_detail.html",
        {
            "organisation": organisation,
            "provider": provider,
            "contracts": contracts,
            "can_manage": request.user.has_perm(
                "contracts.manage_contracts", organisation
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def provider_edit(
    request: AuthedHttpRequest, org_slug: str, pk: int | None = None
) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "contracts.manage_contracts")
    provider = (
        get_object_or_404(Provider, organisation=organisation, pk=pk)
        if pk
        else Provider(organisation=organisation)
    )
    form = ProviderForm(
        request.POST or None, instance=provider, organisation=organisation
    )
    if request.method == "POST" and form.is_valid():
        try:
            provider = provider_save(
                provider=form.save(commit=False),
                members=list(form.cleaned_data.get("members") or []),
                representative_emails=form.representative_emails(),
            )
        except ValidationError as error:
            add_service_errors(
                form, error, aliases={"representatives": "representatives_text"}
            )
        else:
            messages.success(request, _("Provider saved."))
            return redirect(provider)
    return form_page(
        request,
        organisation=organisation,
        form=form,
        title=_("Change the provider") if pk else _("Add a provider"),
        caption=organisation.name,
        button=_("Save provider"),
        cancel_url=provider.get_absolute_url()
        if pk
        else reverse("contracts:providers", kwargs={"org_slug": organisation.slug}),
        status=400 if form.errors else 200,
    )
