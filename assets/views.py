"""The asset register, import and export, and pledges."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from cocommission.forms import add_service_errors, form_page, wants_another
from cocommission.http import AuthedHttpRequest
from cocommission.organisations.access import organisation_for
from cocommission.parsing import id_param
from cocommission.spreadsheets import csv_lines
from cycles.access import cycle_for
from cycles.models import Cycle, Visibility
from panels.meetings import citizen_hours_by_cycle

from .forms import (
    AssetFilterForm,
    AssetForm,
    AssetImportForm,
    PledgeForm,
    PledgeRecordForm,
    PledgeStatusForm,
    ResourceLineForm,
)
from .models import (
    COMMUNITY_HOLDERS,
    PUBLIC_SOURCES,
    Asset,
    AssetKind,
    AssetSuggestion,
    HolderType,
    Pledge,
    PledgeStatus,
    ResourceLine,
    SuggestionStatus,
)
from .resources import cycle_resources, share_said
from .services import (
    asset_save,
    assets_export_rows,
    assets_import_csv,
    pledge_make,
    pledge_set_status,
)
from .suggestions import (
    ModerationForm,
    SuggestionForm,
    asset_suggest,
    asset_suggestion_approve,
    asset_suggestion_decline,
)

ASSETS_PER_PAGE = 25
#: Cycles on one page of resources across cycles.
CYCLES_PER_PAGE = 50


def _filtered(request: HttpRequest, organisation: Any) -> tuple[Any, AssetFilterForm]:
    form = AssetFilterForm(request.GET or None)
    assets = Asset.objects.filter(organisation=organisation)
    if form.is_valid():
        assets = assets.search(form.cleaned_data["q"])
        if form.cleaned_data["kind"]:
            assets = assets.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["holder_type"]:
            assets = assets.filter(holder_type=form.cleaned_data["holder_type"])
    return assets, form


@login_required
@require_safe
def asset_list(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "assets.view_register")
    assets, filters = _filtered(request, organisation)
    # One pass over the register for both summaries (by holder, and by area and
    # kind), with no ordering: the model's ordering would join organisations.
    holders: Counter[str] = Counter()
    grid: dict[str, dict[str, int]] = {}
    for area, kind, holder, n in (
        Asset.objects.filter(organisation=organisation)
        .order_by()
        .values_list("area", "kind", "holder_type")
        .annotate(n=Count("pk"))
    ):
        holders[holder] += n
        cell = grid.setdefault(area or str(_("No area given")), {})
        cell[kind] = cell.get(kind, 0) + n
    community = sum(n for holder, n in holders.items() if holder in COMMUNITY_HOLDERS)
    by_area = [
        (area, [counts.get(code, 0) for code, _label in AssetKind.choices])
        for area, counts in sorted(grid.items())
    ]
    # A page of keys read in order from the register's index, then only those
    # assets in full: sorting every asset took 90 ms at 20,000.
    page = Paginator(
        assets.order_by("area", "kind", "name", "pk").values_list("pk", flat=True),
        ASSETS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    wanted = list(page.object_list)
    found = Asset.objects.in_bulk(wanted)
    page.object_list = [found[pk] for pk in wanted if pk in found]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "assets/asset_list.html#asset-results"
        if request.htmx
        else "assets/asset_list.html",
        {
            "organisation": organisation,
            "page": page,
            "filters": filters,
            "querystring": query.urlencode(),
            "community_count": community,
            "public_count": holders.get(HolderType.PUBLIC, 0),
            "holders": [
                (label, holders.get(code, 0)) for code, label in HolderType.choices
            ],
            "by_area": by_area,
            "kinds": [label for _code, label in AssetKind.choices],
            "can_change": request.user.has_perm("assets.change_register", organisation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def asset_edit(
    request: AuthedHttpRequest, org_slug: str, pk: int | None = None
) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "assets.change_register")
    asset = (
        get_object_or_404(Asset.objects.filter(organisation=organisation), pk=pk)
        if pk
        else Asset(organisation=organisation)
    )
    form = AssetForm(request.POST or None, instance=asset, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        asset = asset_save(
            asset=form.save(commit=False),
            by=request.user,
            needs=form.cleaned_data.get("needs"),
            outcomes=form.cleaned_data.get("outcomes"),
        )
        if not pk and wants_another(request):
            messages.success(
                request,
                _("Asset “%(name)s” added. Add the next one.") % {"name": asset.name},
            )
            return redirect("assets:new", org_slug=org_slug)
        messages.success(request, _("Asset saved."))
        return redirect("assets:list", org_slug=org_slug)
    return form_page(
        request,
        organisation=organisation,
        form=form,
        title=_("Change an asset") if pk else _("Add an asset"),
        intro=_(
            "Strengths that can help reach outcomes: people's skills and time, "
            "groups, places, equipment, money and knowledge."
        ),
        button=_("Save asset"),
        another="" if pk else _("Save and add another"),
        cancel_url=reverse("assets:list", kwargs={"org_slug": org_slug}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def asset_import(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "assets.change_register")
    form = AssetImportForm(request.POST or None, request.FILES or None)
    errors: list[tuple[int, str]] = []
    if request.method == "POST" and form.is_valid():
        report = assets_import_csv(
            organisation=organisation,
            by=request.user,
            text=form.cleaned_data["file"],
        )
        if report.ok:
            messages.success(request, _("%(n)d assets imported.") % {"n": report.saved})
            return redirect("assets:list", org_slug=org_slug)
        errors = report.errors
    return render(
        request,
        "assets/asset_import.html",
        {"organisation": organisation, "form": form, "import_errors": errors},
        status=400 if (errors or form.errors) else 200,
    )


@login_required
@require_safe
def asset_export(request: AuthedHttpRequest, org_slug: str) -> StreamingHttpResponse:
    """The register (as filtered) as CSV, streamed row by row."""
    organisation = organisation_for(request, org_slug, "assets.view_register")
    assets, _filters = _filtered(request, organisation)
    response = StreamingHttpResponse(
        csv_lines(assets_export_rows(assets.order_by("pk"))),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{organisation.slug}-assets.csv"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def pledge_new(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    """A citizen (or any member) offers what they can do."""
    organisation = organisation_for(request, org_slug, "assets.pledge")
    form = PledgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        pledge_make(organisation=organisation, by=request.user, **form.cleaned_data)
        messages.success(
            request, _("Thank you. We have your offer and will be in touch.")
        )
        return redirect("participation:participation")
    return form_page(
        request,
        organisation=organisation,
        form=form,
        caption=organisation.name,
        title=_("Offer what you can do"),
        intro=_(
            "Everyone has something to offer: time, a skill, a space, or knowing "
            "people. Tell us in a sentence or two."
        ),
        button=_("Send my offer"),
        cancel_url=reverse("participation:participation"),
    )


@login_required
@require_safe
def pledge_list(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "assets.view_register")
    pledges = Paginator(
        Pledge.objects.filter(organisation=organisation).select_related("pledger"),
        ASSETS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "assets/pledge_list.html",
        {
            "organisation": organisation,
            "cycles": list(
                Cycle.objects.filter(organisation=organisation).order_by("title")
            ),
            "page": pledges,
            "status_form": PledgeStatusForm(),
            "can_change": request.user.has_perm("assets.change_register", organisation),
        },
    )


@login_required
@require_POST
def pledge_status(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "assets.change_register")
    pledge = get_object_or_404(Pledge.objects.filter(organisation=organisation), pk=pk)
    form = PledgeStatusForm(request.POST)
    if form.is_valid():
        cycle: Cycle | None = None
        if form.cleaned_data["cycle"]:
            cycle = get_object_or_404(
                Cycle.objects.filter(organisation=organisation),
                pk=form.cleaned_data["cycle"],
            )
        pledge_set_status(
            pledge=pledge,
            status=form.cleaned_data["status"],
            by=request.user,
            cycle=cycle,
        )
        messages.success(request, _("Pledge updated."))
    return redirect("assets:pledges", org_slug=org_slug)


@login_required
@require_http_methods(["GET", "POST"])
def cycle_resources_view(
    request: AuthedHttpRequest, org_slug: str, cycle_pk: int
) -> HttpResponse:
    """A cycle's resources picture, and adding budget lines and contributions."""
    cycle = cycle_for(request, org_slug, cycle_pk)
    can_change = request.user.has_perm("assets.change_register", cycle.organisation)
    form = ResourceLineForm(request.POST or None, instance=ResourceLine(cycle=cycle))
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            form.save()
            messages.success(request, _("Resource added."))
            return redirect(
                "assets:cycle_resources", org_slug=org_slug, cycle_pk=cycle_pk
            )
    return render(
        request,
        "assets/cycle_resources.html",
        {
            "organisation": cycle.organisation,
            "cycle": cycle,
            "picture": cycle_resources(cycle),
            "lines": cycle.resources.all(),
            "form": form,
            "can_change": can_change,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def resources_across_cycles(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    """Public and community resources for each cycle, side by side, a page of
    cycles at a time (the same few queries for any number of cycles)."""
    organisation = organisation_for(request, org_slug, "assets.view_register")
    page = Paginator(
        Cycle.objects.filter(organisation=organisation).order_by("created_at", "pk"),
        CYCLES_PER_PAGE,
    ).get_page(request.GET.get("page"))
    cycles = list(page.object_list)
    money: dict[tuple[int, bool], Decimal] = {}
    for cycle_id, source, total in (
        ResourceLine.objects.filter(cycle__in=cycles)
        .values_list("cycle_id", "source")
        .annotate(total=Sum("amount"))
    ):
        key = (cycle_id, source in PUBLIC_SOURCES)
        money[key] = money.get(key, Decimal(0)) + total
    hours = dict(
        Pledge.objects.filter(
            cycle__in=cycles,
            status__in=[PledgeStatus.ACTIVE, PledgeStatus.MATCHED],
        )
        .values_list("cycle_id")
        .annotate(total=Sum("hours_per_month"))
    )
    given = citizen_hours_by_cycle(organisation=organisation)
    rate = organisation.volunteer_hourly_rate
    rows = []
    for cycle in cycles:
        time_value = (
            (hours.get(cycle.pk) or Decimal(0)) * 12 + given.get(cycle.pk, Decimal(0))
        ) * rate
        public = money.get((cycle.pk, True), Decimal(0))
        community = money.get((cycle.pk, False), Decimal(0)) + time_value
        total = public + community
        share = share_said(community, total)
        rows.append((cycle, public, community, share))
    return render(
        request,
        "assets/resources_across_cycles.html",
        {"organisation": organisation, "rows": rows, "rate": rate, "page": page},
    )


@login_required
@require_http_methods(["GET", "POST"])
def pledge_record(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    """The team records a pledge made in a conversation or on paper."""
    organisation = organisation_for(request, org_slug, "assets.change_register")
    form = PledgeRecordForm(
        request.POST or None,
        instance=Pledge(organisation=organisation),
        organisation=organisation,
    )
    if request.method == "POST" and form.is_valid():
        pledge = form.save(commit=False)
        pledge.full_clean()
        pledge.save()
        messages.success(request, _("Pledge recorded."))
        return redirect("assets:pledges", org_slug=org_slug)
    return form_page(
        request,
        organisation=organisation,
        form=form,
        title=_("Record a pledge"),
        intro=_(
            "What someone offered to do or give, for example in a "
            "“See what you can do” conversation."
        ),
        button=_("Record pledge"),
        cancel_url=reverse("assets:pledges", kwargs={"org_slug": org_slug}),
    )


@login_required
@require_safe
def community_assets(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    """What any member may see: assets marked public, without private contacts."""
    organisation = organisation_for(request, org_slug, "assets.view_community_assets")
    assets = Asset.objects.filter(organisation=organisation, is_public=True).order_by(
        "area", "name"
    )
    page = Paginator(assets, ASSETS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "assets/community_assets.html",
        {"organisation": organisation, "page": page},
    )


def _suggest_cycle(organisation: Any, request: AuthedHttpRequest) -> Any:
    """The cycle a suggestion comes from (its public page), if any. Only a public
    cycle: any other would show its title to the person and hang the asset from a
    cycle the public cannot see (404, as for a cycle that does not exist)."""
    pk = id_param(request.GET, "cycle")
    if pk is None:
        return None
    return get_object_or_404(
        Cycle.objects.filter(organisation=organisation, visibility=Visibility.PUBLIC),
        pk=pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def asset_suggest_view(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    """A member suggests an asset they know of; it shows once the team approves."""
    organisation = organisation_for(request, org_slug, "assets.pledge")
    cycle = _suggest_cycle(organisation, request)
    form = SuggestionForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            asset_suggest(
                suggestion=AssetSuggestion(
                    organisation=organisation, cycle=cycle, **form.cleaned_data
                ),
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            status = 429 if getattr(error, "code", "") == "limit" else 400
        else:
            messages.success(
                request,
                _("Thank you. The team will look at it and tell you what they decide."),
            )
            return redirect("assets:suggest", org_slug=org_slug)
    mine = AssetSuggestion.objects.filter(
        organisation=organisation, suggested_by=request.user
    ).order_by("-created_at")[:20]
    return render(
        request,
        "assets/asset_suggest.html",
        {
            "organisation": organisation,
            "cycle": cycle,
            "form": form,
            "mine": list(mine),
        },
        status=400 if status == 200 and form.errors else status,
    )


@login_required
@require_safe
def asset_suggestions(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    """The team's queue of suggested assets, oldest waiting first."""
    organisation = organisation_for(request, org_slug, "assets.view_register")
    waiting = Paginator(
        AssetSuggestion.objects.filter(
            organisation=organisation, status=SuggestionStatus.PENDING
        )
        .select_related("suggested_by", "cycle")
        .order_by("created_at"),
        ASSETS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "assets/asset_suggestions.html",
        {
            "organisation": organisation,
            "page": waiting,
            "can_change": request.user.has_perm("assets.change_register", organisation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def asset_suggestion_review(
    request: AuthedHttpRequest, org_slug: str, pk: int
) -> HttpResponse:
    """Approve a suggestion with edits, or decline it with a reason."""
    organisation = organisation_for(request, org_slug, "assets.change_register")
    suggestion = get_object_or_404(
        AssetSuggestion.objects.filter(
            organisation=organisation, status=SuggestionStatus.PENDING
        ).select_related("suggested_by", "organisation"),
        pk=pk,
    )
    initial = {
        "name": suggestion.name,
        "description": suggestion.what,
        "address": suggestion.where,
        "kind": AssetKind.PLACE,
        "holder_type": HolderType.COMMUNITY,
    }
    form = ModerationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "approve":
                asset_suggestion_approve(
                    suggestion=suggestion,
                    by=request.user,
                    fields={
                        k: data[k]
                        for k in (
                            "name",
                            "kind",
                            "holder_type",
                            "description",
                            "area",
                            "address",
                        )
                    },
                )
                messages.success(request, _("Added to the asset map."))
            else:
                asset_suggestion_decline(
                    suggestion=suggestion, by=request.user, reason=data["reason"]
                )
                messages.success(request, _("Declined. The person has been told why."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("assets:suggestions", org_slug=org_slug)
    return form_page(
        request,
        organisation=organisation,
        form=form,
        caption=organisation.name,
        title=_("Suggested asset: %(name)s") % {"name": suggestion.name},
        intro=_(
            "Suggested by %(who)s. Who holds it, in their words: %(holder)s. "
            "Edit the details before adding it, or say why it is not added."
        )
        % {"who": suggestion.suggested_by, "holder": suggestion.holder or "–"},
        button=_("Record the decision"),
        cancel_url=reverse("assets:suggestions", kwargs={"org_slug": org_slug}),
        status=400 if form.errors else 200,
    )
