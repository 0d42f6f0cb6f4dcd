"""What surveys and budget votes hold about a person, for their copy of their
data and for erasure (registered with the core from ``SurveysConfig.ready``).

Answers to anonymous surveys are not linked to anyone, so they cannot be shown
to anyone as theirs; only that the person took part is."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocommission.accounts import personal_data as pd

from .models import (
    BallotImport,
    Draft,
    Export,
    Participation,
    Quote,
    Response,
    Survey,
    UncountedResponse,
    Vote,
)


def _answer(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{row}: {answer}" for row, answer in value.items())
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return "" if value is None else str(value)


def answers_in_words(survey: Survey, answers: dict[str, Any]) -> list[str]:
    """Each question with its answer: "Question: answer" (choices in the order
    given, statements with their answers, 'Other' text after)."""
    lines = []
    for question in survey.questions.all():
        name = question.field_name
        given = _answer(answers.get(name))
        other = _answer(answers.get(f"{name}_other"))
        if other:
            given = f"{given}; {_('other')}: {other}" if given else other
        if given:
            lines.append(f"{question.text}: {given}")
    return lines


def register() -> None:
    pd.register(
        Response,
        "respondent",
        key="survey_answers",
        title=gettext_lazy("Your answers to surveys (not anonymous ones)"),
        columns=[
            ("survey", gettext_lazy("Survey"), "survey.title"),
            ("sent", gettext_lazy("Sent"), "submitted_on"),
            (
                "answers",
                gettext_lazy("Your answers"),
                lambda r: answers_in_words(r.survey, r.answers),
            ),
        ],
        # Erasure keeps the answers, unlinked, so results stay right.
        related=("survey",),
        prefetch=("survey__questions",),
        order_by=("submitted_on", "pk"),
    )
    pd.exclude(
        UncountedResponse,
        "response",
        # Part of a response: a marker that it is not counted yet, no answers.
        reason="the counting outbox: a response id only",
    )
    pd.register(
        Participation,
        "user",
        key="surveys_answered",
        title=gettext_lazy("Surveys you answered"),
        columns=[
            ("survey", gettext_lazy("Survey"), "survey.title"),
            (
                "anonymous",
                gettext_lazy("Anonymous: your answers are not linked to you"),
                "survey.is_anonymous",
            ),
        ],
        related=("survey",),
    )
    pd.register(
        Draft,
        "user",
        key="unfinished_answers",
        title=gettext_lazy("Answers you have not sent yet"),
        columns=[
            ("survey", gettext_lazy("Survey"), "survey.title"),
            ("saved", gettext_lazy("Saved"), "updated_at"),
            (
                "answers",
                gettext_lazy("Your answers so far"),
                lambda d: answers_in_words(d.survey, d.answers),
            ),
        ],
        related=("survey",),
        prefetch=("survey__questions",),
    )
    pd.register(
        Vote,
        "voter",
        key="budget_votes",
        title=gettext_lazy("How you voted on spending"),
        columns=[
            ("vote", gettext_lazy("Vote"), "ballot.title"),
            (
                "cost_of_choices",
                gettext_lazy("What your choices cost (£)"),
                "total_cost",
            ),
            ("budget", gettext_lazy("Money to spend (£)"), "budget"),
            ("when", gettext_lazy("Last changed"), "updated_at"),
        ],
        parts=[
            pd.Part(
                "choices",
                "choices",
                gettext_lazy("You chose"),
                lambda option: f"{option.title} (£{option.cost:,.2f})",
            )
        ],
        # Erasure keeps the vote, unlinked, so the result stays right.
        related=("ballot",),
    )
    pd.register(
        Survey,
        "created_by",
        key="surveys_made",
        title=gettext_lazy("Surveys you made"),
        owned=False,
        columns=[
            ("survey", gettext_lazy("Survey"), "title"),
            ("made", gettext_lazy("Made"), "created_at"),
        ],
    )
    pd.register(
        Export,
        "requested_by",
        key="survey_downloads",
        title=gettext_lazy("Survey downloads you asked for"),
        owned=False,
        columns=[
            ("survey", gettext_lazy("Survey"), "survey.title"),
            ("kind", gettext_lazy("Kind"), "get_kind_display"),
            ("when", gettext_lazy("When"), "created_at"),
        ],
        related=("survey",),
    )
    pd.register(
        BallotImport,
        "requested_by",
        key="ballot_imports",
        title=gettext_lazy("Past votes you imported"),
        owned=False,
        columns=[
            ("file", gettext_lazy("File"), "file_name"),
            ("state", gettext_lazy("State"), "get_status_display"),
            ("when", gettext_lazy("When"), "created_at"),
        ],
    )
    pd.register(
        Response,
        "entered_by",
        key="survey_answers_entered",
        title=gettext_lazy("Answers you typed in from paper, calls or events"),
        owned=False,
        columns=[
            ("survey", gettext_lazy("Survey"), "survey.title"),
            ("channel", gettext_lazy("From"), "get_channel_display"),
            ("entered", gettext_lazy("Entered on"), "submitted_on"),
        ],
        # Erasure keeps the answers (they are the respondent's), unlinked.
        related=("survey",),
        order_by=("submitted_on", "pk"),
    )
    pd.exclude(
        Quote,
        "checked_by",
        # A quote is a respondent's words with personal details taken out; the
        # team member only checked it. Their name goes with their account.
        reason="an anonymous respondent's words, checked by the team",
    )
