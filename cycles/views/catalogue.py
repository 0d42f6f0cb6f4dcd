"""Organisation admins keep their own catalogue entries beside the shared ones."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cocommission.forms import form_page
from cocommission.http import AuthedHttpRequest
from cocommission.organisations.access import organisation_for

from ..forms.catalogue import CatalogueEntryForm
from ..models import PHASE_ORDER, CatalogueEntry, CatalogueKind, Phase


@login_required
@require_safe
def catalogue_list(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "cycles.manage_catalogue")
    entries = list(
        CatalogueEntry.objects.for_organisation(organisation).order_by(
            "phase", "kind", "order", "title"
        )
    )
    groups = [
        (str(Phase(phase).label), [e for e in entries if e.phase == phase])
        for phase in PHASE_ORDER
    ]
    groups.append((_("Any phase"), [e for e in entries if not e.phase]))
    return render(
        request,
        "cycles/catalogue_list.html",
        {"organisation": organisation, "groups": groups, "kinds": CatalogueKind},
    )


@login_required
@require_http_methods(["GET", "POST"])
def catalogue_edit(
    request: AuthedHttpRequest, org_slug: str, entry_pk: int | None = None
) -> HttpResponse:
    """Add or change one of the organisation's own entries (shared ones are fixed)."""
    organisation = organisation_for(request, org_slug, "cycles.manage_catalogue")
    entry = (
        get_object_or_404(organisation.catalogue_entries.all(), pk=entry_pk)
        if entry_pk
        else CatalogueEntry(organisation=organisation)
    )
    form = CatalogueEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Catalogue entry saved."))
        return redirect("cycles:catalogue", org_slug=org_slug)
    return form_page(
        request,
        organisation=organisation,
        form=form,
        title=_("Change a catalogue entry") if entry_pk else _("Add a catalogue entry"),
        intro=_(
            "Entries you add are offered to your commissioners when they add an "
            "activity. Untick “offered” to retire one without losing its history."
        ),
        button=_("Save entry"),
        cancel_url=reverse("cycles:catalogue", kwargs={"org_slug": org_slug}),
    )
