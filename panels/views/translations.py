"""The team writes a panel's recruitment text in the organisation's other
languages, and sees what is still missing or out of date in each
(``cocommission.translations``)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cocommission.http import AuthedHttpRequest
from cocommission.translations.pages import edit_page, gaps_page

from ..access import panel_for
from ..translations import items


def _edit_url(org_slug: str, pk: int) -> Callable[[str], str]:
    def url(lang: str) -> str:
        return reverse(
            "panels:translation_edit",
            kwargs={"org_slug": org_slug, "pk": pk, "lang": lang},
        )

    return url


@login_required
@require_safe
def translation_gaps(
    request: AuthedHttpRequest, org_slug: str, pk: int
) -> HttpResponse:
    """Each of the organisation's languages, whether the panel needs it before
    it takes volunteers, and which of its pieces are not written in it yet."""
    panel = panel_for(request, org_slug, pk)
    return gaps_page(
        request,
        organisation=panel.organisation,
        pieces=items(panel),
        caption=panel.name,
        back_url=panel.get_absolute_url(),
        edit_url=_edit_url(org_slug, pk),
        can_edit=request.user.has_perm("panels.manage_panels", panel.organisation),
        blocks=_("Needed before the panel takes volunteers"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def translation_edit(
    request: AuthedHttpRequest, org_slug: str, pk: int, lang: str
) -> HttpResponse:
    """The panel's text in one language, beside its English."""
    panel = panel_for(request, org_slug, pk, "panels.manage_panels")
    return edit_page(
        request,
        organisation=panel.organisation,
        pieces=items(panel),
        lang=lang,
        caption=panel.name,
        back_url=reverse(
            "panels:translations", kwargs={"org_slug": org_slug, "pk": pk}
        ),
        edit_url=_edit_url(org_slug, pk),
        published=panel.is_open_for_volunteers,
    )
