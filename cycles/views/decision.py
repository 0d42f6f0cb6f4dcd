"""The decision log: record, correct, and confirm ("you said, we did").

Anyone in the commissioning team records a decision; only the person named as
deciding (or the board's chair) confirms it, which publishes it in their name.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cocommission.forms import add_service_errors, form_page
from cocommission.http import AuthedHttpRequest
from cocommission.parsing import id_param

from ..access import cycle_for, decision_for
from ..forms.decision import ConfirmDecisionForm, DecisionForm, DeclineDecisionForm
from ..models import Decision
from ..services import (
    decision_confirm,
    decision_decline,
    decision_record,
    decision_update,
)
from ..translations import decision_in_languages, decision_publish_problem
from .cycle import recent_decisions_context

DECISIONS_PER_PAGE = 20


@login_required
@require_safe
def decision_list(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    cycle = cycle_for(request, org_slug, pk)
    decisions = (
        Decision.objects.filter(cycle=cycle)
        .select_related(
            "decided_by",
            "board_chair",
            "recorded_by",
            "confirmed_by",
            "supersedes",
            "superseded_by",
        )
        .prefetch_related("citizen_input")
    )
    page = Paginator(decisions, DECISIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "cycles/decision_list.html",
        {"organisation": cycle.organisation, "cycle": cycle, "page": page},
    )


def recorded_message(decision: Decision) -> str:
    """What the person who recorded a decision is told about what happens next."""
    if decision.is_published:
        return _("Decision recorded and published in your name.")
    problem = decision_publish_problem(decision)
    if problem and decision.confirmer_id == decision.recorded_by_id:
        return _(
            "Decision recorded, not yet published. %(problem)s Write it on its "
            "Languages page, then confirm it."
        ) % {"problem": problem}
    return _("Decision recorded. It is published once %(name)s confirms it.") % {
        "name": decision.confirmer
    }


@login_required
@require_http_methods(["GET", "POST"])
def decision_new(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
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
            board_chair=supersedes.board_chair_id,
            rationale=supersedes.rationale,
        )
    form = DecisionForm(request.POST or None, initial=initial, cycle=cycle)
    recorded = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            recorded = decision_record(
                cycle=cycle,
                by=request.user,
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
            cycle,
            current,
            DecisionForm(cycle=cycle) if recorded else form,
            user=request.user,
        )
        return render(
            request,
            "cycles/cycle_detail.html#recent-decisions",
            {**context, "just_recorded": recorded},
        )
    if recorded is not None:
        messages.success(request, recorded_message(recorded))
        return redirect("cycles:decisions", org_slug=org_slug, pk=pk)
    return form_page(
        request,
        organisation=cycle.organisation,
        cycle=cycle,
        form=form,
        title=_("Correct a decision") if supersedes else _("Record a decision"),
        intro=_(
            "The published decision stays on the record, marked as corrected by "
            "this one."
        )
        if supersedes
        else "",
        button=_("Record decision"),
        cancel_url=cycle.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_edit(
    request: AuthedHttpRequest, org_slug: str, pk: int, decision_pk: int
) -> HttpResponse:
    decision = decision_for(request, org_slug, pk, decision_pk)
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
                by=request.user,
                citizen_input=data.pop("citizen_input"),
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Decision saved."))
            return redirect("cycles:decisions", org_slug=org_slug, pk=pk)
    return form_page(
        request,
        organisation=cycle.organisation,
        cycle=cycle,
        form=form,
        title=_("Change a decision waiting to be confirmed"),
        intro=_(
            "%(name)s declined it: “%(reason)s”. Once you save, it waits for "
            "their confirmation again."
        )
        % {"name": decision.confirmer, "reason": decision.declined_reason}
        if decision.declined_at
        else _("Once you save, it waits for confirmation again."),
        button=_("Save"),
        cancel_url=cycle.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_confirm_view(
    request: AuthedHttpRequest, org_slug: str, pk: int, decision_pk: int
) -> HttpResponse:
    """The person named as deciding reads the decision whole, then confirms it
    (publishing it in their name) or declines it with a reason. Nobody else may."""
    cycle = cycle_for(request, org_slug, pk)
    decision: Decision = get_object_or_404(
        Decision.objects.filter(cycle=cycle).select_related(
            "decided_by", "board_chair", "recorded_by", "supersedes"
        ),
        pk=decision_pk,
    )
    user = request.user
    if decision.confirmer_id != user.pk:
        raise PermissionDenied
    if decision.is_published:
        messages.info(request, _("This decision is already published."))
        return redirect("cycles:decisions", org_slug=org_slug, pk=pk)
    decline_form = DeclineDecisionForm(
        request.POST if request.POST.get("action") == "decline" else None
    )
    confirm_error = ""
    if request.method == "POST" and decline_form.is_bound:
        if decline_form.is_valid():
            try:
                decision_decline(
                    decision=decision,
                    by=user,
                    reason=decline_form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_errors(decline_form, error)
            else:
                messages.success(
                    request,
                    _("You declined it. The team can change it and ask you again."),
                )
                return redirect(cycle)
    elif request.method == "POST":
        form = ConfirmDecisionForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_("Read the decision again, then confirm it."))
            decision_confirm(
                decision=decision, by=user, seen=form.cleaned_data["seen"] or ""
            )
        except ValidationError as error:
            confirm_error = " ".join(error.messages)
        else:
            messages.success(
                request, _("Decision confirmed and published in your name.")
            )
            return redirect("cycles:decisions", org_slug=org_slug, pk=pk)
    return render(
        request,
        "cycles/decision_confirm.html",
        {
            "organisation": cycle.organisation,
            "cycle": cycle,
            "decision": decision,
            "citizen_input": list(decision.citizen_input.all()),
            "confirm_form": ConfirmDecisionForm(
                initial={"seen": decision.fingerprint()}
            ),
            "confirm_error": confirm_error,
            "decline_form": decline_form,
            "in_languages": decision_in_languages(decision),
        },
        status=400 if request.method == "POST" else 200,
    )
