"""An organisation's public page: its public cycles and the ways to take part
now. No sign-in."""

from __future__ import annotations

from django.db.models import Q
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from cocommission.organisations.models import Organisation
from contracts.ocds import release_package
from cycles.models import Visibility
from cycles.translations import chosen_language, cycle_in, cycle_pieces
from governance.translations import charter_shown
from panels.models import Panel
from reports.models import OpenDataPackage
from surveys.models import Audience, Ballot, Eligibility, Survey

from ..public import public_contracts, public_cycles, recruiting_panels


def open_surveys(**filters: object) -> list[Survey]:
    """Public-link surveys open now, for anyone to answer."""
    now = timezone.now()
    return list(
        Survey.objects.filter(
            audience=Audience.PUBLIC,
            published_at__isnull=False,
            closed_at__isnull=True,
            activity__cycle__visibility=Visibility.PUBLIC,
            **filters,
        )
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .select_related("activity__cycle")
        .order_by("closes_at", "title")
    )


def open_ballots(**filters: object) -> list[Ballot]:
    """Votes open now that a member of the public can join in."""
    return list(
        Ballot.objects.filter(
            published_at__isnull=False,
            closed_at__isnull=True,
            activity__cycle__visibility=Visibility.PUBLIC,
            eligibility__in=[Eligibility.CITIZENS, Eligibility.RESIDENTS],
            **filters,
        )
        .select_related("activity__cycle")
        .order_by("title")
    )


@require_safe
def public_organisation(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=org_slug)
    cycles = list(public_cycles(organisation))
    # Each cycle in the language chosen where written (``?lang=``, else the
    # page's language), else in English marked as such.
    lang, _offered = chosen_language(
        request.GET.get("lang", ""),
        get_language() or "",
        organisation,
        [piece for cycle in cycles for piece in cycle_pieces(cycle)],
    )
    cycles = [cycle_in(cycle, lang) for cycle in cycles]
    return render(
        request,
        "participation/public_organisation.html",
        {
            "organisation": organisation,
            "cycles": cycles,
            "surveys": open_surveys(activity__cycle__organisation=organisation),
            "ballots": open_ballots(activity__cycle__organisation=organisation),
            "panels": list(recruiting_panels(organisation)),
            "meeting_panels": list(
                Panel.objects.filter(organisation=organisation)
                .public()
                .order_by("name")
            ),
            # In the language chosen (?lang=, else the page's), where written.
            "charter": charter_shown(request, organisation)[0],
            # The package answers 404 when it would hold no release.
            "publishes_contracts": public_contracts(organisation).exists(),
            "open_data": OpenDataPackage.objects.filter(
                organisation=organisation
            ).first(),
        },
    )


@require_safe
def public_open_data(request: HttpRequest, org_slug: str) -> FileResponse:
    """The organisation's open data package, for anyone."""
    package = get_object_or_404(
        OpenDataPackage.objects.select_related("organisation"),
        organisation__slug=org_slug,
    )
    return FileResponse(
        package.file.open("rb"),
        as_attachment=True,
        filename=f"{org_slug}-open-data.zip",
        content_type="application/zip",
    )


@require_safe
def public_contracts_ocds(request: HttpRequest, org_slug: str) -> JsonResponse:
    """The procurement contracts of the organisation's public cycles as an OCDS
    release package, for anyone: the address the package's ``uri`` names."""
    organisation = get_object_or_404(Organisation, slug=org_slug)
    package = release_package(
        organisation,
        public_contracts(organisation),
        request.build_absolute_uri(),
    )
    if not package["releases"]:  # a package must hold a release
        raise Http404
    response = JsonResponse(package, json_dumps_params={"indent": 2})
    # A file, as the open data ZIP is (and so kept out of shared caches).
    response["Content-Disposition"] = (
        f'attachment; filename="contracts-{organisation.slug}.json"'
    )
    return response
