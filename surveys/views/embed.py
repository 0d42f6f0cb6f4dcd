"""Surveys and ballots on the organisation's own site: the pages shown in a frame
(see ``surveys/embed.py`` for why they look and behave as they do) and the team's
page with the code to paste."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cocommission.http import AuthedHttpRequest, HtmxHttpRequest
from cocommission.organisations.access import organisation_for

from ..embed import EMBED_LAYOUT, embed_view, state_query
from ..models import Ballot, Survey
from .ballots import ballot_vote_page, in_language


@embed_view
@require_http_methods(["GET", "POST"])
def embed_ballot_vote(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """The vote inside a frame: code ballots are voted there; the others need
    a signed-in person, so the page offers the site in a new tab."""
    frame = {
        "layout": EMBED_LAYOUT,
        "embedded": True,
        "site_url": reverse("ballot_vote", kwargs={"token": token}),
        "vote_url": reverse("embed:ballot_vote", kwargs={"token": token}),
        "thanks_url": reverse("embed:ballot_thanks", kwargs={"token": token}),
        "carry": state_query(request),
    }
    return ballot_vote_page(request, token, frame=frame)


@embed_view
@require_safe
def embed_ballot_thanks(request: HtmxHttpRequest, token: str) -> HttpResponse:
    ballot = get_object_or_404(
        Ballot.objects.select_related("activity__cycle__organisation"),
        token=token,
        published_at__isnull=False,
    )
    organisation = ballot.activity.cycle.organisation
    request.embed_organisation = organisation  # type: ignore[attr-defined]
    shown, _options, languages = in_language(
        request, ballot, list(ballot.options.all())
    )
    return render(
        request,
        "surveys/embed_ballot_thanks.html",
        {
            **languages,
            "ballot": shown,
            "organisation": organisation,
            "layout": EMBED_LAYOUT,
        },
    )


def _snippet(title: str, url: str) -> str:
    """The HTML to paste: a frame with a title (read out by screen readers), as wide
    as the page allows. Escaped here, and again when shown in the text box."""
    return format_html(
        '<iframe src="{}" title="{}" width="100%" height="900" '
        'style="border:0;max-width:100%"></iframe>',
        url,
        title,
    )


@login_required
@require_safe
def embed_codes(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    """For the team: the code to paste into the organisation's own site for each
    published survey and vote, and which sites may show them."""
    organisation = organisation_for(request, org_slug, "surveys.view_surveys")
    origin = request.build_absolute_uri("/").rstrip("/")
    surveys = (
        Survey.objects.of_organisation(organisation)
        .filter(published_at__isnull=False, closed_at__isnull=True)
        .only("pk", "title", "token")
        .order_by("title", "pk")
    )
    ballots = (
        Ballot.objects.filter(
            activity__cycle__organisation=organisation,
            published_at__isnull=False,
            closed_at__isnull=True,
        )
        .only("pk", "title", "token")
        .order_by("title", "pk")
    )
    # The frame's title is a fixed word: the page it goes on names the survey,
    # and a title typed here would need escaping inside escaped code.
    items = [
        (
            item.title,
            _snippet(label, origin + reverse(name, kwargs={"token": item.token})),
        )
        for name, label, rows in (
            ("embed:survey_answer", _("Survey"), surveys),
            ("embed:ballot_vote", _("Vote"), ballots),
        )
        for item in rows
    ]
    return render(
        request,
        "surveys/embed_codes.html",
        {
            "organisation": organisation,
            "origins": organisation.embed_origin_list,
            "items": items,
            "may_edit": request.user.has_perm(
                "organisations.manage_members", organisation
            ),
        },
    )
