"""Answering one question per page: progress shown, a check page at the end, and
for signed-in people their answers kept so they can stop and come back."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cocommission.http import HtmxHttpRequest
from cocommission.parsing import int_or_none

from ..forms import AnswerForm, form_values, ordinal
from ..models import Draft, Kind, Question, Survey

PAGES_SESSION_KEY = "survey_pages"
KEY = "__submission_key"


def _load(request: HtmxHttpRequest, survey: Survey) -> dict[str, Any]:
    if request.user.is_authenticated:
        draft = Draft.objects.filter(survey=survey, user=request.user).first()
        return dict(draft.answers) if draft else {}
    return dict(request.session.get(PAGES_SESSION_KEY, {}).get(survey.token, {}))


def _store(request: HtmxHttpRequest, survey: Survey, answers: dict[str, Any]) -> None:
    if request.user.is_authenticated:
        Draft.objects.update_or_create(
            survey=survey, user=request.user, defaults={"answers": answers}
        )
        return
    pages = request.session.get(PAGES_SESSION_KEY, {})
    pages[survey.token] = answers
    request.session[PAGES_SESSION_KEY] = pages


def _forget(request: HtmxHttpRequest, survey: Survey) -> None:
    if request.user.is_authenticated:
        Draft.objects.filter(survey=survey, user=request.user).delete()
    else:
        pages = request.session.get(PAGES_SESSION_KEY, {})
        pages.pop(survey.token, None)
        request.session[PAGES_SESSION_KEY] = pages


def _applies(question: Question, answers: dict[str, Any]) -> bool:
    earlier = question.show_if_question
    if earlier is None:
        return True
    given = answers.get(earlier.field_name)
    if isinstance(given, list):
        return question.show_if_answer in given
    return given == question.show_if_answer


def _as_post(answers: dict[str, Any], key: str, questions: list[Question]) -> QueryDict:
    """Stored answers back into form data, for a last check of the whole form."""
    data = QueryDict(mutable=True)
    data["submission_key"] = key
    by_name = {q.field_name: q for q in questions}
    for name, value in answers.items():
        question = by_name.get(name)
        fields = form_values(question, value) if question else {name: value}
        for field, given in fields.items():
            if isinstance(given, list):
                data.setlist(field, given)
            else:
                data[field] = given
    data.pop(KEY, None)
    return data


def answer_paged(
    request: HtmxHttpRequest,
    survey: Survey,
    questions: list[Question],
    areas: list[str],
    context: dict[str, Any],
    finish: Callable[[dict[str, Any], uuid.UUID], HttpResponse],
) -> HttpResponse:
    """One step of the paged form; ``finish(answers, key)`` sends the response
    and gives the page that follows."""
    answers = _load(request, survey)
    answers.setdefault(KEY, str(uuid.uuid4()))
    steps = [q for q in questions if _applies(q, answers)]
    url = reverse("survey_answer", kwargs={"token": survey.token})
    step = request.GET.get("step", "")
    if step == "check":
        if request.method == "POST":
            form = AnswerForm(
                _as_post(answers, answers[KEY], questions),
                questions=questions,
                areas=areas,
            )
            if not form.is_valid():
                first = next(
                    (
                        i
                        for i, q in enumerate(steps)
                        if any(
                            name.split("__")[0].removesuffix("_other") == q.field_name
                            for name in form.errors
                        )
                    ),
                    0,
                )
                return redirect(f"{url}?step={first}")
            response = finish(form.answers(), form.cleaned_data["submission_key"])
            _forget(request, survey)
            return response
        rows = []
        for index, question in enumerate(steps):
            value = answers.get(question.field_name)
            shown: str | None
            if isinstance(value, dict):
                shown = "; ".join(f"{row}: {choice}" for row, choice in value.items())
            elif question.kind == Kind.RANKING and value:
                shown = "; ".join(
                    f"{ordinal(place)} {label}"
                    for place, label in enumerate(value, start=1)
                )
            else:
                shown = ", ".join(value) if isinstance(value, list) else value
            other = answers.get(f"{question.field_name}_other")
            rows.append((index, question, f"{shown} ({other})" if other else shown))
        return render(
            request, "surveys/answer_check.html", {**context, "rows": rows, "url": url}
        )
    asked = int_or_none(step, minimum=0)
    index = (
        asked
        if asked is not None
        else next(
            (i for i, q in enumerate(steps) if q.field_name not in answers), len(steps)
        )
    )
    if index >= len(steps):
        return redirect(f"{url}?step=check")
    question = steps[index]
    data = None
    if request.method == "POST":
        data = request.POST.copy()
        data["submission_key"] = answers[KEY]
    form = AnswerForm(
        data,
        questions=[question],
        areas=areas,
        earlier=answers,
        heading=True,
        initial={
            "submission_key": answers[KEY],
            question.field_name: answers.get(question.field_name),
            f"{question.field_name}_other": answers.get(f"{question.field_name}_other"),
            **form_values(question, answers.get(question.field_name)),
        },
    )
    if data is not None and form.is_valid():
        for name in (question.field_name, f"{question.field_name}_other"):
            answers.pop(name, None)
        answers.update(form.answers())
        _store(request, survey, answers)
        remaining = [q for q in questions if _applies(q, answers)]
        position = remaining.index(question) if question in remaining else index
        if position + 1 >= len(remaining) or request.GET.get("back") == "check":
            return redirect(f"{url}?step=check")
        return redirect(f"{url}?step={position + 1}")
    return render(
        request,
        "surveys/answer_step.html",
        {
            **context,
            "form": form,
            "number": index + 1,
            "total": len(steps),
            "back_url": f"{url}?step={index - 1}" if index else "",
            "saves": request.user.is_authenticated,
            "error_title": _("There is a problem") if form.errors else "",
        },
        status=400 if form.errors else 200,
    )
