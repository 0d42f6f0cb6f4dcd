"""Downloads of a survey's answers: ask, watch the progress, download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from cocommission.http import AuthedHttpRequest

from ..access import survey_for
from ..exports import export_request
from ..models import ExportKind, ExportStatus


@login_required
@require_safe
def export_list(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    survey = survey_for(request, org_slug, pk)
    exports = list(survey.exports.select_related("requested_by")[:20])
    template = "surveys/exports.html"
    if request.htmx:
        template += "#export-table"
    return render(
        request,
        template,
        {
            "organisation": survey.activity.cycle.organisation,
            "survey": survey,
            "exports": exports,
            "kinds": ExportKind.choices,
            "working": any(e.is_working for e in exports),
            "can_export": request.user.has_perm(
                "surveys.manage_surveys", survey.activity.cycle.organisation
            ),
        },
    )


@login_required
@require_POST
def export_new(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    survey = survey_for(request, org_slug, pk, "surveys.manage_surveys")
    kind = request.POST.get("kind", "")
    if kind not in ExportKind.values:
        messages.error(request, _("Choose what to download."))
    else:
        export_request(survey=survey, kind=kind, by=request.user)
        messages.success(request, _("Your download is being made."))
    return redirect("surveys:exports", org_slug=org_slug, pk=pk)


@login_required
@require_safe
def export_download(
    request: AuthedHttpRequest, org_slug: str, pk: int, export_pk: int
) -> FileResponse:
    """The file, only for the survey's team and only until it expires."""
    survey = survey_for(request, org_slug, pk, "surveys.manage_surveys")
    export = get_object_or_404(
        survey.exports.all(), pk=export_pk, status=ExportStatus.DONE
    )
    if export.is_expired or not export.file:
        raise Http404
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=export.file.name.rsplit("/", 1)[-1],
    )
