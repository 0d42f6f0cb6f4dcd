"""The printable paper version of a survey, as a tagged PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from cocommission.http import AuthedHttpRequest

from ..access import survey_for
from ..paper import paper_pdf


@login_required
@require_safe
def paper(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """Made on request: a survey of a few pages takes well under a second."""
    survey = survey_for(request, org_slug, pk)
    pdf = paper_pdf(
        survey, answer_link=request.build_absolute_uri(survey.get_answer_url())
    )
    name = f"{slugify(survey.title)[:50] or 'survey'}-paper.pdf"
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
