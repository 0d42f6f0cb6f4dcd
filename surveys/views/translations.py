"""The team writes a survey in the organisation's other languages, and sees
what is still missing in each."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cocommission.http import AuthedHttpRequest
from cocommission.languages import direction, language_name, local_name

from ..access import survey_for
from ..forms.translation import TranslationForm
from ..services import survey_questions
from ..translations import gaps, items, translation_save, translations


@login_required
@require_safe
def translation_gaps(
    request: AuthedHttpRequest, org_slug: str, pk: int
) -> HttpResponse:
    """Each of the organisation's languages, whether every survey needs it, and
    which pieces of this survey are not written in it yet."""
    survey = survey_for(request, org_slug, pk)
    organisation = survey.activity.cycle.organisation
    questions = survey_questions(survey)
    required = organisation.languages_required
    languages = [
        {
            "code": lang,
            "name": language_name(lang),
            "local_name": local_name(lang),
            "dir": direction(lang),
            "required": lang in required,
            "missing": lacking,
            "url": reverse(
                "surveys:translation_edit",
                kwargs={"org_slug": org_slug, "pk": pk, "lang": lang},
            ),
        }
        for lang, lacking in gaps(survey, questions).items()
    ]
    return render(
        request,
        "surveys/translation_gaps.html",
        {
            "survey": survey,
            "organisation": organisation,
            "languages": languages,
            "total": len(items(survey, questions)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def translation_edit(
    request: AuthedHttpRequest, org_slug: str, pk: int, lang: str
) -> HttpResponse:
    """The survey's text in one language, beside its English."""
    survey = survey_for(request, org_slug, pk, "surveys.manage_surveys")
    organisation = survey.activity.cycle.organisation
    if lang not in organisation.languages[1:]:
        raise Http404
    questions = survey_questions(survey)
    form = TranslationForm(
        request.POST or None,
        items=items(survey, questions),
        lang=lang,
        initial=translations(survey, questions, lang),
    )
    if request.method == "POST" and form.is_valid():
        translation_save(
            survey=survey, questions=questions, lang=lang, data=form.cleaned_data
        )
        messages.success(
            request, _("The %(language)s is saved.") % {"language": language_name(lang)}
        )
        return redirect("surveys:translations", org_slug=org_slug, pk=pk)
    tabs = [
        {
            "code": code,
            "name": language_name(code),
            "current": code == lang,
            "url": reverse(
                "surveys:translation_edit",
                kwargs={"org_slug": org_slug, "pk": pk, "lang": code},
            ),
        }
        for code in organisation.languages[1:]
    ]
    return render(
        request,
        "surveys/translation_edit.html",
        {
            "survey": survey,
            "organisation": organisation,
            "form": form,
            "language": language_name(lang),
            "tabs": tabs,
            "back_url": reverse(
                "surveys:translations", kwargs={"org_slug": org_slug, "pk": pk}
            ),
        },
        status=400 if form.errors else 200,
    )
