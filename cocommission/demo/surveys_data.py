"""A demo survey with answers: how people find the Living Well support. Idempotent."""

from __future__ import annotations

import random
import uuid
from typing import Any

from django.contrib.auth.models import AnonymousUser

from cocommission.accounts.models import User
from cycles.models import Activity
from surveys.models import Kind, Question, Survey
from surveys.services import (
    question_save,
    results_publish,
    survey_publish,
    survey_submit_response,
)

TITLE = "How is the Living Well support working for you?"

QUESTIONS: list[dict[str, Any]] = [
    {
        "kind": Kind.SINGLE,
        "text": "How do you use Living Well services?",
        "options": ["I use them myself", "I care for someone who does", "Both"],
        "required": True,
    },
    {
        "kind": Kind.AGREEMENT,
        "text": "I feel valued by the people who support me",
        "required": True,
    },
    {
        "kind": Kind.MULTIPLE,
        "text": "What has helped you most?",
        "options": [
            "Peer support",
            "Help with work or money",
            "A named worker",
            "Crisis support",
            "Groups and activities",
        ],
        "max_choices": 2,
    },
    {"kind": Kind.RATING, "text": "How would you rate the support overall?"},
    {"kind": Kind.LONG_TEXT, "text": "What one thing should change?"},
]

CHANGES = [
    "Evening appointments would help me keep my job.",
    "More peer support groups in Norwood.",
    "Shorter waits to see someone after a crisis.",
    "Tell us sooner when a worker leaves.",
]


def seed_survey(commissioner: User) -> None:
    if Survey.objects.filter(title=TITLE).exists():
        return
    activity = Activity.objects.get(
        title="Peer support groups in the Living Well Network"
    )
    survey = Survey.objects.create(
        activity=activity,
        title=TITLE,
        welcome="Five questions, about three minutes. Your answers are anonymous.",
        thank_you="We read every answer. The board will see the results in March.",
        target_responses=60,
        created_by=commissioner,
    )
    for spec in QUESTIONS:
        question_save(question=Question(survey=survey, **spec))
    survey_publish(survey=survey)
    questions = {q.text: q.field_name for q in survey.questions.all()}
    rng = random.Random(76)  # noqa: S311 - demo data
    for _i in range(42):
        answers: dict[str, object] = {
            questions[QUESTIONS[0]["text"]]: rng.choices(
                QUESTIONS[0]["options"], weights=[6, 3, 1]
            )[0],
            questions[QUESTIONS[1]["text"]]: rng.choices(
                [
                    "Strongly disagree",
                    "Disagree",
                    "Neither agree nor disagree",
                    "Agree",
                    "Strongly agree",
                ],
                weights=[1, 2, 3, 9, 6],
            )[0],
            questions[QUESTIONS[2]["text"]]: rng.sample(QUESTIONS[2]["options"], k=2),
            questions[QUESTIONS[3]["text"]]: str(
                rng.choices(range(1, 6), [1, 1, 3, 5, 3])[0]
            ),
        }
        if rng.random() < 0.3:
            answers[questions[QUESTIONS[4]["text"]]] = rng.choice(CHANGES)
        survey_submit_response(
            survey=survey,
            answers=answers,
            user=AnonymousUser(),
            submission_key=uuid.uuid4(),
        )
    results_publish(survey=survey, published=True)
