"""The team writes a survey in the organisation's other languages, and sees
what is still missing or out of date in each (``cocommission.translations``)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cocommission.http import AuthedHttpRequest
from cocommission.translations.pages import edit_page, gaps_page

from ..access import survey_for
from ..services import survey_questions
from ..translations import items


def _edit_url(org_slug: str, pk: int) -> Callable[[str], str]:
    def url(lang: str) -> str:
        return reverse(
            "surveys:translation_edit",
            kwargs={"org_slug": org_slug, "pk": pk, "lang": lang},
        )

    return url


@login_required
@require_safe
def translation_gaps(
    request: AuthedHttpRequest, org_slug: str, pk: int
) -> HttpResponse:
    """Each of the organisation's languages, whether every survey needs it, and
    which pieces of this survey are not written in it yet."""
    survey = survey_for(request, org_slug, pk)
    return gaps_page(
        request,
        organisation=survey.activity.cycle.organisation,
        pieces=items(survey, survey_questions(survey)),
        caption=survey.title,
        back_url=survey.get_absolute_url(),
        edit_url=_edit_url(org_slug, pk),
        blocks=_("Needed before the survey opens"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def translation_edit(
    request: AuthedHttpRequest, org_slug: str, pk: int, lang: str
) -> HttpResponse:
    """The survey's text in one language, beside its English."""
    survey = survey_for(request, org_slug, pk, "surveys.manage_surveys")
    return edit_page(
        request,
        organisation=survey.activity.cycle.organisation,
        pieces=items(survey, survey_questions(survey)),
        lang=lang,
        caption=survey.title,
        back_url=reverse(
            "surveys:translations", kwargs={"org_slug": org_slug, "pk": pk}
        ),
        edit_url=_edit_url(org_slug, pk),
        published=survey.published_at is not None,
    )
