"""Answering a survey: works without JavaScript and without an account."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cocommission.http import HtmxHttpRequest, client_ip
from cocommission.languages import direction, local_name

from ..answer_cache import answer_data
from ..codes import code_check
from ..embed import EMBED_LAYOUT, embed_view, state_query
from ..forms.answer import AnswerForm
from ..forms.codes import CodeForm
from ..guesses import guess_failed, guesses_paused, paused_message
from ..links import code_from_query
from ..models import Audience, Kind, Layout, Question, Survey
from ..services import (
    AlreadyAnswered,
    area_labels,
    has_answered,
    may_answer,
    survey_questions,
)
from ..submission import survey_submit_response
from ..translations import chosen_language, questions_in_kept, survey_in
from .paged import answer_paged

#: A signed cookie listing the surveys this browser has answered, so a visitor
#: without an account sees "already answered" without a session being stored.
ANSWERED_COOKIE = "surveys_answered"
ANSWERED_SALT = "surveys.answered"


def _answered_tokens(request: HtmxHttpRequest) -> list[str]:
    value = request.get_signed_cookie(ANSWERED_COOKIE, default="", salt=ANSWERED_SALT)
    return [t for t in (value or "").split(",") if t]


CODES_SESSION_KEY = "survey_codes"


@dataclass(frozen=True)
class Flow:
    """Where the answering pages lead: on the site, or inside a frame."""

    answer: str = "survey_answer"
    thanks: str = "survey_thanks"
    embedded: bool = False

    def context(self, request: HtmxHttpRequest, survey: Survey) -> dict[str, object]:
        if not self.embedded:
            return {}
        return {
            "layout": EMBED_LAYOUT,
            "embedded": True,
            "site_url": reverse("survey_answer", kwargs={"token": survey.token}),
            "carry": state_query(request),
        }


ON_SITE = Flow()
IN_FRAME = Flow("embed:survey_answer", "embed:survey_thanks", embedded=True)


def _ask_for_code(
    request: HtmxHttpRequest, survey: Survey, context: dict[str, object], flow: Flow
) -> HttpResponse:
    """For code surveys: the code first, checked, then the questions."""
    form = CodeForm(
        request.POST if request.POST.get("form") == "code" else None,
        initial={"code": code_from_query(request.GET.get("code", ""))},
    )
    if form.is_bound and guesses_paused(request):
        form.is_valid()
        form.add_error("code", paused_message())
        return render(
            request, "surveys/answer_code.html", {**context, "form": form}, status=429
        )
    if form.is_bound and form.is_valid():
        try:
            digest = code_check(survey=survey, code=form.cleaned_data["code"])
        except ValidationError as error:
            guess_failed(request)
            form.add_error("code", error)
        else:
            codes = (
                request.session.get(CODES_SESSION_KEY, {})
                if survey.audience == Audience.CODES
                else {}
            )
            codes[survey.token] = digest
            request.session[CODES_SESSION_KEY] = codes
            return redirect(flow.answer, token=survey.token)
    return render(
        request,
        "surveys/answer_code.html",
        {**context, "form": form},
        status=400 if form.errors else 200,
    )


def _survey(token: str) -> Survey:
    """The survey with its organisation's name: only the columns these pages use,
    as this runs on every submission."""
    return get_object_or_404(
        Survey.objects.select_related("activity__cycle__organisation").only(
            *ANSWER_FIELDS,
            "activity__cycle__organisation__name",
            "activity__cycle__organisation__slug",
            "activity__cycle__organisation__content_languages",
        ),
        token=token,
        published_at__isnull=False,
    )


#: The survey's own columns the answering pages use.
ANSWER_FIELDS = (
    "title",
    "welcome",
    "thank_you",
    "audience",
    "panel_id",
    "is_anonymous",
    "layout",
    "opens_at",
    "closes_at",
    "published_at",
    "closed_at",
    "token",
    "i18n",
)


def _load(token: str) -> tuple[Survey, list[Question]]:
    survey = _survey(token)
    return survey, survey_questions(survey)


@require_http_methods(["GET", "POST"])
def survey_answer(request: HtmxHttpRequest, token: str) -> HttpResponse:
    return _answer(request, token, ON_SITE)


@embed_view
@require_http_methods(["GET", "POST"])
def embed_survey_answer(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """The survey inside a frame on the organisation's own site."""
    return _answer(request, token, IN_FRAME)


def in_language(
    request: HtmxHttpRequest, survey: Survey, questions: list[Question]
) -> tuple[Survey, list[Question], str, dict[str, object]]:
    """The survey and questions in the language chosen (``?lang=``, else the
    page's language, else English), that language, and the page's links to the
    other languages the survey is in."""
    lang, offered = chosen_language(
        request.GET.get("lang", ""), get_language() or "", survey, questions
    )
    links = [
        {
            "code": code,
            "name": local_name(code),
            "dir": direction(code),
            "url": f"?{urlencode({'lang': code})}",
            "current": code == lang,
        }
        for code in offered
    ]
    context: dict[str, object] = {
        "content_language": lang,
        "content_languages": links if len(links) > 1 else [],
        "lang_query": f"?{urlencode({'lang': lang})}" if len(links) > 1 else "",
    }
    return (
        survey_in(survey, lang),
        questions_in_kept(questions, lang, survey.activity.cycle.organisation),
        lang,
        context,
    )


def _answer(request: HtmxHttpRequest, token: str, flow: Flow) -> HttpResponse:
    survey, questions = answer_data(token, _load)
    organisation = survey.activity.cycle.organisation
    request.embed_organisation = organisation  # type: ignore[attr-defined]
    survey, questions, _lang, languages = in_language(request, survey, questions)
    context: dict[str, object] = {
        "survey": survey,
        "organisation": organisation,
        **languages,
        **flow.context(request, survey),
    }
    if not survey.is_open():
        return render(request, "surveys/answer_closed.html", context)
    if not may_answer(survey, request.user):
        return render(request, "surveys/answer_not_for_you.html", context, status=403)
    answered = not flow.embedded and token in _answered_tokens(request)
    if answered or has_answered(survey, request.user):
        return render(request, "surveys/answer_done.html", context)
    codes = request.session.get(CODES_SESSION_KEY, {})
    if survey.audience == Audience.CODES and token not in codes:
        return _ask_for_code(request, survey, context, flow)
    areas = area_labels(survey) if any(q.kind == Kind.AREA for q in questions) else []

    def finish(answers: dict[str, object], key: uuid.UUID) -> HttpResponse:
        try:
            survey_submit_response(
                survey=survey,
                answers=answers,
                user=request.user,
                submission_key=key,
                address=client_ip(request),
                code_digest=codes.get(token),
            )
        except AlreadyAnswered:
            return render(request, "surveys/answer_done.html", context)
        if token in codes:
            codes.pop(token)
            request.session[CODES_SESSION_KEY] = codes
        response = redirect(
            reverse(flow.thanks, kwargs={"token": token}) + str(languages["lang_query"])
        )
        if flow.embedded:
            return response
        response.set_signed_cookie(
            ANSWERED_COOKIE,
            ",".join([*_answered_tokens(request)[-29:], token]),
            salt=ANSWERED_SALT,
            max_age=60 * 60 * 24 * 365,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
        return response

    if survey.layout == Layout.ONE_PER_PAGE:
        url = reverse(flow.answer, kwargs={"token": token})
        if languages["lang_query"]:
            # Every step's address carries the language chosen.
            lang_carry = "&" + str(languages["lang_query"])[1:]
            context["carry"] = f"{context.get('carry', '')}{lang_carry}"
        return answer_paged(request, survey, questions, areas, context, finish, url)
    form = AnswerForm(
        request.POST or None,
        questions=questions,
        areas=areas,
        initial={"submission_key": uuid.uuid4()},
    )
    if request.method == "POST" and form.is_valid():
        if form.is_bot:
            return redirect(flow.thanks, token=token)
        return finish(form.answers(), form.cleaned_data["submission_key"])
    if request.method == "POST" and not form.is_valid():
        context["error_title"] = _("There is a problem")
    return render(
        request,
        "surveys/answer.html",
        {**context, "form": form, "preview": False},
        status=400 if form.errors else 200,
    )


@require_safe
def survey_thanks(request: HtmxHttpRequest, token: str) -> HttpResponse:
    return _thanks(request, token, ON_SITE)


@embed_view
@require_safe
def embed_survey_thanks(request: HtmxHttpRequest, token: str) -> HttpResponse:
    return _thanks(request, token, IN_FRAME)


def _thanks(request: HtmxHttpRequest, token: str, flow: Flow) -> HttpResponse:
    survey, questions = answer_data(token, _load)
    organisation = survey.activity.cycle.organisation
    request.embed_organisation = organisation  # type: ignore[attr-defined]
    survey, _questions, _lang, languages = in_language(request, survey, questions)
    return render(
        request,
        "surveys/answer_thanks.html",
        {
            "survey": survey,
            "organisation": organisation,
            **languages,
            **flow.context(request, survey),
        },
    )
