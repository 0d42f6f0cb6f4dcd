"""Results for the team, and the published version for everyone."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from cocommission.forms import form_page
from cocommission.http import AuthedHttpRequest, HtmxHttpRequest

from ..access import published_survey, survey_for
from ..counting import waiting_count
from ..crosstab import (
    SINGLE_KINDS,
    crosstab_by_category,
    crosstab_by_channel,
    crosstab_by_question,
)
from ..forms.results import QuoteForm
from ..models import TEXT_KINDS, Quote
from ..results import survey_results, text_answers
from ..services import results_publish


@login_required
@require_safe
def results(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    survey = survey_for(request, org_slug, pk)
    return render(
        request,
        "surveys/results.html",
        {
            "organisation": survey.activity.cycle.organisation,
            "survey": survey,
            "results": survey_results(survey),
            # Results count a few waiting responses here; a bigger backlog is
            # counted by the worker, and the page says how many are waiting.
            "waiting": waiting_count(survey),
            "public": False,
            "can_manage": request.user.has_perm(
                "surveys.manage_surveys", survey.activity.cycle.organisation
            ),
        },
    )


@login_required
@require_safe
def text_results(
    request: AuthedHttpRequest, org_slug: str, pk: int, question_pk: int
) -> HttpResponse:
    survey = survey_for(request, org_slug, pk)
    question = get_object_or_404(
        survey.questions.filter(kind__in=TEXT_KINDS), pk=question_pk
    )
    query = request.GET.get("q", "").strip()
    page = text_answers(
        question,
        search=query,
        newer=request.GET.get("newer", ""),
        older=request.GET.get("older", ""),
    )
    template = "surveys/text_results.html"
    if request.htmx:
        template += "#text-results"
    return render(
        request,
        template,
        {
            "organisation": survey.activity.cycle.organisation,
            "survey": survey,
            "question": question,
            "page": page,
            "query": query,
            "quotes": question.quotes.all(),
            "can_publish": request.user.has_perm(
                "surveys.manage_surveys", survey.activity.cycle.organisation
            ),
            "can_record_need": request.user.has_perm(
                "cycles.change_cycle", survey.activity.cycle
            ),
        },
    )


@login_required
@require_POST
def publish_results(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    survey = survey_for(request, org_slug, pk, "surveys.manage_surveys")
    publish = request.POST.get("publish") == "yes"
    results_publish(survey=survey, published=publish)
    messages.success(
        request,
        _("Results published, with small groups hidden.")
        if publish
        else _("Results taken down from the public page."),
    )
    return redirect("surveys:results", org_slug=org_slug, pk=pk)


@require_safe
def public_results(request: HtmxHttpRequest, org_slug: str, token: str) -> HttpResponse:
    survey = published_survey(org_slug, token)
    return render(
        request,
        "surveys/results.html",
        {
            "organisation": survey.activity.cycle.organisation,
            "survey": survey,
            "results": survey_results(survey, public=True),
            "public": True,
        },
    )


@login_required
@require_safe
def crosstab(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """One question's answers broken down by another's, or by a profile category
    (identified surveys only), with small cells hidden."""
    survey = survey_for(request, org_slug, pk)
    organisation = survey.activity.cycle.organisation
    questions = [q for q in survey.questions.all() if q.kind in SINGLE_KINDS]
    categories = (
        []
        if survey.is_anonymous
        else list(
            organisation.demographic_categories.active().prefetch_related("values")
        )
    )
    chosen = next(
        (q for q in questions if str(q.pk) == request.GET.get("question")), None
    )
    by = request.GET.get("by", "")
    table = None
    if by == "channel":
        table = crosstab_by_channel(survey, chosen)
    elif chosen is not None and by.startswith("q"):
        other = next((q for q in questions if f"q{q.pk}" == by and q != chosen), None)
        if other is not None:
            table = crosstab_by_question(chosen, other)
    elif chosen is not None and by.startswith("c"):
        category = next((c for c in categories if f"c{c.pk}" == by), None)
        if category is not None:
            table = crosstab_by_category(chosen, category)
    return render(
        request,
        "surveys/crosstab.html",
        {
            "organisation": organisation,
            "survey": survey,
            "questions": questions,
            "by_questions": [(f"q{q.pk}", q.text) for q in questions],
            "by_categories": [(f"c{c.pk}", c.name) for c in categories],
            "by_channel": by == "channel",
            "chosen": chosen,
            "by": by,
            "table": table,
            "asked": bool(request.GET),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def quote_new(
    request: AuthedHttpRequest, org_slug: str, pk: int, question_pk: int
) -> HttpResponse:
    """Choose a free-text answer to publish, edited to take out personal details."""
    survey = survey_for(request, org_slug, pk, "surveys.manage_surveys")
    question = get_object_or_404(
        survey.questions.filter(kind__in=TEXT_KINDS), pk=question_pk
    )
    form = QuoteForm(
        request.POST or None, initial={"text": request.GET.get("text", "")[:1000]}
    )
    if request.method == "POST" and form.is_valid():
        Quote.objects.create(
            question=question,
            text=form.cleaned_data["text"],
            checked_by=request.user,
        )
        messages.success(request, _("Quote added to the published results."))
        return redirect(
            "surveys:text_results", org_slug=org_slug, pk=pk, question_pk=question_pk
        )
    return form_page(
        request,
        organisation=survey.activity.cycle.organisation,
        form=form,
        caption=question.text,
        title=_("Publish a quote"),
        button=_("Publish the quote"),
        cancel_url=reverse(
            "surveys:text_results",
            kwargs={"org_slug": org_slug, "pk": pk, "question_pk": question_pk},
        ),
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def quote_remove(
    request: AuthedHttpRequest, org_slug: str, pk: int, quote_pk: int
) -> HttpResponse:
    survey = survey_for(request, org_slug, pk, "surveys.manage_surveys")
    quote = get_object_or_404(
        Quote.objects.filter(question__survey=survey), pk=quote_pk
    )
    question_pk = quote.question_id
    quote.delete()
    messages.success(request, _("Quote removed."))
    return redirect(
        "surveys:text_results", org_slug=org_slug, pk=pk, question_pk=question_pk
    )
