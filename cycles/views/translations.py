"""The team writes a cycle's public text, and each decision, in the
organisation's other languages, and sees what is still missing or out of date in
each (``cocommission.translations``)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cocommission.http import AuthedHttpRequest
from cocommission.translations.pages import edit_page, gaps_page

from ..access import cycle_for, decision_for
from ..models import Decision, Visibility
from ..translations import cycle_pieces, decision_pieces


def _cycle_edit_url(org_slug: str, pk: int) -> Callable[[str], str]:
    def url(lang: str) -> str:
        return reverse(
            "cycles:translation_edit",
            kwargs={"org_slug": org_slug, "pk": pk, "lang": lang},
        )

    return url


def _decision_edit_url(
    org_slug: str, pk: int, decision_pk: int
) -> Callable[[str], str]:
    def url(lang: str) -> str:
        return reverse(
            "cycles:decision_translation_edit",
            kwargs={
                "org_slug": org_slug,
                "pk": pk,
                "decision_pk": decision_pk,
                "lang": lang,
            },
        )

    return url


@login_required
@require_safe
def cycle_translations(
    request: AuthedHttpRequest, org_slug: str, pk: int
) -> HttpResponse:
    """Each of the organisation's languages, whether a public cycle needs it, and
    which of the cycle's public text is not written in it yet."""
    cycle = cycle_for(request, org_slug, pk)
    return gaps_page(
        request,
        organisation=cycle.organisation,
        pieces=cycle_pieces(cycle),
        caption=cycle.title,
        back_url=cycle.get_absolute_url(),
        edit_url=_cycle_edit_url(org_slug, pk),
        can_edit=request.user.has_perm("cycles.change_cycle", cycle),
        blocks=_("Needed before the cycle is made public"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def cycle_translation_edit(
    request: AuthedHttpRequest, org_slug: str, pk: int, lang: str
) -> HttpResponse:
    """The cycle's public text in one language, beside its English."""
    cycle = cycle_for(request, org_slug, pk, "cycles.change_cycle")
    return edit_page(
        request,
        organisation=cycle.organisation,
        pieces=cycle_pieces(cycle),
        lang=lang,
        caption=cycle.title,
        back_url=reverse(
            "cycles:translations", kwargs={"org_slug": org_slug, "pk": pk}
        ),
        edit_url=_cycle_edit_url(org_slug, pk),
        published=cycle.visibility == Visibility.PUBLIC,
    )


@login_required
@require_safe
def decision_translations(
    request: AuthedHttpRequest, org_slug: str, pk: int, decision_pk: int
) -> HttpResponse:
    """Each of the organisation's languages, whether publishing needs it, and
    which of the decision's text is not written in it yet. A published decision
    is final: its languages can be read here, not changed."""
    cycle = cycle_for(request, org_slug, pk)
    decision: Decision = get_object_or_404(
        Decision.objects.filter(cycle=cycle), pk=decision_pk
    )
    return gaps_page(
        request,
        organisation=cycle.organisation,
        pieces=decision_pieces(decision),
        caption=decision.title,
        back_url=reverse("cycles:decisions", kwargs={"org_slug": org_slug, "pk": pk}),
        edit_url=_decision_edit_url(org_slug, pk, decision_pk),
        can_edit=not decision.is_published
        and request.user.has_perm("cycles.record_decision", cycle),
        blocks=_("Needed before the decision is published"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_translation_edit(
    request: AuthedHttpRequest, org_slug: str, pk: int, decision_pk: int, lang: str
) -> HttpResponse:
    """The decision's text in one language, beside its English, while it waits
    to be confirmed."""
    decision = decision_for(request, org_slug, pk, decision_pk)
    if decision.is_published:
        messages.info(
            request,
            _("A published decision cannot be changed. Record a correction instead."),
        )
        return redirect("cycles:decisions", org_slug=org_slug, pk=pk)
    return edit_page(
        request,
        organisation=decision.cycle.organisation,
        pieces=decision_pieces(decision),
        lang=lang,
        caption=decision.title,
        back_url=reverse(
            "cycles:decision_translations",
            kwargs={"org_slug": org_slug, "pk": pk, "decision_pk": decision_pk},
        ),
        edit_url=_decision_edit_url(org_slug, pk, decision_pk),
    )
