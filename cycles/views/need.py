"""Needs: what people say they need, and the decision that prioritises them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cocommission.forms import add_service_errors, form_page, wants_another
from cocommission.http import AuthedHttpRequest
from cocommission.parsing import id_param

from ..access import cycle_for
from ..forms.need import NeedForm, PrioritiseForm
from ..models import Need, NeedStatus
from ..models.need import LIST_ORDER, list_group
from ..services import need_save, needs_prioritise

#: Needs on one page of a cycle's list.
NEEDS_PER_PAGE = 50


@login_required
@require_safe
def need_list(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """A cycle's needs, a page at a time: priority needs first, then those
    waiting to be considered, then those not prioritised this time."""
    cycle = cycle_for(request, org_slug, pk)
    totals = dict(cycle.needs.order_by().values_list("status").annotate(n=Count("pk")))
    # A page of keys first, read in order from the list's index, then only those
    # needs in full: sorting every need with its joins took 100 ms at 20,000.
    keys = cycle.needs.alias(group=list_group()).order_by(*LIST_ORDER)
    page = Paginator(keys.values_list("pk", flat=True), NEEDS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    wanted = list(page.object_list)
    found = {
        need.pk: need
        for need in Need.objects.filter(pk__in=wanted)
        .select_related("source_activity", "source_survey", "decision")
        # A list on each need, not a manager made for each need as the page reads it.
        .prefetch_related(Prefetch("outcomes", to_attr="outcome_list"))
    }
    on_page = [found[pk] for pk in wanted if pk in found]
    groups = [
        (
            _("Priority needs"),
            NeedStatus.RECOGNISED,
            _("No needs have been prioritised yet."),
        ),
        (
            _("Needs people have expressed"),
            NeedStatus.EXPRESSED,
            _("No needs waiting to be considered."),
        ),
        (_("Not prioritised this time"), NeedStatus.NOT_PRIORITISED, ""),
    ]
    return render(
        request,
        "cycles/need_list.html",
        {
            "organisation": cycle.organisation,
            "cycle": cycle,
            "page": page,
            # (heading, needs on this page, what to say when it has none at all):
            # a group is shown where its needs are, or on the first page if empty.
            "groups": [
                (heading, [n for n in on_page if n.status == status], empty)
                for heading, status, empty in groups
                if any(n.status == status for n in on_page)
                or (not totals.get(status) and empty and page.number == 1)
            ],
            "expressed": totals.get(NeedStatus.EXPRESSED, 0),
            "can_change": request.user.has_perm("cycles.change_cycle", cycle),
            "can_prioritise": request.user.has_perm("cycles.override_gate", cycle),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def need_edit(
    request: AuthedHttpRequest, org_slug: str, pk: int, need_pk: int | None = None
) -> HttpResponse:
    cycle = cycle_for(request, org_slug, pk, "cycles.change_cycle")
    need = (
        get_object_or_404(cycle.needs.all(), pk=need_pk)
        if need_pk
        else Need(cycle=cycle)
    )
    initial = {}
    survey_pk = id_param(request.GET, "survey")
    if not need_pk and survey_pk is not None:
        activity = cycle.activities.filter(surveys__pk=survey_pk).first()
        if activity is not None:
            initial = {
                "source_survey": survey_pk,
                "source_activity": activity.pk,
                "statement": request.GET.get("statement", "")[:300],
            }
    form = NeedForm(request.POST or None, instance=need, cycle=cycle, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            need_save(
                need=form.save(commit=False),
                by=request.user,
                outcomes=form.cleaned_data["outcomes"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if not need_pk and wants_another(request):
                messages.success(request, _("Need added. Record the next one."))
                # From the same survey, if it came from one, but a blank statement.
                query = f"?{urlencode({'survey': survey_pk})}" if survey_pk else ""
                return redirect(request.path + query)
            messages.success(request, _("Need saved."))
            return redirect("cycles:needs", org_slug=org_slug, pk=pk)
    return form_page(
        request,
        organisation=cycle.organisation,
        cycle=cycle,
        form=form,
        title=_("Change a need") if need_pk else _("Record a need"),
        intro=_(
            "Write it in the words people used. Record quiet demand too: needs "
            "you went looking for among people who are seldom heard."
        ),
        button=_("Save need"),
        another="" if need_pk else _("Save and add another"),
        cancel_url=reverse("cycles:needs", kwargs={"org_slug": org_slug, "pk": pk}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def needs_prioritise_view(
    request: AuthedHttpRequest, org_slug: str, pk: int
) -> HttpResponse:
    """A decision maker ranks the expressed needs; the decision goes in the log."""
    cycle = cycle_for(request, org_slug, pk, "cycles.override_gate")
    needs = list(
        cycle.needs.filter(status=NeedStatus.EXPRESSED).order_by("-how_many", "pk")
    )
    form = PrioritiseForm(request.POST or None, needs=needs)
    if request.method == "POST" and form.is_valid():
        try:
            needs_prioritise(
                cycle=cycle,
                by=request.user,
                ranked=form.ranked(),
                rationale=form.cleaned_data["rationale"],
                decided_by_body=form.cleaned_data["decided_by_body"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Priority needs recorded in the decision log."))
            return redirect("cycles:needs", org_slug=org_slug, pk=pk)
    return form_page(
        request,
        organisation=cycle.organisation,
        cycle=cycle,
        form=form,
        title=_("Prioritise needs"),
        intro=_(
            "Give the needs that come first a number, 1 being the first. Needs "
            "without a number are marked as not prioritised this time."
        ),
        button=_("Record the decision"),
        cancel_url=reverse("cycles:needs", kwargs={"org_slug": org_slug, "pk": pk}),
        status=400 if form.errors else 200,
    )
