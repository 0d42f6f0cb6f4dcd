"""Following a short link from a code card: to the survey or the vote, with the
code filled in, ready to confirm. Rate-limited per address, as code entry is;
an unknown code gets a friendly page."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe
from django_ratelimit.core import is_ratelimited

from cocommission.pages.views import rate_limited

from ..codes import code_hash
from ..guesses import guess_failed, guesses_paused
from ..links import code_from_query
from ..models import BallotCode, InvitationCode


def _limited(request: HttpRequest) -> bool:
    """Every followed link spends from the address's budget for anonymous
    posts (where typed codes are checked), so links are no quicker way to
    guess codes."""
    return is_ratelimited(
        request,
        group="anonymous-post",
        key="ip",
        rate=settings.RATELIMIT_ANONYMOUS_POST_RATE,
        increment=True,
    )


def _unknown(request: HttpRequest) -> HttpResponse:
    guess_failed(request)
    return render(request, "surveys/code_unknown.html", status=404)


@require_safe
def survey_code_link(request: HttpRequest, code: str) -> HttpResponse:
    if _limited(request) or guesses_paused(request):
        return rate_limited(request)
    clean = code_from_query(code)
    found = (
        InvitationCode.objects.filter(
            code_hash=code_hash(clean), survey__published_at__isnull=False
        )
        .select_related("survey")
        .only("survey__token")
        .first()
        if clean
        else None
    )
    if found is None:
        return _unknown(request)
    return redirect(f"{found.survey.get_answer_url()}?{urlencode({'code': clean})}")


@require_safe
def ballot_code_link(request: HttpRequest, code: str) -> HttpResponse:
    if _limited(request) or guesses_paused(request):
        return rate_limited(request)
    clean = code_from_query(code)
    found = (
        BallotCode.objects.filter(
            code_hash=code_hash(clean), ballot__published_at__isnull=False
        )
        .select_related("ballot")
        .only("ballot__token")
        .first()
        if clean
        else None
    )
    if found is None:
        return _unknown(request)
    return redirect(f"{found.ballot.get_vote_url()}?{urlencode({'code': clean})}")
