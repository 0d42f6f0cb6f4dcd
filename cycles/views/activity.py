"""Activities: start from the catalogue or from scratch, edit, change status."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from cocommission.forms import add_service_errors, form_page, wants_another
from cocommission.http import AuthedHttpRequest
from cocommission.parsing import id_param

from ..access import activity_for, cycle_for
from ..forms.activity import ActivityForm, ActivityStatusForm, AttachmentForm
from ..models import (
    PHASE_ORDER,
    ActivityAttachment,
    ActivityStatus,
    CatalogueEntry,
    CatalogueKind,
    Mode,
    Phase,
)
from ..services import activity_create, activity_set_status, activity_update


@login_required
@require_safe
def activity_catalogue(
    request: AuthedHttpRequest, org_slug: str, pk: int
) -> HttpResponse:
    """Pick a starting point for a new activity in a phase."""
    cycle = cycle_for(request, org_slug, pk, "cycles.change_cycle")
    phase = request.GET.get("phase") or cycle.phases.get(is_current=True).phase
    if phase not in PHASE_ORDER:
        phase = Phase.ANALYSE
    entries = (
        CatalogueEntry.objects.active()
        .for_organisation(cycle.organisation)
        .exclude(kind=CatalogueKind.IPC_TASK)
    )
    return render(
        request,
        "cycles/activity_catalogue.html",
        {
            "organisation": cycle.organisation,
            "cycle": cycle,
            "phase": Phase(phase),
            "phases": [Phase(p) for p in PHASE_ORDER],
            "co_produced": entries.filter(kind=CatalogueKind.CO_PRODUCED, phase=phase),
            "approaches": entries.filter(
                kind=CatalogueKind.APPROACH, phase__in=[phase, ""]
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_new(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    cycle = cycle_for(request, org_slug, pk, "cycles.change_cycle")
    entry = None
    if entry_id := id_param(request.GET, "entry"):
        entry = (
            CatalogueEntry.objects.active()
            .for_organisation(cycle.organisation)
            .filter(pk=entry_id)
            .first()
        )
    phase = request.GET.get("phase") or cycle.phases.get(is_current=True).phase
    initial = {"phase": phase if phase in PHASE_ORDER else Phase.ANALYSE}
    if entry is not None:
        is_approach = entry.kind == CatalogueKind.APPROACH
        initial.update(
            title=entry.title,
            # A traditional task from the catalogue starts as one the team
            # does alone; the person can change it to a co-produced mode.
            mode=entry.mode or Mode.TRADITIONAL,
            purpose=entry.description,
            approach=entry.title if is_approach else "",
        )
    form = ActivityForm(request.POST or None, initial=initial, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            activity = activity_create(
                cycle=cycle,
                by=request.user,
                catalogue_entry=entry,
                covers_tasks=data.pop("covers_tasks"),
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Activity “%(title)s” added.") % {"title": activity.title}
            )
            if wants_another(request):
                # A fresh form in the same phase, not from the same catalogue entry.
                return redirect(
                    f"{request.path}?{urlencode({'phase': activity.phase})}"
                )
            return redirect(cycle)
    return form_page(
        request,
        organisation=cycle.organisation,
        cycle=cycle,
        form=form,
        title=_("Add an activity"),
        intro=entry.description if entry else "",
        button=_("Add activity"),
        another=_("Add and start another"),
        cancel_url=cycle.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(
    request: AuthedHttpRequest, org_slug: str, pk: int, activity_pk: int
) -> HttpResponse:
    activity = activity_for(request, org_slug, pk, activity_pk, "cycles.change_cycle")
    cycle = activity.cycle
    form = ActivityForm(request.POST or None, instance=activity, cycle=cycle)
    attachment_form = AttachmentForm()
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            activity_update(
                activity=activity,
                by=request.user,
                covers_tasks=data.pop("covers_tasks"),
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Activity saved."))
            return redirect(cycle)
    return render(
        request,
        "cycles/activity_edit.html",
        {
            "organisation": cycle.organisation,
            "cycle": cycle,
            "activity": activity,
            "form": form,
            "attachment_form": attachment_form,
            "attachments": activity.attachments.all(),
        },
    )


@login_required
@require_POST
def activity_status(
    request: AuthedHttpRequest, org_slug: str, pk: int, activity_pk: int
) -> HttpResponse:
    """Change an activity's status; htmx gets the updated row back."""
    activity = activity_for(request, org_slug, pk, activity_pk, "cycles.change_cycle")
    form = ActivityStatusForm(request.POST)
    if form.is_valid():
        activity_set_status(
            activity=activity,
            status=form.cleaned_data["status"],
            by=request.user,
        )
    saved = _("“%(title)s” is now %(status)s.") % {
        "title": activity.title,
        "status": activity.get_status_display().lower(),
    }
    if request.htmx:
        return render(
            request,
            "cycles/cycle_detail.html#activity-row",
            {
                "activity": activity,
                "cycle": activity.cycle,
                "can_change": True,
                "status_choices": ActivityStatus.choices,
                "announce": saved if form.is_valid() else "",
            },
            status=200 if form.is_valid() else 400,
        )
    if form.is_valid():
        messages.success(request, saved)
    return redirect(activity.cycle)


@login_required
@require_POST
def attachment_add(
    request: AuthedHttpRequest, org_slug: str, pk: int, activity_pk: int
) -> HttpResponse:
    activity = activity_for(request, org_slug, pk, activity_pk, "cycles.change_cycle")
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        ActivityAttachment.objects.create(
            activity=activity,
            title=form.cleaned_data["title"],
            file=form.cleaned_data["file"],
            uploaded_by=request.user,
        )
        messages.success(request, _("File attached."))
        return redirect(
            "cycles:activity_edit", org_slug=org_slug, pk=pk, activity_pk=activity_pk
        )
    cycle = activity.cycle
    return render(
        request,
        "cycles/activity_edit.html",
        {
            "organisation": cycle.organisation,
            "cycle": cycle,
            "activity": activity,
            "form": ActivityForm(instance=activity, cycle=cycle),
            "attachment_form": form,
            "attachments": activity.attachments.all(),
        },
        status=400,
    )


@login_required
@require_safe
def attachment_download(
    request: AuthedHttpRequest,
    org_slug: str,
    pk: int,
    activity_pk: int,
    attachment_pk: int,
) -> FileResponse:
    """Files are served only after the same check as the cycle itself."""
    activity = activity_for(request, org_slug, pk, activity_pk, "cycles.view_workspace")
    attachment = get_object_or_404(activity.attachments, pk=attachment_pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True)
