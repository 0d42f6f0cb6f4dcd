"""Participatory budgeting screens: build the ballot, vote, count and decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)
from django_htmx.http import HttpResponseClientRedirect

from cocommission.forms import add_service_errors, form_page
from cocommission.http import AuthedHttpRequest, HtmxHttpRequest
from cocommission.jobs import JobStatus, job_in_progress
from cocommission.languages import direction, local_name
from cocommission.organisations.access import organisation_for
from cocommission.parsing import id_params

from ..access import ballot_for
from ..ballot_counts import ballot_recount_request, ballot_shown
from ..ballot_import import ballot_import_ask
from ..ballot_translations import ballot_in, chosen_language, options_in
from ..ballots import (
    ballot_close,
    ballot_decide,
    ballot_decided_outcome,
    ballot_pabulib,
    ballot_publish,
    ballot_save,
    may_vote,
    option_delete,
    option_save,
    vote_cast,
)
from ..codes import ballot_code_check
from ..forms.ballot import BallotForm, DecideForm, OptionForm, PabulibImportForm
from ..forms.codes import CodeForm
from ..guesses import guess_failed, guesses_paused, paused_message
from ..links import code_from_query
from ..models import (
    Ballot,
    BallotCode,
    BallotImport,
    BallotOption,
    Eligibility,
    Vote,
    VotingRule,
)
from .common import chosen_activity


@login_required
@require_safe
def ballot_list(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "surveys.view_surveys")
    ballots = Ballot.objects.filter(
        activity__cycle__organisation=organisation
    ).select_related("activity__cycle")
    return render(
        request,
        "surveys/ballot_list.html",
        {"organisation": organisation, "ballots": ballots},
    )


@login_required
@require_http_methods(["GET", "POST"])
def ballot_edit(
    request: AuthedHttpRequest, org_slug: str, pk: int | None = None
) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "surveys.manage_surveys")
    if pk:
        ballot = ballot_for(request, org_slug, pk, "surveys.manage_surveys")
    else:
        activity = chosen_activity(request, organisation)
        if isinstance(activity, HttpResponse):
            return activity
        ballot = Ballot(activity=activity)
    form = BallotForm(request.POST or None, instance=ballot, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            ballot = ballot_save(
                ballot=form.save(commit=False),
                areas=list(form.cleaned_data.get("areas") or []),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Vote saved."))
            return redirect(ballot)
    return render(
        request,
        "surveys/ballot_edit.html",
        {
            "organisation": organisation,
            "ballot": ballot,
            "form": form,
            "title": _("Vote settings")
            if pk
            else _("New participatory budgeting vote"),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def ballot_import_view(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    """A past participatory budget from a Pabulib file, imported in the
    background; the next page follows it."""
    organisation = organisation_for(request, org_slug, "surveys.manage_surveys")
    form = PabulibImportForm(
        request.POST or None, request.FILES or None, organisation=organisation
    )
    if request.method == "POST" and form.is_valid():
        job = ballot_import_ask(
            activity=form.cleaned_data["activity"],
            text=form.cleaned_data["file"],
            file_name=form.file_name,
            by=request.user,
        )
        return redirect("surveys:ballot_import_job", org_slug=org_slug, pk=job.pk)
    return render(
        request,
        "surveys/ballot_import.html",
        {"organisation": organisation, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def ballot_import_job(request: HtmxHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """Where an import is: being read (the page checks again by itself, or with
    a link without JavaScript), refused with every problem and the form to try
    again, or done (on to the vote)."""
    organisation = organisation_for(request, org_slug, "surveys.manage_surveys")
    jobs = BallotImport.objects.filter(
        pk=pk, activity__cycle__organisation=organisation
    )
    job_in_progress(jobs)  # a job whose worker died fails, to be asked again
    job = get_object_or_404(jobs.select_related("ballot"))
    if job.status == JobStatus.DONE and job.ballot is not None:
        messages.success(
            request,
            _("Vote imported: %(options)d options and %(votes)d votes.")
            % {
                "options": job.ballot.options.count(),
                "votes": job.ballot.votes.count(),
            },
        )
        if request.htmx:
            return HttpResponseClientRedirect(job.ballot.get_absolute_url())
        return redirect(job.ballot)
    form = PabulibImportForm(
        initial={"activity": job.activity_id}, organisation=organisation
    )
    template = "surveys/ballot_import.html"
    if request.htmx:
        template += "#import-state"
    return render(
        request,
        template,
        {"organisation": organisation, "form": form, "job": job},
        status=400 if job.status == JobStatus.FAILED else 200,
    )


@login_required
@require_safe
def ballot_detail(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """The ballot and its outcome as last counted in the background; while a
    recount runs, the page says so and (with JavaScript) polls its results part."""
    return _detail_page(request, ballot_for(request, org_slug, pk))


def _detail_page(
    request: AuthedHttpRequest, ballot: Ballot, *, publish_error: str = ""
) -> HttpResponse:
    """The ballot's team page; ``publish_error`` says, beside "Open voting", why
    voting could not open."""
    organisation = ballot.activity.cycle.organisation
    options = list(ballot.options.all())
    shown = ballot_shown(ballot, options)
    context = {
        "organisation": organisation,
        "ballot": ballot,
        "options": options,
        "shown": shown,
        "result": shown.result,
        "can_manage": request.user.has_perm("surveys.manage_surveys", organisation),
        "can_decide": request.user.has_perm(
            "cycles.override_gate", ballot.activity.cycle
        ),
        "has_votes": ballot.votes.exists(),
        "decide_form": DecideForm(),
    }
    if request.htmx:
        return render(request, "surveys/ballot_detail.html#ballot-result", context)
    return render(
        request,
        "surveys/ballot_detail.html",
        {
            **context,
            "areas": list(ballot.areas.all())
            if ballot.eligibility == Eligibility.RESIDENTS
            else [],
            "vote_url": request.build_absolute_uri(ballot.get_vote_url()),
            "publish_error": publish_error,
        },
        status=400 if publish_error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def option_edit(
    request: AuthedHttpRequest, org_slug: str, pk: int, option_pk: int | None = None
) -> HttpResponse:
    ballot = ballot_for(request, org_slug, pk, "surveys.manage_surveys")
    option = (
        get_object_or_404(ballot.options.all(), pk=option_pk)
        if option_pk
        else BallotOption(ballot=ballot)
    )
    form = OptionForm(request.POST or None, instance=option)
    if request.method == "POST":
        if request.POST.get("remove") and option_pk:
            try:
                option_delete(option=option)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Option removed."))
            return redirect(ballot)
        if form.is_valid():
            try:
                option_save(option=form.save(commit=False))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Option saved."))
                return redirect(ballot)
    return form_page(
        request,
        organisation=ballot.activity.cycle.organisation,
        form=form,
        caption=ballot.title,
        title=_("Change the option") if option_pk else _("Add an option"),
        button=_("Save option"),
        cancel_url=ballot.get_absolute_url(),
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def ballot_state(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    ballot = ballot_for(request, org_slug, pk, "surveys.manage_surveys")
    if request.POST.get("action") == "publish":
        try:
            ballot_publish(ballot=ballot)
        except ValidationError as error:
            # Said beside the button, as the team fixes it from this page.
            return _detail_page(request, ballot, publish_error=" ".join(error.messages))
        messages.success(request, _("Voting is open."))
        return redirect(ballot)
    try:
        if request.POST.get("action") == "close":
            ballot_close(ballot=ballot)
            messages.success(request, _("Voting has closed."))
        elif request.POST.get("action") == "recount":
            ballot_recount_request(ballot=ballot)
            messages.success(request, _("The votes are being counted again."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(ballot)


@login_required
@require_POST
def ballot_decide_view(
    request: AuthedHttpRequest, org_slug: str, pk: int
) -> HttpResponse:
    ballot = ballot_for(request, org_slug, pk)
    if not request.user.has_perm("cycles.override_gate", ballot.activity.cycle):
        raise PermissionDenied
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            ballot_decide(
                ballot=ballot,
                by=request.user,
                rule=form.cleaned_data["rule"],
                rationale=form.cleaned_data["rationale"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The decision is in the decision log."))
            return redirect(ballot)
    else:
        messages.error(request, _("Choose which result to fund and say why."))
    return redirect(ballot)


@login_required
@require_safe
def ballot_pb(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    ballot = ballot_for(request, org_slug, pk, "surveys.manage_surveys")
    response = HttpResponse(
        ballot_pabulib(ballot, outcome=ballot_decided_outcome(ballot)),
        content_type="text/plain; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="ballot-{ballot.pk}.pb"'
    return response


BALLOT_CODES_SESSION_KEY = "ballot_codes"


def _session_code(request: HtmxHttpRequest, ballot: Ballot) -> BallotCode | None:
    code_id = request.session.get(BALLOT_CODES_SESSION_KEY, {}).get(ballot.token)
    if code_id is None:
        return None
    return BallotCode.objects.filter(pk=code_id, ballot=ballot).first()


def _remember_code(
    request: HtmxHttpRequest, ballot: Ballot, code: BallotCode | None
) -> None:
    codes = dict(request.session.get(BALLOT_CODES_SESSION_KEY, {}))
    if code is None:
        codes.pop(ballot.token, None)
    else:
        codes[ballot.token] = code.pk
    request.session[BALLOT_CODES_SESSION_KEY] = codes


def _code_entry(
    request: HtmxHttpRequest, ballot: Ballot, context: dict[str, Any]
) -> HttpResponse:
    """Code ballots: the code from the card or letter first, then the options."""
    form = CodeForm(
        request.POST if request.POST.get("form") == "code" else None,
        initial={"code": code_from_query(request.GET.get("code", ""))},
    )
    form.fields["code"].label = _("Your voting code")
    form.fields["code"].error_messages["required"] = _("Enter your voting code")
    if form.is_bound and guesses_paused(request):
        form.is_valid()
        form.add_error("code", paused_message())
        return render(
            request, "surveys/ballot_code.html", {**context, "form": form}, status=429
        )
    if form.is_bound and form.is_valid():
        try:
            code = ballot_code_check(ballot=ballot, code=form.cleaned_data["code"])
        except ValidationError as error:
            guess_failed(request)
            form.add_error("code", error)
        else:
            _remember_code(request, ballot, code)
            return redirect(context["vote_url"])
    return render(
        request,
        "surveys/ballot_code.html",
        {**context, "form": form},
        status=400 if form.errors else 200,
    )


def _running_total(
    ballot: Ballot, options: list[BallotOption], chosen: list[int]
) -> dict[str, object]:
    """What the ballot page says under the options: how many are chosen, what
    they cost together and by how much that is over the budget."""
    picked = [option for option in options if option.pk in set(chosen)]
    total = sum((option.cost for option in picked), Decimal(0))
    return {
        "chosen_count": len(picked),
        "chosen_total": total,
        "over_by": max(total - ballot.budget, Decimal(0)),
    }


@require_http_methods(["GET", "POST"])
def ballot_vote(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """Voting: choose options within the budget (or up to N). Plain form; the
    server checks the total and says by how much it is over. Signed-in people
    vote as themselves; on code ballots, anyone with a code votes without an
    account."""
    return ballot_vote_page(request, token, frame={})


def _voter(
    request: HtmxHttpRequest, ballot: Ballot, context: dict[str, Any]
) -> dict[str, Any] | HttpResponse:
    """Who votes (a checked code or the signed-in person), or the page to show
    instead (the code form, "not for you")."""
    if ballot.eligibility == Eligibility.CODES:
        code = _session_code(request, ballot)
        if code is None:
            return _code_entry(request, ballot, context)
        return {"code": code}
    user = request.user
    # Always signed in here (see ballot_vote_page); the check narrows it to a User.
    if not user.is_authenticated or not may_vote(ballot, user):
        return render(request, "surveys/ballot_not_for_you.html", context, status=403)
    return {"user": user}


def in_language(
    request: HtmxHttpRequest, ballot: Ballot, options: list[BallotOption]
) -> tuple[Ballot, list[BallotOption], dict[str, Any]]:
    """The ballot and options in the language chosen (``?lang=``, else the
    page's language, else English), and the page's links to the other languages
    the ballot is written in. Each link keeps the rest of the address (a code
    from a card, say)."""
    lang, offered = chosen_language(
        request.GET.get("lang", ""), get_language() or "", ballot, options
    )
    links = []
    for code in offered:
        query = request.GET.copy()
        query["lang"] = code
        links.append(
            {
                "code": code,
                "name": local_name(code),
                "dir": direction(code),
                "url": f"?{query.urlencode()}",
                "current": code == lang,
            }
        )
    context: dict[str, Any] = {
        "content_language": lang,
        "content_languages": links if len(links) > 1 else [],
        "languages_label": _("Languages of this vote"),
        "lang_query": f"?{urlencode({'lang': lang})}" if len(links) > 1 else "",
    }
    return ballot_in(ballot, lang), options_in(options, lang), context


def ballot_vote_page(
    request: HtmxHttpRequest, token: str, *, frame: dict[str, Any]
) -> HttpResponse:
    """The vote, on the site or (``frame`` giving the embed layout and addresses)
    inside a frame on the organisation's own site, in the language chosen."""
    ballot = get_object_or_404(
        Ballot.objects.select_related("activity__cycle__organisation", "panel"),
        token=token,
        published_at__isnull=False,
    )
    organisation = ballot.activity.cycle.organisation
    request.embed_organisation = organisation  # type: ignore[attr-defined]
    options = list(ballot.options.all())
    shown, shown_options, languages = in_language(request, ballot, options)
    context: dict[str, Any] = {
        "ballot": shown,
        "organisation": organisation,
        "options": shown_options,
        "knapsack": ballot.rule == VotingRule.KNAPSACK,
        "vote_url": reverse("ballot_vote", kwargs={"token": token}),
        **frame,
        **languages,
    }
    # Each step after this one (the ballot after the code, the ballot after a
    # vote, the thanks in a frame) stays in the language chosen.
    for url in ("vote_url", "thanks_url"):
        if url in context:
            context[url] += languages["lang_query"]
    by_code = ballot.eligibility == Eligibility.CODES
    if not by_code and not request.user.is_authenticated and not frame:
        return redirect_to_login(request.get_full_path(), reverse("account_login"))
    if not ballot.is_open():
        return render(request, "surveys/ballot_closed.html", context)
    voter = _voter(request, ballot, context)
    if isinstance(voter, HttpResponse):
        return voter
    existing = Vote.objects.filter(
        ballot=ballot,
        **({"code": voter["code"]} if by_code else {"voter": voter["user"]}),
    ).first()
    chosen = (
        id_params(request.POST, "options")
        if request.method == "POST"
        else list(existing.choices.values_list("pk", flat=True))
        if existing
        else []
    )
    error = ""
    # "Update my total" (for people without JavaScript) only shows the sum.
    totting_up = request.POST.get("action") == "total"
    if request.method == "POST" and not totting_up:
        try:
            vote_cast(ballot=ballot, option_ids=chosen, **voter)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            if by_code:
                # A shared phone or library computer must not show the next
                # person this vote: the code is asked for again to change it.
                _remember_code(request, ballot, None)
            if frame:
                return redirect(context["thanks_url"])
            messages.success(request, _("Your vote is counted. Thank you."))
            return redirect(context["vote_url"])
    return render(
        request,
        "surveys/ballot_vote.html",
        {
            **context,
            "chosen": chosen,
            "existing": existing,
            "locked": existing is not None and not ballot.allow_changes,
            "error": error,
            **_running_total(ballot, options, chosen),
        },
        status=400 if error else 200,
    )
