"""A commissioning team's panels: set up, invite, set quotas, select, check balance."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)
from django_htmx.http import HttpResponseClientRedirect

from cocommission.forms import add_service_errors, form_page
from cocommission.http import AuthedHttpRequest
from cocommission.jobs import job_in_progress
from cocommission.organisations.access import organisation_for
from cocommission.parsing import id_param
from cycles.access import cycle_for

from ..access import panel_for
from ..forms.panel import (
    InviteForm,
    PanelForm,
    QuotaImportForm,
    SelectionForm,
    TermForm,
)
from ..models import (
    KNOW_CARE_CATEGORY,
    SEATED,
    KnowCareGroup,
    MemberStatus,
    Panel,
    PanelDraw,
    Selection,
    SelectionMethod,
)
from ..representation import (
    RULE,
    cycle_participants,
    cycle_pool,
    know_care_mix,
    representation,
)
from ..services import (
    categories_ensure_defaults,
    chance_table,
    panel_draw_ask,
    panel_draw_running,
    panel_free_seats,
    panel_invite,
    panel_member_step_down,
    panel_pool_sources,
    panel_quota_rules,
    panel_save,
    panel_seat_next_reserve,
    quotas_export_csv,
    quotas_import_csv,
    selection_repeat,
)

PANELS_PER_PAGE = 25
MEMBERS_PER_PAGE = 50


@login_required
@require_safe
def panel_list(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "panels.view_panels")
    query = request.GET.get("q", "").strip()
    panels = (
        Panel.objects.filter(organisation=organisation)
        .with_counts()
        .select_related("cycle", "organisation")
        .order_by("name", "pk")
    )
    if query:
        panels = panels.filter(Q(name__icontains=query) | Q(purpose__icontains=query))
    page = Paginator(panels, PANELS_PER_PAGE).get_page(request.GET.get("page"))
    template = "panels/panel_list.html"
    if request.htmx:
        template += "#panel-results"
    return render(
        request,
        template,
        {
            "organisation": organisation,
            "page": page,
            "query": query,
            "can_manage": request.user.has_perm("panels.manage_panels", organisation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def panel_edit(
    request: AuthedHttpRequest, org_slug: str, pk: int | None = None
) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "panels.manage_panels")
    panel = (
        get_object_or_404(Panel.objects.filter(organisation=organisation), pk=pk)
        if pk
        else Panel(
            organisation=organisation,
            cycle_id=id_param(request.GET, "cycle"),
            # Where another language is required, a new panel waits, closed,
            # for its text in it.
            is_open_for_volunteers=not organisation.languages_required[1:],
        )
    )
    if panel.cycle_id and not panel.pk:
        panel.cycle = get_object_or_404(organisation.cycles.all(), pk=panel.cycle_id)
    form = PanelForm(request.POST or None, instance=panel, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            panel = panel_save(
                panel=form.save(commit=False),
                activities=form.cleaned_data["activities"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Panel saved."))
            return redirect(panel)
    return form_page(
        request,
        organisation=organisation,
        form=form,
        title=_("Change the panel") if pk else _("Set up a panel"),
        button=_("Save panel"),
        cancel_url=panel.get_absolute_url()
        if pk
        else f"/o/{organisation.slug}/panels/",
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def panel_detail(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    panel = panel_for(request, org_slug, pk)
    status = request.GET.get("status", "")
    members = panel.members.select_related("user").order_by("status", "invited_at")
    seated = panel.members.filter(status__in=SEATED).count()
    if status in MemberStatus.values:
        members = members.filter(status=status)
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    template = "panels/panel_detail.html"
    if request.htmx:
        template += "#member-results"
    return render(
        request,
        template,
        {
            "organisation": panel.organisation,
            "panel": panel,
            "page": page,
            "status": status,
            "statuses": MemberStatus.choices,
            "seated": seated,
            "has_free_seat": panel.seats is None or seated < panel.seats,
            "reserve": list(panel.members.reserve().select_related("user")),
            "volunteers": panel.volunteers.count(),
            "quotas": panel_quota_rules(panel),
            "selections": panel.selections.all()[:5],
            "activities": panel.activities.all(),
            "upcoming": panel.meetings.upcoming()[:5],
            "past": panel.meetings.past()[:5],
            "hours": panel.contributions.aggregate(total=Sum("hours"))["total"],
            "join_url": request.build_absolute_uri(panel.get_join_url()),
            "can_manage": request.user.has_perm(
                "panels.manage_panels", panel.organisation
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def panel_invite_view(
    request: AuthedHttpRequest, org_slug: str, pk: int
) -> HttpResponse:
    panel = panel_for(request, org_slug, pk, "panels.manage_panels")
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        from ..notifications import notify_invited

        invited = panel_invite(panel=panel, emails=form.cleaned_data["emails"])
        notify_invited(members=invited)
        messages.success(
            request,
            _("%(count)s people invited. Those already invited were left as they were.")
            % {"count": len(invited)},
        )
        return redirect(panel)
    return form_page(
        request,
        organisation=panel.organisation,
        form=form,
        caption=panel.name,
        title=_("Invite people"),
        intro=_(
            "Each person gets an e-mail with a link to accept. They sign in with a "
            "code, so nobody needs a password."
        ),
        button=_("Send invitations"),
        cancel_url=panel.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_step_down(
    request: AuthedHttpRequest, org_slug: str, pk: int, member_pk: int
) -> HttpResponse:
    panel = panel_for(request, org_slug, pk, "panels.manage_panels")
    member = get_object_or_404(
        panel.members.select_related("user"), pk=member_pk, user__isnull=False
    )
    if request.method == "POST":
        panel_member_step_down(member=member)
        messages.success(request, _("%(who)s has stepped down.") % {"who": member.user})
        return redirect(panel)
    return render(
        request,
        "panels/member_step_down.html",
        {"organisation": panel.organisation, "panel": panel, "member": member},
    )


@login_required
@require_POST
def seat_reserve(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """Give a free seat to the first person on the reserve list."""
    panel = panel_for(request, org_slug, pk, "panels.manage_panels")
    try:
        member = panel_seat_next_reserve(panel=panel)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(who)s now has a seat.") % {"who": member.user or _("A former member")},
        )
    return redirect(panel)


@login_required
@require_http_methods(["GET", "POST"])
def quotas(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    panel = panel_for(request, org_slug, pk)
    categories = categories_ensure_defaults(organisation=panel.organisation)
    can_manage = request.user.has_perm("panels.manage_panels", panel.organisation)
    form = QuotaImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                saved = quotas_import_csv(panel=panel, data=form.cleaned_data["csv"])
            except ValidationError as error:
                form.add_error(
                    "file" if request.FILES else "text", list(error.messages)
                )
            else:
                messages.success(
                    request, _("%(count)s quotas saved.") % {"count": len(saved)}
                )
                return redirect("panels:quotas", org_slug=org_slug, pk=pk)
    return render(
        request,
        "panels/quotas.html",
        {
            "organisation": panel.organisation,
            "panel": panel,
            "quotas": panel_quota_rules(panel),
            "categories": categories,
            "know_care_category": KNOW_CARE_CATEGORY,
            "know_care_groups": KnowCareGroup.choices,
            "form": form,
            "can_manage": can_manage,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def quotas_csv(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    panel = panel_for(request, org_slug, pk)
    response = HttpResponse(
        quotas_export_csv(panel=panel), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="quotas-panel-{panel.pk}.csv"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def select(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """The draw's form: a valid post queues the draw and leads to its progress."""
    panel = panel_for(request, org_slug, pk, "panels.manage_panels")
    free = panel_free_seats(panel)
    form = SelectionForm(
        request.POST or None,
        free=free,
        initial={"size": free.free or None} if free is not None else {},
    )
    if request.method == "POST" and form.is_valid():
        try:
            job = panel_draw_ask(
                panel=panel,
                size=form.cleaned_data["size"],
                seed=form.cleaned_data["seed"],
                method=form.cleaned_data["method"] or SelectionMethod.LEXIMIN,
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("panels:draw", org_slug=org_slug, pk=pk, job_pk=job.pk)
    return _select_page(request, panel, form)


@login_required
@require_safe
def draw_progress(
    request: AuthedHttpRequest, org_slug: str, pk: int, job_pk: int
) -> HttpResponse:
    """Where a draw is: running (the page checks again by itself, with htmx or a
    refresh, or by a link), done (on to its record), or failed, with the form
    back as it was filled in and why."""
    panel = panel_for(request, org_slug, pk, "panels.manage_panels")
    jobs = PanelDraw.objects.filter(panel=panel, pk=job_pk)
    job_in_progress(jobs)  # a draw whose worker died fails, to be asked again
    job = get_object_or_404(jobs.select_related("selection"))
    here = reverse(
        "panels:draw", kwargs={"org_slug": org_slug, "pk": pk, "job_pk": job_pk}
    )
    if job.is_working:
        template = "panels/draw_progress.html"
        if request.htmx:
            template += "#draw-state"
        return render(
            request,
            template,
            {
                "organisation": panel.organisation,
                "panel": panel,
                "job": job,
                "here": here,
            },
        )
    if request.htmx:  # finished: the whole page, not a part of it
        return HttpResponseClientRedirect(here)
    selection = job.selection
    if selection is not None and selection.succeeded:
        return redirect(
            "panels:selection", org_slug=org_slug, pk=pk, selection_pk=selection.pk
        )
    form = SelectionForm(
        {
            "size": job.size,
            "seed": "" if job.seed is None else job.seed,
            "method": job.method,
        },
        free=panel_free_seats(panel),
    )
    form.is_valid()
    if selection is not None:
        # Recorded (anyone can see a draw failed and why), and said beside the
        # seats to fill with the quotas that clash named.
        for problem in selection.problems:
            form.add_error("size", problem)
    else:
        form.add_error("size", job.error)
    return _select_page(request, panel, form, failed=selection)


def _select_page(
    request: AuthedHttpRequest,
    panel: Panel,
    form: SelectionForm,
    failed: Selection | None = None,
) -> HttpResponse:
    pool = panel_pool_sources(panel)
    return render(
        request,
        "panels/select.html",
        {
            "organisation": panel.organisation,
            "panel": panel,
            "form": form,
            "pool_size": len(pool.everyone),
            "own_volunteers": len(pool.own),
            "from_organisation_pool": len(pool.organisation),
            "quotas": panel_quota_rules(panel),
            "failed": failed,
            "running": panel_draw_running(panel),
            "action": reverse(
                "panels:select",
                kwargs={"org_slug": panel.organisation.slug, "pk": panel.pk},
            ),
        },
        status=400 if form.errors else 200,
    )


def _selection(panel: Panel, selection_pk: int) -> Selection:
    return get_object_or_404(
        Selection.objects.filter(panel=panel).select_related("run_by"), pk=selection_pk
    )


@login_required
@require_safe
def selection_detail(
    request: AuthedHttpRequest, org_slug: str, pk: int, selection_pk: int
) -> HttpResponse:
    panel = panel_for(request, org_slug, pk)
    selection = _selection(panel, selection_pk)
    chances = chance_table(selection)
    return render(
        request,
        "panels/selection_detail.html",
        {
            "organisation": panel.organisation,
            "panel": panel,
            "selection": selection,
            "members": selection.members.select_related("user"),
            "is_leximin": selection.method == SelectionMethod.LEXIMIN,
            "chances": chances.rows,
            "lowest": chances.lowest,
            "considered": chances.considered,
            "chances_withheld": chances.withheld,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def selection_repeat_view(
    request: AuthedHttpRequest, org_slug: str, pk: int, selection_pk: int
) -> HttpResponse:
    """Run a recorded draw again from its snapshot and say whether it gives the
    same panel (nothing is saved and nobody is invited)."""
    panel = panel_for(request, org_slug, pk)
    selection = _selection(panel, selection_pk)
    check = selection_repeat(selection=selection) if request.method == "POST" else None
    return render(
        request,
        "panels/selection_repeat.html",
        {
            "organisation": panel.organisation,
            "panel": panel,
            "selection": selection,
            "check": check,
        },
    )


@login_required
@require_safe
def panel_representation(
    request: AuthedHttpRequest, org_slug: str, pk: int
) -> HttpResponse:
    panel = panel_for(request, org_slug, pk)
    categories_ensure_defaults(organisation=panel.organisation)
    seated = panel.members.filter(user__isnull=False).exclude(
        status=MemberStatus.STEPPED_DOWN
    )
    pool = panel.volunteers.all()
    drawable = panel_pool_sources(panel).everyone if panel.cycle_id else []
    groups = [
        (
            _("The panel, including invitations not yet answered"),
            seated.count(),
            representation(
                organisation=panel.organisation,
                people=seated.values("user_id"),
                total=seated.count(),
            ),
        ),
        (
            _("Pool of volunteers"),
            pool.count(),
            representation(
                organisation=panel.organisation,
                people=pool.values("user_id"),
                total=pool.count(),
            ),
        ),
    ]
    return render(
        request,
        "panels/representation.html",
        {
            "organisation": panel.organisation,
            "panel": panel,
            "title": panel.name,
            "groups": groups,
            "rule": RULE,
            "know_care": know_care_mix(
                cycle=panel.cycle,
                seated=(seated.values("user_id"), groups[0][1]),
                pool=(drawable, len(drawable)),
            )
            if panel.cycle_id
            else None,
        },
    )


@login_required
@require_safe
def cycle_representation(
    request: AuthedHttpRequest, org_slug: str, cycle_pk: int
) -> HttpResponse:
    """Everyone who has taken part in a cycle through its panels."""
    cycle = cycle_for(request, org_slug, cycle_pk)
    categories_ensure_defaults(organisation=cycle.organisation)
    people = cycle_participants(cycle)
    total = people.count()
    pool = cycle_pool(cycle)
    return render(
        request,
        "panels/representation.html",
        {
            "organisation": cycle.organisation,
            "cycle": cycle,
            "cycle_panels": cycle.panels.all(),
            "can_manage": request.user.has_perm(
                "panels.manage_panels", cycle.organisation
            ),
            "title": cycle.title,
            "groups": [
                (
                    _("Everyone taking part in the cycle's panels"),
                    total,
                    representation(
                        organisation=cycle.organisation, people=people, total=total
                    ),
                )
            ],
            "rule": RULE,
            "know_care": know_care_mix(
                cycle=cycle, seated=(people, total), pool=(pool, len(pool))
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_term(
    request: AuthedHttpRequest, org_slug: str, pk: int, member_pk: int
) -> HttpResponse:
    """Set when a member's term starts and ends."""
    panel = panel_for(request, org_slug, pk, "panels.manage_panels")
    member = get_object_or_404(
        panel.members.select_related("user"), pk=member_pk, user__isnull=False
    )
    form = TermForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Term saved."))
        return redirect(panel)
    return form_page(
        request,
        organisation=panel.organisation,
        form=form,
        caption=panel.name,
        title=_("Term of %(who)s") % {"who": member.user},
        button=_("Save term"),
        cancel_url=panel.get_absolute_url(),
        status=400 if form.errors else 200,
    )
