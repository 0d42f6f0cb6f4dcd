"""Invitation codes for surveys and voting codes for ballots: see how many are
used, and make a batch to print."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cocommission.forms import add_service_errors
from cocommission.http import AuthedHttpRequest, HtmxHttpRequest

from ..access import ballot_for, survey_for
from ..codes import codes_generate
from ..forms.codes import CodeBatchForm
from ..links import code_link
from ..models import Ballot, Eligibility, Survey
from ..qr import qr_data_uri


def _cards(
    request: HtmxHttpRequest, codes: list[str], *, ballot: bool
) -> list[dict[str, str]]:
    """Each code with its short link written out and its QR code."""
    cards = []
    for code in codes:
        link = request.build_absolute_uri(code_link(code, ballot=ballot))
        cards.append({"code": code, "link": link, "qr": qr_data_uri(link)})
    return cards


def _codes_page(
    request: HtmxHttpRequest,
    owner: Survey | Ballot,
    batches: QuerySet[Any, dict[str, Any]],
    use_url: str,
    wording: dict[str, str],
) -> HttpResponse:
    form = CodeBatchForm(request.POST or None)
    context = {
        "organisation": owner.activity.cycle.organisation,
        "owner": owner,
        "wording": wording,
    }
    if request.method == "POST" and form.is_valid():
        try:
            made = codes_generate(owner=owner, count=form.cleaned_data["count"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(
                request,
                "surveys/codes_print.html",
                {
                    **context,
                    "codes": made,
                    "cards": _cards(request, made, ballot=isinstance(owner, Ballot)),
                    "use_url": request.build_absolute_uri(use_url),
                    "back_url": request.path,
                },
            )
    return render(
        request,
        "surveys/codes.html",
        {**context, "form": form, "batches": batches},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def codes(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    survey = survey_for(request, org_slug, pk, "surveys.manage_surveys")
    batches = (
        survey.invitation_codes.values("batch")
        .annotate(made=Count("id"), used=Count("id", filter=Q(used=True)))
        .order_by("batch")
    )
    return _codes_page(
        request,
        survey,
        batches,
        survey.get_answer_url(),
        {
            "title": _("Invitation codes"),
            "intro": _(
                "Each code lets one person answer once, without an account. "
                "Hand them out on paper, at events or by post."
            ),
            "use": _("Answer at"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def ballot_codes(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    ballot = ballot_for(request, org_slug, pk, "surveys.manage_surveys")
    if ballot.eligibility != Eligibility.CODES:
        raise Http404
    batches = (
        ballot.invitation_codes.values("batch")
        .annotate(made=Count("id"), used=Count("vote"))
        .order_by("batch")
    )
    return _codes_page(
        request,
        ballot,
        batches,
        ballot.get_vote_url(),
        {
            "title": _("Voting codes"),
            "intro": _(
                "Each code is one vote, cast without an account. Hand them out "
                "to the people who may vote: on paper, at events or by post."
            ),
            "use": _("Vote at"),
        },
    )
