"""Tender evaluation screens: set-up, scoring, moderation and the award."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cocommission.accounts.models import User
from cocommission.forms import add_service_errors
from cocommission.http import AuthedHttpRequest, HtmxHttpRequest
from cocommission.parsing import id_param

from ..access import contract_for
from ..forms.tender import AwardForm, BidForm, CriterionForm, ScoreForm, TenderStartForm
from ..models import Bid, Contract, Criterion, Score, Tender
from ..tender import (
    award,
    bid_add,
    criterion_add,
    evaluation,
    may_score,
    moderate,
    scores_save,
    scoring_open,
    tender_start,
    weight_total,
)


def _tender(contract: Contract) -> Tender | None:
    return (
        Tender.objects.filter(contract=contract)
        .select_related("panel", "awarded_bid__provider", "award_decision")
        .first()
    )


@login_required
@require_http_methods(["GET", "POST"])
def tender(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """The team's page: set up criteria and bids, see the scores, moderate and
    award."""
    contract = contract_for(request, org_slug, pk, "contracts.manage_contracts")
    organisation = contract.cycle.organisation
    current = _tender(contract)
    which = request.POST.get("form", "")
    data = request.POST if request.method == "POST" else None
    start_form = TenderStartForm(
        data if which == "start" else None,
        organisation=organisation,
        initial={"panel": current.panel_id if current else None},
    )
    criterion_form = CriterionForm(
        data if which == "criterion" else None,
        instance=Criterion(tender=current) if current else None,
    )
    bid_form = BidForm(
        data if which == "bid" else None,
        instance=Bid(tender=current) if current else None,
        organisation=organisation,
    )
    award_form = (
        AwardForm(data if which == "award" else None, tender=current)
        if current
        else None
    )
    user = request.user
    if request.method == "POST":
        done = _handle(
            request,
            contract,
            current,
            which,
            start_form,
            criterion_form,
            bid_form,
            award_form,
            user,
        )
        if done is not None:
            return done
    forms_with_errors = [
        f
        for f in (start_form, criterion_form, bid_form, award_form)
        if f is not None and f.errors
    ]
    return render(
        request,
        "contracts/tender.html",
        {
            "organisation": organisation,
            "contract": contract,
            "tender": current,
            "criteria": list(current.criteria.all()) if current else [],
            "weights": weight_total(current) if current else 0,
            "results": evaluation(current) if current else [],
            "open": scoring_open(current) if current else False,
            "start_form": start_form,
            "criterion_form": criterion_form,
            "bid_form": bid_form,
            "award_form": award_form,
        },
        status=400 if forms_with_errors else 200,
    )


def _handle(
    request: HtmxHttpRequest,
    contract: Contract,
    current: Tender | None,
    which: str,
    start_form: TenderStartForm,
    criterion_form: CriterionForm,
    bid_form: BidForm,
    award_form: AwardForm | None,
    user: User,
) -> HttpResponse | None:
    """Carry out one of the page's forms; a redirect when it worked."""
    form: Any = {
        "start": start_form,
        "criterion": criterion_form,
        "bid": bid_form,
        "award": award_form,
    }.get(which)
    if form is None or (which != "start" and current is None) or not form.is_valid():
        return None
    try:
        if which == "start":
            tender_start(contract=contract, panel=form.cleaned_data["panel"])
            message = _("The tender evaluation is set up.")
        elif which == "criterion":
            criterion_add(criterion=form.save(commit=False))
            message = _("Criterion added.")
        elif which == "bid":
            bid_add(bid=form.save(commit=False))
            message = _("Bid added.")
        else:
            assert current is not None  # noqa: S101 - checked above
            award(
                tender=current,
                bid=form.cleaned_data["bid"],
                rationale=form.cleaned_data["rationale"],
                by=user,
            )
            message = _("The contract is awarded. The decision is in the decision log.")
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, message)
    return redirect(
        "contracts:tender", org_slug=contract.cycle.organisation.slug, pk=contract.pk
    )


@login_required
@require_POST
def moderation(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    contract = contract_for(request, org_slug, pk, "contracts.manage_contracts")
    current = _tender(contract)
    if current is None:
        raise PermissionDenied
    bid = get_object_or_404(Bid, tender=current, pk=id_param(request.POST, "bid"))
    criterion = get_object_or_404(
        Criterion, tender=current, pk=id_param(request.POST, "criterion")
    )
    try:
        score = Decimal(request.POST.get("score", ""))
        moderate(
            bid=bid,
            criterion=criterion,
            score=score,
            note=request.POST.get("note", ""),
            by=request.user,
        )
    except (InvalidOperation, ValidationError):
        messages.error(request, _("Enter a moderated score from 0 to 10, like 7.5."))
    else:
        messages.success(request, _("Moderated score saved."))
    return redirect("contracts:tender", org_slug=org_slug, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def score(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """A scorer's own sheet: every bid on every criterion, 0 to 10."""
    contract = contract_for(request, org_slug, pk)
    current = _tender(contract)
    if current is None:
        raise PermissionDenied
    user = request.user
    if not may_score(current, user):
        raise PermissionDenied
    bids = list(current.bids.select_related("provider"))
    criteria = list(current.criteria.all())
    initial: dict[str, object] = {}
    for mine in Score.objects.filter(bid__tender=current, scorer=user):
        initial[f"score_{mine.bid_id}_{mine.criterion_id}"] = str(mine.score)
        initial[f"comment_{mine.bid_id}_{mine.criterion_id}"] = mine.comment
    form = ScoreForm(
        request.POST or None, bids=bids, criteria=criteria, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            scores_save(tender=current, by=user, scores=form.scores())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Your scores are saved. You can change them until the award."),
            )
            return redirect("contracts:tender_score", org_slug=org_slug, pk=pk)
    return render(
        request,
        "contracts/tender_score.html",
        {
            "organisation": contract.cycle.organisation,
            "contract": contract,
            "tender": current,
            "bids": bids,
            "form": form,
            "open": scoring_open(current),
        },
        status=400 if form.errors else 200,
    )
