"""Contract monitoring meetings: arranged with the monitoring panel; the page
shows who came, performance against the indicators, citizens' issues and the
actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cocommission.forms import add_service_errors, form_page
from cocommission.http import AuthedHttpRequest
from panels.forms.meeting import MeetingForm
from panels.models import Meeting

from ..access import contract_for, monitoring_meeting_for
from ..forms.monitoring import IssueForm, IssueResponseForm
from ..models import MonitoringIssue
from ..monitoring import (
    issue_raise,
    issue_respond,
    monitoring_meeting_arrange,
    sits_on_panel,
)
from ..review import indicators_with_status


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    contract = contract_for(request, org_slug, pk, "contracts.manage_contracts")
    panel = contract.monitoring_panel
    if panel is None:
        messages.error(
            request,
            _("Choose the panel that monitors this contract first, in its settings."),
        )
        return redirect("contracts:edit", org_slug=org_slug, pk=pk)
    form = MeetingForm(
        request.POST or None,
        instance=Meeting(panel=panel),
        panel=panel,
        initial={"title": _("Contract monitoring: %(c)s") % {"c": contract.title}},
    )
    if request.method == "POST" and form.is_valid():
        try:
            monitoring = monitoring_meeting_arrange(
                contract=contract,
                meeting=form.save(commit=False),
                decisions=form.cleaned_data.get("decisions"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Monitoring meeting arranged."))
            return redirect(monitoring)
    return form_page(
        request,
        organisation=contract.cycle.organisation,
        form=form,
        caption=contract.title,
        title=_("Arrange a monitoring meeting"),
        intro=_(
            "A meeting of %(panel)s, the panel that monitors this contract. "
            "Invite the provider too."
        )
        % {"panel": panel.name},
        button=_("Save meeting"),
        cancel_url=contract.get_absolute_url(),
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_detail(
    request: AuthedHttpRequest, org_slug: str, pk: int, meeting_pk: int
) -> HttpResponse:
    monitoring = monitoring_meeting_for(request, org_slug, pk, meeting_pk)
    contract, meeting = monitoring.contract, monitoring.meeting
    organisation = contract.cycle.organisation
    team = request.user.has_perm("contracts.manage_contracts", organisation)
    member = sits_on_panel(monitoring, request.user)
    form = IssueForm(request.POST if request.POST.get("form") == "issue" else None)
    if form.is_bound:
        if not (team or member):
            raise PermissionDenied
        if form.is_valid():
            try:
                issue_raise(
                    monitoring_meeting=monitoring,
                    text=form.cleaned_data["text"],
                    by=request.user,
                    team=team,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The issue is recorded."))
                return redirect(monitoring)
    attendance = list(meeting.attendance.all())
    return render(
        request,
        "contracts/meeting_detail.html",
        {
            "organisation": organisation,
            "contract": contract,
            "monitoring": monitoring,
            "meeting": meeting,
            "citizens_present": sum(1 for a in attendance if a.attended),
            "indicators": indicators_with_status(contract),
            "issues": list(monitoring.issues.select_related("raised_by")),
            "actions": list(meeting.actions.all()),
            "form": form,
            "can_raise": team or member,
            "team": team,
            "response_form": IssueResponseForm(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def issue_update(
    request: AuthedHttpRequest, org_slug: str, pk: int, meeting_pk: int, issue_pk: int
) -> HttpResponse:
    monitoring = monitoring_meeting_for(request, org_slug, pk, meeting_pk)
    if not request.user.has_perm(
        "contracts.manage_contracts", monitoring.contract.cycle.organisation
    ):
        raise PermissionDenied
    issue = get_object_or_404(
        MonitoringIssue, monitoring_meeting=monitoring, pk=issue_pk
    )
    form = IssueResponseForm(request.POST)
    if form.is_valid():
        issue_respond(
            issue=issue,
            response=form.cleaned_data["response"],
            resolved=form.cleaned_data["resolved"],
        )
        messages.success(request, _("The issue is updated."))
    return redirect(monitoring)
