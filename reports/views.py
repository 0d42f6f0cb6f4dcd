"""Reports: ask for one, watch it being made, read or download it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from cocommission.http import AuthedHttpRequest
from cocommission.organisations.access import organisation_for
from cocommission.parsing import id_or_none
from cycles.access import cycle_for
from outcomes.progress import trend_chart

from .access import VIEW, report_for
from .equation import cycle_equation, equation_chart
from .models import Report, ReportKind
from .services import report_request


def _subject(organisation: Any, kind: str, pk: str) -> Any:
    """The cycle, survey, ballot or contract, if it is the organisation's."""
    from contracts.models import Contract
    from cycles.models import Cycle
    from surveys.models import Ballot, Survey

    queries: dict[str, Any] = {
        ReportKind.CYCLE: Cycle.objects.filter(organisation=organisation),
        ReportKind.SURVEY: Survey.objects.filter(
            activity__cycle__organisation=organisation
        ),
        ReportKind.BALLOT: Ballot.objects.filter(
            activity__cycle__organisation=organisation
        ),
        ReportKind.CONTRACT: Contract.objects.filter(cycle__organisation=organisation),
    }
    subject_pk = id_or_none(pk)
    if kind not in queries or subject_pk is None:
        raise Http404
    return get_object_or_404(queries[kind], pk=subject_pk)


@login_required
@require_POST
def report_new(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_for(request, org_slug, VIEW)
    kind = request.POST.get("kind", "")
    subject = _subject(organisation, kind, request.POST.get("subject", ""))
    report = report_request(
        organisation=organisation,
        kind=kind,
        subject=subject,
        by=request.user,
        language=request.POST.get("language", ""),
    )
    messages.success(request, _("Your report is being made."))
    return redirect(report)


@login_required
@require_safe
def report_list(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_for(request, org_slug, VIEW)
    reports = Report.objects.filter(organisation=organisation).select_related(
        "requested_by", "cycle", "survey", "ballot", "contract"
    )
    page = Paginator(reports, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/report_list.html#report-rows"
        if request.htmx
        else "reports/report_list.html",
        {
            "organisation": organisation,
            "page": page,
            "working": any(r.is_working for r in page.object_list),
        },
    )


@login_required
@require_safe
def report_detail(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    report = report_for(request, org_slug, pk)
    template = "reports/report_detail.html"
    if request.htmx:
        template += "#report-status"
    return render(
        request,
        template,
        {"organisation": report.organisation, "report": report},
    )


FORMATS = {
    "html": ("html", "text/html; charset=utf-8", False),
    "pdf": ("pdf", "application/pdf", True),
    "xlsx": (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        True,
    ),
}


@login_required
@require_safe
def report_file(
    request: AuthedHttpRequest, org_slug: str, pk: int, fmt: str
) -> HttpResponse | FileResponse:
    """A report's file, for the organisation's team only, until it expires."""
    report = report_for(request, org_slug, pk)
    if fmt not in FORMATS or report.status != "done":
        raise Http404
    if report.is_expired:
        return render(
            request,
            "reports/report_expired.html",
            {"organisation": report.organisation, "report": report},
            status=410,
        )
    field, content_type, attachment = FORMATS[fmt]
    file = getattr(report, field)
    if not file:
        raise PermissionDenied
    response = FileResponse(
        file.open("rb"),
        as_attachment=attachment,
        filename=file.name.rsplit("/", 1)[-1],
        content_type=content_type,
    )
    if fmt == "html":
        # The report's own styles are inline; nothing else may load.
        response["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
        )
    return response


@login_required
@require_safe
def cycle_equation_view(
    request: AuthedHttpRequest, org_slug: str, cycle_pk: int
) -> HttpResponse:
    """The public value equation of a cycle on one page, for its team."""
    cycle = cycle_for(request, org_slug, cycle_pk)
    equation = cycle_equation(cycle)
    return render(
        request,
        "reports/cycle_equation.html",
        {
            "organisation": cycle.organisation,
            "cycle": cycle,
            "equation": equation,
            "chart": equation_chart(equation.history),
            "trends": [
                trend_chart(line.headline, line.series)
                if line.headline is not None
                else None
                for line in equation.needs
            ],
            "can_change": request.user.has_perm("cycles.change_cycle", cycle),
        },
    )
