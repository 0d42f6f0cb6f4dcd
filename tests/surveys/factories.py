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


#: A ballot's options: (title, description, cost); the second has no description.
BALLOT_OPTIONS = [
    ("Garden", "Raised beds by the library", 40),
    ("Mural", "", 30),
    ("Youth club", "Two evenings a week", 50),
]


def make_ballot(
    organisation: Any,
    *,
    publish: bool = True,
    eligibility: str = "codes",
    **fields: Any,
) -> Any:
    """A participatory budgeting ballot of £100 with three options."""
    from decimal import Decimal

    from surveys.ballots import ballot_publish, option_save
    from surveys.models import Ballot, BallotOption

    fields.setdefault("title", "Community chest")
    fields.setdefault("description", "Money for ideas from the village")
    ballot = Ballot.objects.create(
        activity=ActivityFactory(cycle=CycleFactory(organisation=organisation)),
        budget=Decimal("100"),
        eligibility=eligibility,
        **fields,
    )
    for title, description, cost in BALLOT_OPTIONS:
        option_save(
            option=BallotOption(
                ballot=ballot, title=title, description=description, cost=cost
            )
        )
    if publish:
        ballot_publish(ballot=ballot)
    return ballot
