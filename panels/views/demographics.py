"""Admins set what people are asked about themselves and the population shares."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cocommission.forms import add_service_errors, form_page
from cocommission.http import AuthedHttpRequest
from cocommission.organisations.access import organisation_for

from ..forms.demographics import CategoryForm
from ..models import DemographicCategory
from ..services import categories_ensure_defaults, category_save


@login_required
@require_safe
def category_list(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "panels.configure_demographics")
    categories_ensure_defaults(organisation=organisation)
    return render(
        request,
        "panels/category_list.html",
        {
            "organisation": organisation,
            "categories": organisation.demographic_categories.prefetch_related(
                "values"
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def category_edit(
    request: AuthedHttpRequest, org_slug: str, pk: int | None = None
) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "panels.configure_demographics")
    category = (
        get_object_or_404(organisation.demographic_categories.all(), pk=pk)
        if pk
        else DemographicCategory(organisation=organisation)
    )
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        try:
            category_save(
                category=form.save(commit=False),
                values=form.cleaned_data["values_text"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Category saved."))
            return redirect("panels:categories", org_slug=org_slug)
    return form_page(
        request,
        organisation=organisation,
        form=form,
        title=_("Change a category") if pk else _("Add a category"),
        intro=_(
            "Removing an answer also removes what people said for it. Renaming "
            "keeps nothing: change a label only to fix a typo before people answer."
        ),
        button=_("Save category"),
        cancel_url=reverse("panels:categories", kwargs={"org_slug": org_slug}),
        status=400 if form.errors else 200,
    )
