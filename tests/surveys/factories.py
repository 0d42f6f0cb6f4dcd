from __future__ import annotations

from typing import Any

from cocommission.organisations.models import Organisation
from surveys.models import Kind, Question, Survey
from surveys.services import question_save, survey_publish
from tests.cycles.factories import ActivityFactory, CycleFactory


def make_survey(
    organisation: Organisation,
    *,
    publish: bool = True,
    questions: list[dict[str, Any]] | None = None,
    cycle: Any = None,
    **fields: Any,
) -> Survey:
    """A survey with the given questions (default: one of each common kind)."""
    cycle = cycle or CycleFactory(organisation=organisation)
    fields.setdefault("title", "How is home care?")
    survey = Survey.objects.create(activity=ActivityFactory(cycle=cycle), **fields)
    for spec in questions or [
        {
            "kind": Kind.SINGLE,
            "text": "Who are you?",
            "options": ["Carer", "User"],
            "required": True,
        },
        {
            "kind": Kind.MULTIPLE,
            "text": "What helps?",
            "options": ["Visits", "Calls", "Meals"],
            "max_choices": 2,
        },
        {"kind": Kind.AGREEMENT, "text": "I feel listened to"},
        {"kind": Kind.RATING, "text": "Rate the service"},
        {
            "kind": Kind.NUMBER,
            "text": "Hours of care a week",
            "min_value": 0,
            "max_value": 168,
        },
        {"kind": Kind.LONG_TEXT, "text": "Anything else?"},
    ]:
        question_save(question=Question(survey=survey, **spec))
    if publish:
        survey_publish(survey=survey)
    survey.refresh_from_db()
    return survey


def count_ballot_now(ballot: Any) -> None:
    """Run the ballot's waiting recounts here, as the worker would (or the job
    sweep, for one whose hand-over after commit a test never ran)."""
    from surveys.models import BallotRecount
    from surveys.tasks import count_ballot

    waiting = BallotRecount.objects.filter(ballot=ballot, status="queued")
    for pk in waiting.values_list("pk", flat=True):
        count_ballot.apply(args=[pk])
