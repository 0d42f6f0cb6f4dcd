"""Building a survey: settings, questions, preview, opening and closing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from cocommission.forms import add_service_errors, form_page
from cocommission.http import AuthedHttpRequest, HtmxHttpRequest
from cocommission.organisations.access import organisation_for

from ..access import survey_for
from ..forms.answer import AnswerForm
from ..forms.survey import QuestionForm, SurveyForm
from ..models import Question, Survey
from ..services import (
    area_labels,
    question_delete,
    question_duplicate,
    question_move,
    question_save,
    survey_close,
    survey_new_version,
    survey_publish,
    survey_reopen,
    survey_save,
)
from .answer import in_language
from .common import chosen_activity

SURVEYS_PER_PAGE = 25


@login_required
@require_safe
def survey_list(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "surveys.view_surveys")
    query = request.GET.get("q", "").strip()
    surveys = (
        Survey.objects.of_organisation(organisation)
        .with_response_count()
        .select_related("activity__cycle__organisation")
    )
    if query:
        surveys = surveys.filter(
            Q(title__icontains=query) | Q(activity__cycle__title__icontains=query)
        )
    page = Paginator(surveys, SURVEYS_PER_PAGE).get_page(request.GET.get("page"))
    template = "surveys/survey_list.html"
    if request.htmx:
        template += "#survey-results"
    return render(
        request,
        template,
        {"organisation": organisation, "page": page, "query": query},
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_edit(
    request: AuthedHttpRequest, org_slug: str, pk: int | None = None
) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "surveys.manage_surveys")
    if pk:
        survey = survey_for(request, org_slug, pk, "surveys.manage_surveys")
    else:
        activity = chosen_activity(request, organisation)
        if isinstance(activity, HttpResponse):
            return activity
        survey = Survey(activity=activity)
    form = SurveyForm(request.POST or None, instance=survey, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            survey = survey_save(survey=form.save(commit=False), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Survey saved."))
            return redirect(survey)
    return render(
        request,
        "surveys/survey_edit.html",
        {
            "organisation": organisation,
            "survey": survey,
            "form": form,
            "title": _("Survey settings") if pk else _("New survey"),
        },
        status=400 if form.errors else 200,
    )


def _builder(
    request: HtmxHttpRequest,
    survey: Survey,
    status: int = 200,
    focus: int | None = None,
    announce: str = "",
) -> HttpResponse:
    """The survey page, or for htmx its question list; ``focus`` is the question
    whose heading takes focus after the swap and ``announce`` what is read out."""
    template = "surveys/survey_detail.html"
    if request.htmx:
        template += "#question-list"
    questions = list(
        survey.questions.select_related("show_if_question").order_by("position", "pk")
    )
    return render(
        request,
        template,
        {
            "organisation": survey.activity.cycle.organisation,
            "survey": survey,
            "questions": questions,
            "focus": focus,
            "announce": announce,
            "can_manage": request.user.has_perm(
                "surveys.manage_surveys", survey.activity.cycle.organisation
            ),
            "answer_url": request.build_absolute_uri(survey.get_answer_url()),
        },
        status=status,
    )


@login_required
@require_safe
def survey_detail(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    return _builder(request, survey_for(request, org_slug, pk))


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(
    request: AuthedHttpRequest, org_slug: str, pk: int, question_pk: int | None = None
) -> HttpResponse:
    survey = survey_for(request, org_slug, pk, "surveys.manage_surveys")
    question = (
        get_object_or_404(survey.questions.all(), pk=question_pk)
        if question_pk
        else Question(survey=survey)
    )
    form = QuestionForm(request.POST or None, instance=question, survey=survey)
    if request.method == "POST" and form.is_valid():
        try:
            question_save(question=form.save(commit=False))
        except ValidationError as error:
            add_service_errors(form, error, aliases={"options": "options_text"})
        else:
            messages.success(request, _("Question saved."))
            return redirect(survey)
    return form_page(
        request,
        organisation=survey.activity.cycle.organisation,
        form=form,
        caption=survey.title,
        title=_("Change the question") if question_pk else _("Add a question"),
        button=_("Save question"),
        cancel_url=survey.get_absolute_url(),
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_remove(
    request: AuthedHttpRequest, org_slug: str, pk: int, question_pk: int
) -> HttpResponse:
    survey = survey_for(request, org_slug, pk, "surveys.manage_surveys")
    question = get_object_or_404(survey.questions.all(), pk=question_pk)
    error = ""
    if request.method == "POST":
        try:
            question_delete(question=question)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(request, _("Question removed."))
            return redirect(survey)
    return render(
        request,
        "surveys/question_remove.html",
        {
            "organisation": survey.activity.cycle.organisation,
            "survey": survey,
            "question": question,
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
@require_POST
def question_action(
    request: AuthedHttpRequest, org_slug: str, pk: int, question_pk: int
) -> HttpResponse:
    """Move a question up or down, or duplicate it; HTMX swaps the list in place."""
    survey = survey_for(request, org_slug, pk, "surveys.manage_surveys")
    question = get_object_or_404(survey.questions.all(), pk=question_pk)
    action = request.POST.get("action")
    focus: int | None = question.pk
    try:
        if action in {"up", "down"}:
            question_move(question=question, up=action == "up")
            done = (
                _("Moved up: “%(text)s”.")
                if action == "up"
                else _("Moved down: “%(text)s”.")
            )
        elif action == "duplicate":
            focus = question_duplicate(question=question).pk
            done = _("Duplicated: “%(text)s”. The copy is last in the list.")
        else:
            done = ""
    except ValidationError as error:
        if request.htmx:
            # 200, so that htmx swaps the list in and the reason is read out.
            return _builder(
                request, survey, focus=focus, announce=" ".join(error.messages)
            )
        messages.error(request, " ".join(error.messages))
        return redirect(survey)
    if request.htmx:
        announce = done % {"text": question.text} if done else ""
        return _builder(request, survey, focus=focus, announce=announce)
    return redirect(survey)


@login_required
@require_POST
def survey_state(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """Open, close or reopen the survey."""
    survey = survey_for(request, org_slug, pk, "surveys.manage_surveys")
    action = request.POST.get("action")
    try:
        if action == "publish":
            survey_publish(survey=survey)
            messages.success(request, _("The survey is published."))
        elif action == "close":
            survey_close(survey=survey)
            messages.success(request, _("The survey is closed."))
        elif action == "reopen":
            survey_reopen(survey=survey)
            messages.success(request, _("The survey is open again."))
        elif action == "new_version":
            copy = survey_new_version(survey=survey, by=request.user)
            messages.success(
                request,
                _(
                    "This is a draft copy. Change it, then publish it and close "
                    "the old one."
                ),
            )
            return redirect(copy)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(survey)


@login_required
@require_safe
def survey_preview(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """The form as citizens will see it; nothing can be sent from here."""
    survey = survey_for(request, org_slug, pk)
    questions = list(survey.questions.select_related("show_if_question"))
    survey, questions, _lang, languages = in_language(request, survey, questions)
    form = AnswerForm(questions=questions, areas=area_labels(survey))
    return render(
        request,
        "surveys/answer.html",
        {
            **languages,
            "survey": survey,
            "organisation": survey.activity.cycle.organisation,
            "form": form,
            "preview": True,
            "back_url": reverse(
                "surveys:detail", kwargs={"org_slug": org_slug, "pk": pk}
            ),
        },
    )
