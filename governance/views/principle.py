"""Governance principles and their assessment questions (organisation admins)."""

from __future__ import annotations

from collections.abc import Callable

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

from cocommission import translations as translated
from cocommission.http import AuthedHttpRequest
from cocommission.organisations.access import organisation_for
from cocommission.organisations.models import Organisation
from cocommission.translations.pages import edit_page, gaps_page

from ..access import principle_for
from ..forms import CriterionForm, PrincipleForm
from ..models import GovernancePrinciple
from ..services import (
    principle_move,
    principle_set_retired,
    principles_ensure_defaults,
)
from ..translations import principle_pieces, principles_in_use


def _principles_url(organisation: Organisation) -> str:
    return reverse("governance:principles", kwargs={"org_slug": organisation.slug})


@login_required
@require_safe
def principle_list(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "governance.manage_principles")
    principles_ensure_defaults(organisation=organisation)
    principles = list(
        GovernancePrinciple.objects.filter(organisation=organisation)
        .prefetch_related("criteria")
        .order_by("order", "name")
    )
    return render(
        request,
        "governance/principle_list.html",
        {
            "organisation": organisation,
            "principles": principles,
            "has_languages": len(organisation.languages) > 1,
            # Principles are in use once saved: no step holds them back, so
            # what a required language lacks is said here.
            "languages_problem": translated.publish_problem(
                organisation,
                principle_pieces([p for p in principles if not p.is_retired]),
            ),
        },
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
            "heading": principle.name if principle.pk else _("Add a principle"),
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
            "heading": principle.name,
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


def _language_url(org_slug: str) -> Callable[[str], str]:
    def url(lang: str) -> str:
        return reverse(
            "governance:principle_language",
            kwargs={"org_slug": org_slug, "lang": lang},
        )

    return url


@login_required
@require_safe
def principle_languages(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    """What of the principles in use and their questions is not written yet in
    each of the organisation's languages."""
    organisation = organisation_for(request, org_slug, "governance.manage_principles")
    return gaps_page(
        request,
        organisation=organisation,
        pieces=principle_pieces(principles_in_use(organisation)),
        caption=_("Governance principles"),
        back_url=_principles_url(organisation),
        edit_url=_language_url(org_slug),
        blocks=_(
            "Required: until it is written, people who choose it read the English"
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def principle_language(
    request: AuthedHttpRequest, org_slug: str, lang: str
) -> HttpResponse:
    """The principles in use and their questions in one language, beside the
    English."""
    organisation = organisation_for(request, org_slug, "governance.manage_principles")
    return edit_page(
        request,
        organisation=organisation,
        pieces=principle_pieces(principles_in_use(organisation)),
        lang=lang,
        caption=_("Governance principles"),
        back_url=reverse(
            "governance:principle_languages", kwargs={"org_slug": org_slug}
        ),
        edit_url=_language_url(org_slug),
        published=True,
    )
