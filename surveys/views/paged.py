"""Answering one question per page: progress shown, a check page at the end, and
for signed-in people their answers kept so they can stop and come back."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cocommission.http import HtmxHttpRequest
from cocommission.parsing import int_or_none

from ..forms import AnswerForm, form_values, ordinal
from ..models import Draft, Kind, Question, Survey
from ..services import draft_discard, draft_save
from ..translations import label

PAGES_SESSION_KEY = "survey_pages"
KEY = "__submission_key"


def _load(request: HtmxHttpRequest, survey: Survey) -> dict[str, Any]:
    if request.user.is_authenticated:
        draft = Draft.objects.filter(survey=survey, user=request.user).first()
        return dict(draft.answers) if draft else {}
    return dict(request.session.get(PAGES_SESSION_KEY, {}).get(survey.token, {}))


def _store(request: HtmxHttpRequest, survey: Survey, answers: dict[str, Any]) -> None:
    if request.user.is_authenticated:
        draft_save(survey=survey, user=request.user, answers=answers)
        return
    pages = request.session.get(PAGES_SESSION_KEY, {})
    pages[survey.token] = answers
    request.session[PAGES_SESSION_KEY] = pages


def _forget(request: HtmxHttpRequest, survey: Survey) -> None:
    if request.user.is_authenticated:
        draft_discard(survey=survey, user=request.user)
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


@dataclass
class _Page:
    """What every step of the paged form works from."""

    request: HtmxHttpRequest
    survey: Survey
    questions: list[Question]
    areas: list[str]
    context: dict[str, Any]
    finish: Callable[[dict[str, Any], uuid.UUID], HttpResponse]
    answers: dict[str, Any]
    steps: list[Question]
    url: str

    def at(self, step: int | str, *, back: bool = False) -> str:
        """The address of one step (or "check"), keeping an embedded flow's state."""
        carry = self.context.get("carry", "")
        return f"{self.url}?step={step}{'&back=check' if back else ''}{carry}"


def _first_refused(steps: list[Question], errors: Iterable[str]) -> int:
    """The step of the first question the last check refused (0 if none matches)."""
    refused = {name.split("__")[0].removesuffix("_other") for name in errors}
    return next((i for i, q in enumerate(steps) if q.field_name in refused), 0)


def _shown(question: Question, value: Any) -> str | None:
    """A stored answer as the check page shows it."""
    if isinstance(value, dict):
        return "; ".join(
            f"{label(question, row)}: {choice}" for row, choice in value.items()
        )
    if question.kind == Kind.RANKING and value:
        return "; ".join(
            f"{ordinal(place)} {label(question, chosen)}"
            for place, chosen in enumerate(value, start=1)
        )
    if isinstance(value, list):
        return ", ".join(label(question, v) for v in value)
    return label(question, value) if isinstance(value, str) else value


def _check_rows(
    steps: list[Question], answers: dict[str, Any]
) -> list[tuple[int, Question, str | None]]:
    rows = []
    for index, question in enumerate(steps):
        shown = _shown(question, answers.get(question.field_name))
        other = answers.get(f"{question.field_name}_other")
        rows.append((index, question, f"{shown} ({other})" if other else shown))
    return rows


def _check_page(page: _Page) -> HttpResponse:
    """The check page: every answer with a link to change it, and the send button."""
    request, answers = page.request, page.answers
    if request.method != "POST":
        rows = _check_rows(page.steps, answers)
        return render(
            request,
            "surveys/answer_check.html",
            {**page.context, "rows": rows, "url": page.url},
        )
    form = AnswerForm(
        _as_post(answers, answers[KEY], page.questions),
        questions=page.questions,
        areas=page.areas,
    )
    if not form.is_valid():
        return redirect(page.at(_first_refused(page.steps, form.errors)))
    response = page.finish(form.answers(), form.cleaned_data["submission_key"])
    _forget(request, page.survey)
    return response


def _step_form(page: _Page, question: Question) -> AnswerForm:
    answers = page.answers
    data = None
    if page.request.method == "POST":
        data = page.request.POST.copy()
        data["submission_key"] = answers[KEY]
    return AnswerForm(
        data,
        questions=[question],
        areas=page.areas,
        earlier=answers,
        heading=True,
        initial={
            "submission_key": answers[KEY],
            question.field_name: answers.get(question.field_name),
            f"{question.field_name}_other": answers.get(f"{question.field_name}_other"),
            **form_values(question, answers.get(question.field_name)),
        },
    )


def _step_saved(
    page: _Page, question: Question, index: int, form: AnswerForm
) -> HttpResponse:
    """Keep one question's answer and go on to the next question that applies."""
    answers = page.answers
    for name in (question.field_name, f"{question.field_name}_other"):
        answers.pop(name, None)
    answers.update(form.answers())
    _store(page.request, page.survey, answers)
    remaining = [q for q in page.questions if _applies(q, answers)]
    position = remaining.index(question) if question in remaining else index
    if position + 1 >= len(remaining) or page.request.GET.get("back") == "check":
        return redirect(page.at("check"))
    return redirect(page.at(position + 1))


def _step_page(page: _Page, step: str) -> HttpResponse:
    """One question on its own page."""
    steps, answers = page.steps, page.answers
    index = int_or_none(step, minimum=0)
    if index is None:
        index = next(
            (i for i, q in enumerate(steps) if q.field_name not in answers), len(steps)
        )
    if index >= len(steps):
        return redirect(page.at("check"))
    question = steps[index]
    form = _step_form(page, question)
    if form.is_bound and form.is_valid():
        return _step_saved(page, question, index, form)
    return render(
        page.request,
        "surveys/answer_step.html",
        {
            **page.context,
            "form": form,
            "number": index + 1,
            "total": len(steps),
            "back_url": page.at(index - 1) if index else "",
            "saves": page.request.user.is_authenticated,
            "error_title": _("There is a problem") if form.errors else "",
        },
        status=400 if form.errors else 200,
    )


def answer_paged(
    request: HtmxHttpRequest,
    survey: Survey,
    questions: list[Question],
    areas: list[str],
    context: dict[str, Any],
    finish: Callable[[dict[str, Any], uuid.UUID], HttpResponse],
    url: str,
) -> HttpResponse:
    """One step of the paged form at ``url``; ``finish(answers, key)`` sends the
    response and gives the page that follows."""
    answers = _load(request, survey)
    answers.setdefault(KEY, str(uuid.uuid4()))
    page = _Page(
        request=request,
        survey=survey,
        questions=questions,
        areas=areas,
        context=context,
        finish=finish,
        answers=answers,
        steps=[q for q in questions if _applies(q, answers)],
        url=url,
    )
    step = request.GET.get("step", "")
    if step == "check":
        return _check_page(page)
    return _step_page(page, step)
