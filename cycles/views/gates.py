"""Gate checks: attesting them on a cycle, and admins defining them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cocommission.forms import add_service_errors, form_page
from cocommission.http import AuthedHttpRequest, next_url
from cocommission.organisations.access import organisation_for
from governance.services import principles_ensure_defaults

from ..access import cycle_for
from ..forms.gates import AttestForm, GateCheckForm
from ..models import PHASE_ORDER, GateCheck, GateKind, Phase
from ..services import gate_attest


@login_required
@require_http_methods(["GET", "POST"])
def gate_attest_view(
    request: AuthedHttpRequest, org_slug: str, pk: int, check_pk: int
) -> HttpResponse:
    cycle = cycle_for(request, org_slug, pk, "cycles.attest_gate")
    check = get_object_or_404(
        GateCheck.objects.active().filter(
            organisation=cycle.organisation, kind=GateKind.ATTESTED
        ),
        pk=check_pk,
    )
    existing = cycle.attestations.filter(gate_check=check).first()
    form = AttestForm(
        request.POST or None,
        initial={"evidence": existing.evidence if existing else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            gate_attest(
                cycle=cycle,
                gate_check=check,
                by=request.user,
                evidence=form.cleaned_data["evidence"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Check confirmed."))
            return HttpResponseRedirect(
                next_url(request, default=cycle.get_absolute_url())
            )
    return form_page(
        request,
        organisation=cycle.organisation,
        cycle=cycle,
        form=form,
        title=check.title,
        caption=_("Confirm a gate check"),
        intro=check.description,
        button=_("Confirm check"),
        cancel_url=cycle.get_absolute_url(),
    )


@login_required
@require_safe
def gate_check_list(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "cycles.manage_gate_checks")
    checks = list(
        GateCheck.objects.filter(organisation=organisation).select_related("principle")
    )
    by_phase = [
        (Phase(phase), [c for c in checks if c.phase == phase]) for phase in PHASE_ORDER
    ]
    return render(
        request,
        "cycles/gate_check_list.html",
        {"organisation": organisation, "by_phase": by_phase},
    )


@login_required
@require_http_methods(["GET", "POST"])
def gate_check_edit(
    request: AuthedHttpRequest, org_slug: str, check_pk: int | None = None
) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "cycles.manage_gate_checks")
    principles_ensure_defaults(organisation=organisation)
    check = (
        get_object_or_404(
            GateCheck.objects.filter(organisation=organisation), pk=check_pk
        )
        if check_pk
        else GateCheck(organisation=organisation)
    )
    form = GateCheckForm(
        request.POST or None, instance=check, organisation=organisation
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Gate check saved."))
        return redirect("cycles:gate_checks", org_slug=org_slug)
    return form_page(
        request,
        organisation=organisation,
        form=form,
        title=_("Change a gate check") if check_pk else _("Add a gate check"),
        intro=_(
            "A gate check must pass before a cycle leaves its phase. A decision "
            "maker can override it, with a reason that goes in the decision log."
        ),
        button=_("Save check"),
        cancel_url=reverse("cycles:gate_checks", kwargs={"org_slug": org_slug}),
    )
