"""The cycle list, dashboard, details, coverage, phase moves and recommissioning."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cocommission.accounts.forms import language_question
from cocommission.forms import add_service_errors, form_page
from cocommission.http import AuthedHttpRequest
from cocommission.organisations.access import organisation_for

from ..access import cycle_for
from ..contributions import audit_trails, recommission_notes
from ..coverage import cycle_coverage
from ..forms.cycle import (
    CycleFilterForm,
    CycleForm,
    MoveForm,
    PhaseDatesForm,
    PhasePlanForm,
    RecommissionForm,
)
from ..forms.decision import DecisionForm
from ..gates import gate_results
from ..models import PHASE_ORDER, ActivityStatus, Cycle, CyclePhase, Decision, Phase
from ..services import (
    GateBlocked,
    cycle_create,
    cycle_move_to_phase,
    cycle_phase_correct_dates,
    cycle_plan_phases,
    cycle_recommission,
    cycle_update,
)

T = TypeVar("T")

CYCLES_PER_PAGE = 20
#: Decisions waiting for the person's confirmation listed on their dashboard.
AWAITING_SHOWN = 20


@login_required
@require_safe
def cycle_list(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    """The commissioning team's dashboard: their organisation's cycles, filtered."""
    organisation = organisation_for(request, org_slug, "organisations.view_dashboard")
    filters = CycleFilterForm(request.GET or None)
    cycles = (
        Cycle.objects.for_team(request.user)
        .filter(organisation=organisation)
        .with_current_phase()
        .select_related("lead", "service_area")
    )
    if filters.is_valid():
        data = filters.cleaned_data
        cycles = cycles.search(data["q"])
        if data["phase"]:
            cycles = cycles.in_phase(data["phase"])
        if data["service_area"]:
            cycles = cycles.filter(service_area=data["service_area"])
        if data["status"]:
            cycles = cycles.filter(status=data["status"])
    page = Paginator(cycles, CYCLES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "cycles/cycle_list.html"
    if request.htmx:
        template += "#cycle-results"
    return render(
        request,
        template,
        {
            "organisation": organisation,
            "page": page,
            "filters": filters,
            "querystring": query.urlencode(),
            "can_create": request.user.has_perm(
                "cycles.change_cycle", Cycle(organisation=organisation)
            ),
            # An account made by the team has no language yet: asked here once.
            "language_form": language_question(request.user),
            "awaiting_me": list(
                Decision.objects.filter(cycle__organisation=organisation)
                .awaiting_confirmation_by(request.user)
                .select_related("cycle")
                .order_by("created_at")[:AWAITING_SHOWN]
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cycle_new(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "organisations.view_dashboard")
    if not request.user.has_perm(
        "cycles.change_cycle", Cycle(organisation=organisation)
    ):
        raise PermissionDenied
    form = CycleForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        team = data.pop("team")
        try:
            cycle = cycle_create(organisation=organisation, by=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            cycle.team.add(*team)
            messages.success(request, _("Cycle created. It starts in Analyse."))
            return redirect(cycle)
    return form_page(
        request,
        organisation=organisation,
        form=form,
        title=_("Start a new cycle"),
        button=_("Create cycle"),
        cancel_url=organisation.get_absolute_url(),
    )


@login_required
@require_safe
def cycle_detail(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """The cycle dashboard: timeline, current phase, gates, decisions, coverage."""
    cycle = cycle_for(request, org_slug, pk)
    phases = list(cycle.phases.all())
    current = next(p for p in phases if p.is_current)
    activities = list(
        cycle.activities.filter(phase=current.phase).select_related("lead")
    )
    return render(
        request,
        "cycles/cycle_detail.html",
        {
            **recent_decisions_context(
                cycle, current, DecisionForm(cycle=cycle), user=request.user
            ),
            "organisation": cycle.organisation,
            "cycle": cycle,
            "phases": phases,
            "current": current,
            "next_phase": _next_phase(current),
            "previous_phase": _previous_phase(current),
            "status_choices": ActivityStatus.choices,
            "can_move": request.user.has_perm("cycles.record_decision", cycle),
            "activities": activities,
            "gates": gate_results(cycle=cycle, phase=current.phase),
            "coverage": cycle_coverage(cycle, with_tasks=False),
            "successors": list(cycle.successors.all()),
            "can_change": request.user.has_perm("cycles.change_cycle", cycle),
            "can_recommission": request.user.has_perm("cycles.recommission", cycle),
            "can_see_history": request.user.has_perm("cycles.view_history", cycle),
            "can_report": request.user.has_perm(
                "organisations.view_dashboard", cycle.organisation
            ),
        },
    )


def recent_decisions_context(
    cycle: Cycle, current: CyclePhase, quick_form: DecisionForm, *, user: Any
) -> dict[str, object]:
    """What the dashboard's recent-decisions fragment needs, for page and htmx alike:
    the latest decisions, and those waiting for this person to confirm them."""
    decisions = list(
        Decision.objects.filter(cycle=cycle).select_related(
            "decided_by", "board_chair"
        )[:5]
    )
    return {
        "cycle": cycle,
        "current": current,
        "decisions": decisions,
        "awaiting_me": list(
            Decision.objects.filter(cycle=cycle)
            .awaiting_confirmation_by(user)
            .order_by("created_at")
        ),
        "quick_form": quick_form,
        "quick_fields": [quick_form[name] for name in ("title", "decided")],
        "quick_decider": quick_form["decided_by"],
        # Through iter(): list() of the choices would ask their length, a COUNT.
        "quick_decider_choices": list(iter(quick_form.fields["decided_by"].choices)),
        "today": timezone.localdate(),
    }


def _previous_phase(current: CyclePhase) -> Phase | None:
    index = PHASE_ORDER.index(current.phase)
    return Phase(PHASE_ORDER[index - 1]) if index > 0 else None


def _next_phase(current: CyclePhase) -> str | None:
    index = PHASE_ORDER.index(current.phase)
    return PHASE_ORDER[index + 1] if index + 1 < len(PHASE_ORDER) else None


@login_required
@require_http_methods(["GET", "POST"])
def cycle_edit(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    cycle = cycle_for(request, org_slug, pk, "cycles.change_cycle")
    form = CycleForm(
        request.POST or None, instance=cycle, organisation=cycle.organisation
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        team = data.pop("team")
        try:
            cycle_update(cycle=cycle, by=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            cycle.team.set(team)
            messages.success(request, _("Cycle details saved."))
            return redirect(cycle)
    return form_page(
        request,
        organisation=cycle.organisation,
        cycle=cycle,
        form=form,
        title=_("Cycle details"),
        button=_("Save"),
        cancel_url=cycle.get_absolute_url(),
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def cycle_coverage_view(
    request: AuthedHttpRequest, org_slug: str, pk: int
) -> HttpResponse:
    cycle = cycle_for(request, org_slug, pk)
    return render(
        request,
        "cycles/coverage.html",
        {
            "organisation": cycle.organisation,
            "cycle": cycle,
            "coverage": cycle_coverage(cycle),
            "phases": PHASE_ORDER,
        },
    )


def _gates(
    request: AuthedHttpRequest, cycle: Cycle, current: CyclePhase
) -> dict[str, Any]:
    """The checks for leaving ``current`` forward, which failed, and whether this
    person may override them: what the move and recommission pages show."""
    results = gate_results(cycle=cycle, phase=current.phase)
    return {
        "results": results,
        "failed": [r for r in results if not r.passed],
        "can_override": request.user.has_perm("cycles.override_gate", cycle),
    }


def _past_the_gates(form: BaseForm, action: Callable[[], T]) -> tuple[T | None, int]:
    """Run a service that leaves a phase forward: a refusal (failed checks nobody
    overrode, an override by someone who may not, bad input) goes on the form
    with the status to answer with."""
    try:
        return action(), 200
    except GateBlocked:
        form.add_error(
            None, _("The cycle cannot leave this phase until the checks below pass.")
        )
        return None, 400
    except ValidationError as error:
        add_service_errors(form, error, aliases={"on": "happened_on"})
        return None, 400
    except PermissionDenied:
        form.add_error(None, _("Only a decision maker can override a gate check."))
        return None, 403


@login_required
@require_http_methods(["GET", "POST"])
def cycle_move(
    request: AuthedHttpRequest, org_slug: str, pk: int, phase: str
) -> HttpResponse:
    """What moving to ``phase`` needs, and the move itself, as of the date it
    happened (today unless the team records it afterwards)."""
    cycle = cycle_for(request, org_slug, pk, "cycles.record_decision")
    if phase not in PHASE_ORDER:
        raise PermissionDenied
    current = cycle.phases.get(is_current=True)
    forward = PHASE_ORDER.index(phase) > PHASE_ORDER.index(current.phase)
    gates = (
        _gates(request, cycle, current)
        if forward
        else {"results": [], "failed": [], "can_override": False}
    )
    form = MoveForm(
        request.POST or None,
        can_override=gates["can_override"],
        show_override=bool(gates["failed"]),
    )
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        moved, status = _past_the_gates(
            form,
            lambda: cycle_move_to_phase(
                cycle=cycle,
                to_phase=phase,
                by=request.user,
                reason=data["reason"],
                override_reason=data.get("override_reason", ""),
                on=data["happened_on"],
            ),
        )
        if moved is not None:
            messages.success(
                request,
                _("The cycle is now in %(phase)s.") % {"phase": Phase(phase).label},
            )
            return redirect(cycle)
    return render(
        request,
        "cycles/move.html",
        {
            "organisation": cycle.organisation,
            "cycle": cycle,
            "current": current,
            "target": Phase(phase),
            "forward": forward,
            "form": form,
            **gates,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def cycle_phase_dates(
    request: AuthedHttpRequest, org_slug: str, pk: int, phase: str
) -> HttpResponse:
    """Correct when a phase actually started and finished; the audit trail keeps
    the change, who made it and why."""
    cycle = cycle_for(request, org_slug, pk, "cycles.change_cycle")
    row = get_object_or_404(cycle.phases, phase=phase, actual_start__isnull=False)
    form = PhaseDatesForm(request.POST or None, phase=row)
    if request.method == "POST" and form.is_valid():
        try:
            cycle_phase_correct_dates(
                cycle=cycle,
                phase=phase,
                by=request.user,
                started=form.cleaned_data["started"],
                finished=form.cleaned_data.get("finished"),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The dates of %(phase)s are changed.")
                % {"phase": row.get_phase_display()},
            )
            return redirect(cycle)
    return form_page(
        request,
        organisation=cycle.organisation,
        cycle=cycle,
        form=form,
        title=_("Change the dates of %(phase)s") % {"phase": row.get_phase_display()},
        intro=_(
            "When the phase really started and finished, if it was recorded on "
            "another day. Dates cannot be in the future."
        ),
        button=_("Save dates"),
        cancel_url=cycle.get_absolute_url(),
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def cycle_recommission_view(
    request: AuthedHttpRequest, org_slug: str, pk: int
) -> HttpResponse:
    """From Review, start the next cycle: Review's checks apply as to any move."""
    cycle = cycle_for(request, org_slug, pk, "cycles.recommission")
    current = cycle.phases.get(is_current=True)
    gates = _gates(request, cycle, current)
    form = RecommissionForm(
        request.POST or None,
        initial={"title": cycle.title},
        cycle=cycle,
        can_override=gates["can_override"],
        show_override=bool(gates["failed"]),
    )
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        successor, status = _past_the_gates(
            form,
            lambda: cycle_recommission(
                cycle=cycle, by=request.user, **form.cleaned_data
            ),
        )
        if successor is not None:
            messages.success(request, _("The next cycle has started in Analyse."))
            return redirect(successor)
    return render(
        request,
        "cycles/recommission.html",
        {
            "organisation": cycle.organisation,
            "cycle": cycle,
            "current": current,
            "form": form,
            "intro": " ".join(
                [
                    _(
                        "The next cycle starts in Analyse, linked to this one, and "
                        "shows this cycle's lessons. This cycle closes."
                    ),
                    *recommission_notes(cycle),
                ]
            ),
            **gates,
        },
        status=status,
    )


@login_required
@require_safe
def cycle_history(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """The audit trail of a cycle, its phases, activities and decisions (admins)."""
    cycle = cycle_for(request, org_slug, pk, "cycles.view_history")
    entries = []
    sources = [
        (_("Cycle"), Cycle.history.filter(id=cycle.pk)),
        (_("Phase"), CyclePhase.history.filter(cycle_id=cycle.pk)),
        (_("Activity"), cycle.activities.model.history.filter(cycle_id=cycle.pk)),
        (_("Decision"), Decision.history.filter(cycle_id=cycle.pk)),
        *audit_trails(cycle),
    ]
    for label, history in sources:
        for record in history.select_related("history_user").order_by("-history_date")[
            :200
        ]:
            entries.append((label, record))
    entries.sort(key=lambda item: item[1].history_date, reverse=True)
    return render(
        request,
        "cycles/history.html",
        {"organisation": cycle.organisation, "cycle": cycle, "entries": entries[:200]},
    )


@login_required
@require_http_methods(["GET", "POST"])
def cycle_phase_plan(
    request: AuthedHttpRequest, org_slug: str, pk: int
) -> HttpResponse:
    cycle = cycle_for(request, org_slug, pk, "cycles.change_cycle")
    form = PhasePlanForm(request.POST or None, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        try:
            cycle_plan_phases(cycle=cycle, by=request.user, dates=form.dates())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Phase plan saved."))
            return redirect(cycle)
    return form_page(
        request,
        organisation=cycle.organisation,
        cycle=cycle,
        form=form,
        title=_("Plan the phases"),
        intro=_(
            "When each phase should start and end. "
            "The actual dates are recorded as the cycle moves."
        ),
        button=_("Save plan"),
        cancel_url=cycle.get_absolute_url(),
    )
