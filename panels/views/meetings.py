"""Panel meetings and citizens' contributions, for the commissioning team."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cocommission.forms import add_service_errors, form_page
from cocommission.http import AuthedHttpRequest
from cocommission.parsing import id_or_none, id_param

from ..access import panel_for
from ..forms.meeting import ContributionForm, MeetingActionForm, MeetingForm
from ..meetings import (
    attendance_record,
    contribution_record,
    meeting_action_add,
    meeting_cancel,
    meeting_roll,
    meeting_save,
)
from ..models import Contribution, Meeting, MeetingAction, NeedsMet


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(
    request: AuthedHttpRequest, org_slug: str, pk: int, meeting_pk: int | None = None
) -> HttpResponse:
    panel = panel_for(request, org_slug, pk, "panels.manage_panels")
    meeting = (
        get_object_or_404(panel.meetings.all(), pk=meeting_pk)
        if meeting_pk
        else Meeting(panel=panel)
    )
    form = MeetingForm(request.POST or None, instance=meeting, panel=panel)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_save(
                meeting=form.save(commit=False),
                decisions=form.cleaned_data.get("decisions"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Meeting saved."))
            return redirect(meeting)
    return form_page(
        request,
        organisation=panel.organisation,
        form=form,
        caption=panel.name,
        title=_("Change the meeting") if meeting_pk else _("Add a meeting"),
        button=_("Save meeting"),
        cancel_url=meeting.get_absolute_url()
        if meeting_pk
        else panel.get_absolute_url(),
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_detail(
    request: AuthedHttpRequest, org_slug: str, pk: int, meeting_pk: int
) -> HttpResponse:
    """The meeting: who came and whether their needs were met, actions, decisions."""
    panel = panel_for(request, org_slug, pk)
    meeting = get_object_or_404(panel.meetings.all(), pk=meeting_pk)
    can_manage = request.user.has_perm("panels.manage_panels", panel.organisation)
    action_form = MeetingActionForm(
        request.POST if request.POST.get("form") == "action" else None,
        instance=MeetingAction(meeting=meeting),
    )
    error = ""
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        form_name = request.POST.get("form")
        if form_name == "attendance":
            rows = []
            for key in request.POST:
                if key.startswith("needs_") and (
                    user_id := id_or_none(key.removeprefix("needs_"))
                ):
                    rows.append(
                        (
                            user_id,
                            request.POST.get(f"attended_{user_id}") == "yes",
                            request.POST[key],
                        )
                    )
            try:
                came = attendance_record(meeting=meeting, rows=rows)
            except ValidationError as problem:
                error = " ".join(problem.messages)
            else:
                messages.success(
                    request,
                    _("Attendance saved: %(count)s came.") % {"count": came},
                )
                return redirect(meeting)
        elif form_name == "action" and action_form.is_valid():
            meeting_action_add(action=action_form.save(commit=False))
            messages.success(request, _("Action added."))
            return redirect(meeting)
        elif form_name == "done":
            action = get_object_or_404(
                meeting.actions.all(), pk=id_param(request.POST, "action")
            )
            action.done = not action.done
            action.save(update_fields=["done"])
            return redirect(meeting)
    return render(
        request,
        "panels/meeting_detail.html",
        {
            "organisation": panel.organisation,
            "panel": panel,
            "meeting": meeting,
            "roll": meeting_roll(meeting),
            "needs_choices": NeedsMet.choices,
            "actions": meeting.actions.all(),
            "decisions": meeting.decisions.all(),
            "action_form": action_form,
            "can_manage": can_manage,
            "error": error,
        },
        status=400 if error or action_form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def contribution_new(
    request: AuthedHttpRequest, org_slug: str, pk: int
) -> HttpResponse:
    """Record hours a member gave in co-delivery (volunteering, peer support,
    inspections)."""
    panel = panel_for(request, org_slug, pk, "panels.manage_panels")
    form = ContributionForm(
        request.POST or None,
        instance=Contribution(
            organisation=panel.organisation, panel=panel, cycle=panel.cycle
        ),
        panel=panel,
    )
    if request.method == "POST" and form.is_valid():
        try:
            contribution_record(contribution=form.save(commit=False), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Contribution recorded."))
            return redirect(panel)
    return form_page(
        request,
        organisation=panel.organisation,
        form=form,
        caption=panel.name,
        title=_("Record time given"),
        intro=_(
            "Hours members give to deliver or check services. They are valued at "
            "your organisation's hourly rate in the resources picture."
        ),
        button=_("Record"),
        cancel_url=panel.get_absolute_url(),
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel_view(
    request: AuthedHttpRequest, org_slug: str, pk: int, meeting_pk: int
) -> HttpResponse:
    """Cancel a meeting after a confirmation: calendars that hold it show it
    cancelled."""
    panel = panel_for(request, org_slug, pk, "panels.manage_panels")
    meeting = get_object_or_404(panel.meetings.all(), pk=meeting_pk)
    if request.method == "POST":
        meeting_cancel(meeting=meeting)
        messages.success(request, _("Meeting cancelled."))
        return redirect(meeting)
    return render(
        request,
        "panels/meeting_cancel.html",
        {"panel": panel, "organisation": panel.organisation, "meeting": meeting},
    )
