"""The decision log: record, correct and publish ("you said, we did")."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cocommission.accounts.models import User
from cocommission.http import HtmxHttpRequest
from cocommission.parsing import id_param

from ..forms import DecisionForm
from ..models import Decision
from ..services import decision_publish, decision_record, decision_update
from .common import add_service_errors, cycle_for
from .cycle import recent_decisions_context

DECISIONS_PER_PAGE = 20


@login_required
@require_safe
def decision_list(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    cycle = cycle_for(request, org_slug, pk)
    decisions = (
        Decision.objects.filter(cycle=cycle)
        .select_related("decided_by", "supersedes", "superseded_by")
        .prefetch_related("citizen_input")
    )
    page = Paginator(decisions, DECISIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "cycles/decision_list.html",
        {"organisation": cycle.organisation, "cycle": cycle, "page": page},
    )


def _decision_for(
    request: HttpRequest, org_slug: str, pk: int, decision_pk: int
) -> Decision:
    cycle = cycle_for(request, org_slug, pk, "cycles.record_decision")
    return get_object_or_404(
        Decision.objects.filter(cycle=cycle).select_related("cycle__organisation"),
        pk=decision_pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_new(request: HtmxHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """Record a decision, or (with ?corrects=<id>) a correction of a published one."""
    cycle = cycle_for(request, org_slug, pk, "cycles.record_decision")
    supersedes = None
    if request.GET.get("corrects"):
        corrects = id_param(request.GET, "corrects")
        if corrects is None:
            raise Http404
        supersedes = get_object_or_404(cycle.decisions, pk=corrects, is_published=True)
    initial = {
        "phase": cycle.phases.get(is_current=True).phase,
        "decided_on": timezone.localdate(),
    }
    if supersedes is not None:
        initial.update(
            title=supersedes.title,
            kind=supersedes.kind,
            phase=supersedes.phase,
            decided=supersedes.decided,
            decided_by=supersedes.decided_by_id,
            decided_by_body=supersedes.decided_by_body,
            rationale=supersedes.rationale,
        )
    form = DecisionForm(request.POST or None, initial=initial, cycle=cycle)
    recorded = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            recorded = decision_record(
                cycle=cycle,
                by=cast(User, request.user),
                supersedes=supersedes,
                citizen_input=data.pop("citizen_input"),
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
    if request.htmx and request.method == "POST":
        # The dashboard's quick form: answer with the refreshed fragment.
        current = cycle.phases.get(is_current=True)
        context = recent_decisions_context(
            cycle, current, DecisionForm(cycle=cycle) if recorded else form
        )
        return render(
            request,
            "cycles/cycle_detail.html#recent-decisions",
            {**context, "just_recorded": recorded},
        )
    if recorded is not None:
        messages.success(request, _("Decision recorded. It is not published yet."))
        return redirect("cycles:decisions", org_slug=org_slug, pk=pk)
    return render(
        request,
        "cycles/form_page.html",
        {
            "organisation": cycle.organisation,
            "cycle": cycle,
            "form": form,
            "title": _("Correct a decision") if supersedes else _("Record a decision"),
            "intro": _(
                "The published decision stays on the record, marked as corrected by "
                "this one."
            )
            if supersedes
            else "",
            "button": _("Record decision"),
            "cancel_url": cycle.get_absolute_url(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_edit(
    request: HttpRequest, org_slug: str, pk: int, decision_pk: int
) -> HttpResponse:
    decision = _decision_for(request, org_slug, pk, decision_pk)
    cycle = decision.cycle
    if decision.is_published:
        messages.info(
            request,
            _("A published decision cannot be changed. Record a correction instead."),
        )
        return redirect("cycles:decisions", org_slug=org_slug, pk=pk)
    form = DecisionForm(request.POST or None, instance=decision, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            decision_update(
                decision=decision,
                by=cast(User, request.user),
                citizen_input=data.pop("citizen_input"),
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Decision saved."))
            return redirect("cycles:decisions", org_slug=org_slug, pk=pk)
    return render(
        request,
        "cycles/form_page.html",
        {
            "organisation": cycle.organisation,
            "cycle": cycle,
            "form": form,
            "title": _("Change a draft decision"),
            "button": _("Save"),
            "cancel_url": cycle.get_absolute_url(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_publish_view(
    request: HttpRequest, org_slug: str, pk: int, decision_pk: int
) -> HttpResponse:
    decision = _decision_for(request, org_slug, pk, decision_pk)
    if request.method == "POST":
        decision_publish(decision=decision, by=cast(User, request.user))
        messages.success(request, _("Decision published."))
        return redirect("cycles:decisions", org_slug=org_slug, pk=pk)
    return render(
        request,
        "cycles/decision_publish.html",
        {
            "organisation": decision.cycle.organisation,
            "cycle": decision.cycle,
            "decision": decision,
        },
    )
