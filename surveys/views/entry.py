"""Entering answers from paper forms, phone calls and events: one response
after another, by keyboard, through the same store as people's own answers."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cocommission.http import AuthedHttpRequest

from ..access import survey_for
from ..codes import code_check
from ..forms.entry import ENTERED, EntryForm
from ..guesses import guess_failed, guesses_paused, paused_message
from ..models import Audience, Channel, Kind, Survey
from ..services import AlreadyAnswered, area_labels, survey_questions
from ..submission import survey_submit_response


def _store(request: AuthedHttpRequest, survey: Survey, form: EntryForm) -> bool:
    """Store the entered response; on a problem, put it next to its field."""
    digest = None
    if "code" in form.fields:
        if guesses_paused(request):
            form.add_error("code", paused_message())
            return False
        try:
            digest = code_check(survey=survey, code=form.cleaned_data["code"])
        except ValidationError as error:
            guess_failed(request)
            form.add_error("code", error)
            return False
    try:
        survey_submit_response(
            survey=survey,
            answers=form.answers(),
            user=AnonymousUser(),
            submission_key=form.cleaned_data["submission_key"],
            code_digest=digest,
            channel=form.cleaned_data["channel"],
            entered_by=request.user,
        )
    except AlreadyAnswered:
        if digest is None:
            # The same form sent twice (a double press): it is stored once.
            return True
        form.add_error("code", _("That code has already been used."))
        return False
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def entry(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """The data-entry screen: "Save and enter the next" stores the response and
    opens an empty form with the same channel."""
    survey = survey_for(request, org_slug, pk, "surveys.manage_surveys")
    organisation = survey.activity.cycle.organisation
    context: dict[str, object] = {"organisation": organisation, "survey": survey}
    if survey.audience == Audience.PANEL or not survey.is_open():
        return render(request, "surveys/entry_closed.html", context)
    questions = survey_questions(survey)
    areas = area_labels(survey) if any(q.kind == Kind.AREA for q in questions) else []
    channel = request.GET.get("channel", "")
    if channel not in dict(ENTERED):
        channel = Channel.PAPER
    form = EntryForm(
        request.POST or None,
        questions=questions,
        areas=areas,
        with_code=survey.audience == Audience.CODES,
        initial={"submission_key": uuid.uuid4(), "channel": channel},
    )
    if request.method == "POST" and form.is_valid() and _store(request, survey, form):
        chosen = form.cleaned_data["channel"]
        messages.success(
            request,
            _("Response saved (%(channel)s).")
            % {"channel": Channel(chosen).label.lower()},
        )
        if request.POST.get("then") == "finish":
            return redirect(survey.get_absolute_url())
        url = reverse("surveys:entry", kwargs={"org_slug": org_slug, "pk": pk})
        return redirect(f"{url}?channel={chosen}")
    return render(
        request,
        "surveys/entry.html",
        {**context, "form": form},
        status=400 if form.errors else 200,
    )
