"""A demo survey with answers: how people find the Living Well support. Idempotent."""

from __future__ import annotations

import random
import uuid
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser

from cocommission.accounts.models import User
from cycles.models import Activity
from surveys.models import Channel, Kind, Question, Survey
from surveys.services import (
    question_save,
    results_publish,
    survey_publish,
)
from surveys.submission import survey_submit_response
from surveys.translations import translation_save

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
    {
        "kind": Kind.RANKING,
        "text": "If there were more money, what should come first?",
        "options": [
            "More peer support groups",
            "Evening appointments",
            "Shorter waits after a crisis",
        ],
    },
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
        welcome="Six questions, about four minutes. Your answers are anonymous.",
        thank_you="We read every answer. The board will see the results in March.",
        target_responses=60,
        created_by=commissioner,
    )
    for spec in QUESTIONS:
        question_save(question=Question(survey=survey, **spec))
    survey_publish(survey=survey)
    questions = {q.text: q.field_name for q in survey.questions.all()}
    rng = random.Random(76)  # noqa: S311 - demo data
    # Some came on paper, by phone or at an event, typed in by the commissioner.
    channels = [Channel.PAPER] * 8 + [Channel.PHONE] * 6 + [Channel.EVENT] * 3
    for i in range(42):
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
        if rng.random() < 0.8:
            order = sorted(
                QUESTIONS[5]["options"],
                key=lambda option: rng.random() * (0.5 if "peer" in option else 1),
            )
            answers[questions[QUESTIONS[5]["text"]]] = order
        survey_submit_response(
            survey=survey,
            answers=answers,
            user=AnonymousUser(),
            submission_key=uuid.uuid4(),
            channel=channels[i] if i < len(channels) else Channel.ONLINE,
            entered_by=commissioner if i < len(channels) else None,
        )
    results_publish(survey=survey, published=True)


#: The survey in Welsh: the title, welcome and thanks, then each question's text
#: and choices in the order of QUESTIONS (None: nothing written for people to
#: read, like the agreement scale's fixed labels).
WELSH: dict[str, Any] = {
    "title": "Sut mae cymorth Living Well yn gweithio i chi?",
    "welcome": "Chwe chwestiwn, tua phedair munud. Mae eich atebion yn ddienw.",
    "thank_you": (
        "Rydym yn darllen pob ateb. Bydd y bwrdd yn gweld y canlyniadau ym mis Mawrth."
    ),
    "questions": [
        (
            "Sut ydych chi’n defnyddio gwasanaethau Living Well?",
            [
                "Rwy’n eu defnyddio fy hun",
                "Rwy’n gofalu am rywun sy’n eu defnyddio",
                "Y ddau",
            ],
        ),
        ("Rwy’n teimlo bod y bobl sy’n fy nghefnogi yn fy ngwerthfawrogi", None),
        (
            "Beth sydd wedi eich helpu fwyaf?",
            [
                "Cymorth gan gymheiriaid",
                "Help gyda gwaith neu arian",
                "Gweithiwr penodol",
                "Cymorth mewn argyfwng",
                "Grwpiau a gweithgareddau",
            ],
        ),
        ("Sut fyddech chi’n graddio’r cymorth yn gyffredinol?", None),
        ("Pa un peth ddylai newid?", None),
        (
            "Pe bai mwy o arian, beth ddylai ddod gyntaf?",
            [
                "Mwy o grwpiau cymorth gan gymheiriaid",
                "Apwyntiadau gyda’r nos",
                "Aros llai ar ôl argyfwng",
            ],
        ),
    ],
}


def seed_survey_welsh() -> None:
    """The demo survey in Welsh too, and its organisation writing in Welsh.
    Idempotent: the same text is written again."""
    survey = Survey.objects.select_related("activity__cycle__organisation").get(
        title=TITLE
    )
    organisation = survey.activity.cycle.organisation
    if organisation.content_languages != ["cy"]:
        organisation.content_languages = ["cy"]
        organisation.save(update_fields=["content_languages"])
    questions = list(survey.questions.order_by("position", "pk"))
    data = {f"survey_{field}": WELSH[field] for field in ("title", "welcome")}
    data["survey_thank_you"] = WELSH["thank_you"]
    for question, (text, options) in zip(questions, WELSH["questions"], strict=True):
        data[f"q{question.pk}_text"] = text
        for index, option in enumerate(options or []):
            data[f"q{question.pk}_options_{index}"] = option
    translation_save(survey=survey, questions=questions, lang="cy", data=data)


BALLOT_TITLE = "Living Well community fund"
OPTIONS = [
    (
        "Peer support café in Norwood",
        "Two afternoons a week, run by peer supporters.",
        38000,
    ),
    ("Evening drop-in at the recovery college", "Open until 9pm on weekdays.", 32000),
    ("Crisis café staff training", "Training for volunteers in de-escalation.", 12000),
    ("Allotment and walking group", "Weekly group with a paid coordinator.", 18000),
    ("Benefits and debt advice sessions", "A welfare adviser twice a month.", 24000),
]


def seed_ballot(commissioner: User) -> None:
    from surveys.ballots import ballot_publish, option_save, vote_cast
    from surveys.models import Ballot, BallotOption

    if Ballot.objects.filter(title=BALLOT_TITLE).exists():
        return
    activity = Activity.objects.get(title="Agreeing the Big Three outcomes")
    ballot = Ballot.objects.create(
        activity=activity,
        title=BALLOT_TITLE,
        description="£100,000 for ideas from people who use Living Well services.",
        budget=100000,
    )
    for title, description, cost in OPTIONS:
        option_save(
            option=BallotOption(
                ballot=ballot, title=title, description=description, cost=cost
            )
        )
    ballot_publish(ballot=ballot)
    options = list(ballot.options.values_list("pk", "cost"))
    rng = random.Random(2030)  # noqa: S311 - demo data
    voters = User.objects.filter(email__startswith="volunteer").order_by("email")[:30]
    for voter in voters:
        picks: list[int] = []
        total = Decimal(0)
        for pk, price in rng.sample(options, len(options)):
            if total + price <= ballot.budget and rng.random() < 0.6:
                picks.append(pk)
                total += price
        if picks:
            vote_cast(ballot=ballot, user=voter, option_ids=picks)
