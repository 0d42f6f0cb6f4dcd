"""The team writes a ballot and its options in the organisation's other
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

from ..access import ballot_for
from ..ballot_translations import items

MANAGE = "surveys.manage_surveys"


def _edit_url(org_slug: str, pk: int) -> Callable[[str], str]:
    def url(lang: str) -> str:
        return reverse(
            "surveys:ballot_translation_edit",
            kwargs={"org_slug": org_slug, "pk": pk, "lang": lang},
        )

    return url


@login_required
@require_safe
def ballot_translation_gaps(
    request: AuthedHttpRequest, org_slug: str, pk: int
) -> HttpResponse:
    """Each of the organisation's languages, whether voting needs it to open, and
    which pieces of this ballot are not written in it yet (for anyone who may
    see the ballot; the links to write them for those who may change it)."""
    ballot = ballot_for(request, org_slug, pk)
    organisation = ballot.activity.cycle.organisation
    return gaps_page(
        request,
        organisation=organisation,
        pieces=items(ballot, list(ballot.options.all())),
        caption=ballot.title,
        back_url=ballot.get_absolute_url(),
        edit_url=_edit_url(org_slug, pk),
        can_edit=request.user.has_perm(MANAGE, organisation),
        blocks=_("Needed before voting opens"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def ballot_translation_edit(
    request: AuthedHttpRequest, org_slug: str, pk: int, lang: str
) -> HttpResponse:
    """The ballot's text in one language, beside its English."""
    ballot = ballot_for(request, org_slug, pk, MANAGE)
    return edit_page(
        request,
        organisation=ballot.activity.cycle.organisation,
        pieces=items(ballot, list(ballot.options.all())),
        lang=lang,
        caption=ballot.title,
        back_url=reverse(
            "surveys:ballot_translations", kwargs={"org_slug": org_slug, "pk": pk}
        ),
        edit_url=_edit_url(org_slug, pk),
        published=ballot.published_at is not None,
    )
