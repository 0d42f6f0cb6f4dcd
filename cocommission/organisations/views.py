"""Organisation admins manage who belongs and in which role."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cocommission.forms import add_service_errors, form_page
from cocommission.http import AuthedHttpRequest

from . import fixed_words
from .access import membership_for, organisation_for
from .forms import (
    ContentLanguagesForm,
    EmbedOriginsForm,
    FixedWordsForm,
    MemberAddForm,
    MemberRoleForm,
    OrganisationDetailsForm,
)
from .models import Membership
from .services import membership_add, membership_change_role, membership_remove

MEMBERS_PER_PAGE = 25


@login_required
@require_http_methods(["GET"])
def member_list(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "organisations.manage_members")
    query = request.GET.get("q", "")
    members = (
        Membership.objects.for_user(request.user)
        .filter(organisation=organisation)
        .search(query)
        .select_related("user")
        .order_by("user__email")
    )
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    template = "organisations/member_list.html"
    if request.htmx:
        template += "#member-results"
    return render(
        request,
        template,
        {"organisation": organisation, "page": page, "query": query},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "organisations.manage_members")
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = membership_add(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(email)s added as %(role)s.")
                % {
                    "email": membership.user.email,
                    "role": membership.get_role_display(),
                },
            )
            return redirect("organisations:members", org_slug=organisation.slug)
    return render(
        request,
        "organisations/member_add.html",
        {"organisation": organisation, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_role(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    membership = membership_for(request, org_slug, pk)
    form = MemberRoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            membership_change_role(
                membership=membership,
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Role changed for %(email)s.") % {"email": membership.user.email},
            )
            return redirect("organisations:members", org_slug=org_slug)
    return render(
        request,
        "organisations/member_role.html",
        {
            "organisation": membership.organisation,
            "membership": membership,
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    membership = membership_for(request, org_slug, pk)
    error = None
    if request.method == "POST":
        try:
            membership_remove(membership=membership, by=request.user)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(
                request,
                _("%(email)s no longer belongs to this organisation.")
                % {"email": membership.user.email},
            )
            return redirect("organisations:members", org_slug=org_slug)
    return render(
        request,
        "organisations/member_remove.html",
        {
            "organisation": membership.organisation,
            "membership": membership,
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def settings_index(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    """One place for an admin's configuration pages."""
    organisation = organisation_for(request, org_slug, "organisations.manage_members")
    return render(
        request, "organisations/settings.html", {"organisation": organisation}
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_details(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    """Name, description, the value of an hour of volunteer time, and how long
    inactive citizens' personal data is kept."""
    organisation = organisation_for(request, org_slug, "organisations.manage_members")
    form = OrganisationDetailsForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Organisation details saved."))
        return redirect("organisations:settings", org_slug=org_slug)
    return form_page(
        request,
        organisation=organisation,
        form=form,
        title=_("Organisation details"),
        button=_("Save"),
        cancel_url=reverse("organisations:settings", kwargs={"org_slug": org_slug}),
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def embed_origins(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    """The sites allowed to show the organisation's surveys and ballots in a
    frame (the Content-Security-Policy of the embed pages names exactly these)."""
    organisation = organisation_for(request, org_slug, "organisations.manage_members")
    form = EmbedOriginsForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The sites that may show your surveys are saved."))
        return redirect("organisations:settings", org_slug=org_slug)
    return form_page(
        request,
        organisation=organisation,
        form=form,
        title=_("Sites that may show your surveys"),
        intro=_(
            "Surveys and votes can sit on your own web site, in a frame. List the "
            "sites allowed to do this; every other site is refused."
        ),
        button=_("Save"),
        cancel_url=reverse("organisations:settings", kwargs={"org_slug": org_slug}),
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def content_languages(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    """The languages the organisation writes its surveys in, and those every
    survey must be complete in before it opens."""
    organisation = organisation_for(request, org_slug, "organisations.manage_members")
    form = ContentLanguagesForm(
        request.POST or None,
        initial={
            "languages": organisation.languages[1:],
            "required": organisation.languages_required[1:],
        },
    )
    if request.method == "POST" and form.is_valid():
        organisation.content_languages = form.cleaned_data["languages"]
        organisation.required_languages = form.cleaned_data["required"]
        organisation.save(update_fields=["content_languages", "required_languages"])
        messages.success(request, _("Your languages are saved."))
        return redirect("organisations:settings", org_slug=org_slug)
    return form_page(
        request,
        organisation=organisation,
        form=form,
        title=_("Languages you write in"),
        intro=_(
            "The site itself is in English and Welsh. Your surveys are written in "
            "English and in any of these languages you choose."
        ),
        button=_("Save"),
        cancel_url=reverse("organisations:settings", kwargs={"org_slug": org_slug}),
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_words(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    """The fixed words of surveys (the agreement scale, "Other" and its box, the
    rating's hint) in each language the organisation writes in besides English.
    A survey using them cannot open while a required language lacks them."""
    organisation = organisation_for(request, org_slug, "organisations.manage_members")
    form = FixedWordsForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        for lang in form.languages:
            fixed_words.save(organisation, lang, form.words(lang))
        messages.success(request, _("The fixed words of your surveys are saved."))
        return redirect("organisations:settings", org_slug=org_slug)
    intro = (
        _(
            "Some words are the same in every survey: the agreement scale, "
            "“Other” and its box, and what a rating means. Write them once in each "
            "of your languages. Answers count together whatever language they were "
            "given in."
        )
        if form.languages
        else _(
            "You write only in English. Choose your other languages first, under "
            "Languages you write in."
        )
    )
    return form_page(
        request,
        organisation=organisation,
        form=form,
        title=_("Fixed words of surveys"),
        intro=intro,
        button=_("Save") if form.languages else "",
        cancel_url=reverse("organisations:settings", kwargs={"org_slug": org_slug}),
        status=400 if form.errors else 200,
    )
