"""Building, answering and counting surveys."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from surveys.counting import count_all_waiting
from surveys.models import Kind, Participation, Question, Response, Survey, Tally
from surveys.results import survey_results
from surveys.services import (
    AlreadyAnswered,
    question_save,
    survey_close,
)
from surveys.submission import survey_submit_response
from tests.accounts.factories import UserFactory
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db

ANSWERS = {
    "Who are you?": "Carer",
    "What helps?": ["Visits", "Meals"],
    "I feel listened to": "Agree",
    "Rate the service": "4",
    "Hours of care a week": "10.5",
    "Anything else?": "More evening visits",
}


def _carers() -> int:
    """The Carer count, summed over the tally's shards, once every waiting
    response is counted."""
    from django.db.models import Sum

    count_all_waiting()
    return Tally.objects.filter(question__text="Who are you?", key="Carer").aggregate(
        n=Sum("count")
    )["n"]


def _answers(survey: Survey, **overrides: object) -> dict[str, object]:
    by_text = {q.text: q.field_name for q in survey.questions.all()}
    return {by_text[text]: value for text, value in {**ANSWERS, **overrides}.items()}


def _submit(survey: Survey, user: object = None, **overrides: object) -> Response:
    from django.contrib.auth.models import AnonymousUser

    return survey_submit_response(
        survey=survey,
        answers=_answers(survey, **overrides),
        user=user or AnonymousUser(),
        submission_key=uuid.uuid4(),
    )


def test_tallies_follow_every_response(organisation: Organisation) -> None:
    """Each response moves the counts at once; results read only the tallies."""
    survey = make_survey(organisation)
    _submit(survey)
    _submit(
        survey,
        **{
            "Who are you?": "User",
            "Rate the service": "2",
            "Hours of care a week": "4.5",
        },
    )
    # The arithmetic, exactly (the pages then apply the disclosure rule).
    results = {r.question.text: r for r in survey_results(survey, exact=True)}
    who = {row.label: row.count for row in results["Who are you?"].rows}
    assert who == {"Carer": 1, "User": 1}
    helps = {row.label: row.count for row in results["What helps?"].rows}
    assert helps == {"Visits": 2, "Calls": 0, "Meals": 2}
    assert results["Rate the service"].mean == Decimal("3.0")
    assert results["Hours of care a week"].mean == Decimal("7.50")
    survey.refresh_from_db()
    assert survey.response_count == 2


def test_results_cost_the_same_at_any_size(
    organisation: Organisation, django_assert_num_queries: object
) -> None:
    """The same queries for the results, however many people answered or are
    waiting to be counted."""
    survey = make_survey(organisation)
    _submit(survey)
    # One batch of waiting responses is counted first, at a fixed cost.
    with django_assert_num_queries(11):  # type: ignore[operator]
        survey_results(survey)
    with django_assert_num_queries(7):  # type: ignore[operator]
        survey_results(survey)
    for _i in range(10):
        _submit(survey)
    with django_assert_num_queries(11):  # type: ignore[operator]
        survey_results(survey)
    with django_assert_num_queries(7):  # type: ignore[operator]
        survey_results(survey)


def test_published_results_hide_small_groups(organisation: Organisation) -> None:
    """In public, a count under five reads "fewer than 5" and has no percentage;
    and as the seven who answered are shown, the six carers are hidden too, or
    a reader would work out that exactly one person is a user."""
    survey = make_survey(organisation)
    for _i in range(6):
        _submit(survey)
    _submit(survey, **{"Who are you?": "User"})
    who = next(
        r
        for r in survey_results(survey, public=True)
        if r.question.text == "Who are you?"
    )
    rows = {row.label: (row.count_shown, row.percent) for row in who.rows}
    assert rows == {"Carer": ("hidden", None), "User": ("fewer than 5", None)}


def test_one_response_per_signed_in_person(organisation: Organisation) -> None:
    """A second submission by the same person is refused and counts nothing."""
    survey = make_survey(organisation)
    person = UserFactory()
    _submit(survey, user=person)
    with pytest.raises(AlreadyAnswered):
        _submit(survey, user=person)
    assert Response.objects.count() == 1
    assert _carers() == 1


def test_the_same_form_sent_twice_counts_once(organisation: Organisation) -> None:
    """A double click or a retry carries the same submission key: one response."""
    from django.contrib.auth.models import AnonymousUser

    survey = make_survey(organisation)
    key = uuid.uuid4()
    kwargs = {
        "survey": survey,
        "answers": _answers(survey),
        "user": AnonymousUser(),
        "submission_key": key,
    }
    survey_submit_response(**kwargs)  # type: ignore[arg-type]
    with pytest.raises(AlreadyAnswered):
        survey_submit_response(**kwargs)  # type: ignore[arg-type]
    survey.refresh_from_db()
    assert survey.response_count == 1


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_submissions_store_one(organisation: Organisation) -> None:
    """Twenty requests racing with one person's form store exactly one response."""
    survey = make_survey(organisation)
    person = UserFactory()
    key = uuid.uuid4()

    def send(_i: int) -> str:
        try:
            survey_submit_response(
                survey=survey, answers=_answers(survey), user=person, submission_key=key
            )
            return "stored"
        except AlreadyAnswered:
            return "already"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=10) as pool:
        outcomes = list(pool.map(send, range(20)))
    assert outcomes.count("stored") == 1
    assert Response.objects.count() == 1
    assert _carers() == 1


@pytest.mark.django_db(transaction=True)
def test_racing_anonymous_submissions_count_exactly(
    organisation: Organisation,
) -> None:
    """Without an account the response is stored and counted in one statement:
    twenty copies of one form store one response; forty different forms sent
    in parallel are all counted, with no tally lost and no deadlock."""
    from django.contrib.auth.models import AnonymousUser

    survey = make_survey(organisation)
    key = uuid.uuid4()

    def send(submission_key: uuid.UUID) -> str:
        try:
            survey_submit_response(
                survey=survey,
                answers=_answers(survey),
                user=AnonymousUser(),
                submission_key=submission_key,
            )
            return "stored"
        except AlreadyAnswered:
            return "already"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=10) as pool:
        copies = list(pool.map(send, [key] * 20))
        different = list(pool.map(send, [uuid.uuid4() for _i in range(40)]))
    assert copies.count("stored") == 1
    assert different.count("stored") == 40
    assert Response.objects.count() == 41
    assert _carers() == 41
    survey.refresh_from_db()
    assert survey.response_count == 41


def test_anonymous_responses_lead_to_nobody(organisation: Organisation) -> None:
    """An anonymous response holds no user, no exact time and a random key; the
    record that the person answered holds no link to what they said."""
    survey = make_survey(organisation, is_anonymous=True)
    person = UserFactory()
    response = _submit(survey, user=person)
    assert response.respondent_id is None
    assert isinstance(response.pk, uuid.UUID)
    assert not hasattr(response, "submitted_at")
    participation_fields = {f.name for f in Participation._meta.get_fields()}
    assert participation_fields == {"id", "survey", "user"}
    response_fields = {f.name for f in Response._meta.get_fields()}
    assert not response_fields & {"user", "participation", "created_at", "submitted_at"}
    user_links = [
        f.name
        for f in Response._meta.concrete_fields
        if getattr(f, "related_model", None) is User
    ]
    # ``entered_by`` names the team member who typed in a paper or phone answer,
    # never the person who gave it; a citizen's own answer has none.
    assert user_links == ["respondent", "entered_by"]
    assert response.entered_by_id is None


def test_identified_responses_keep_the_person(organisation: Organisation) -> None:
    survey = make_survey(organisation, is_anonymous=False)
    person = UserFactory()
    assert _submit(survey, user=person).respondent == person


def test_closed_surveys_refuse_answers(organisation: Organisation) -> None:
    survey = make_survey(organisation)
    survey_close(survey=survey)
    with pytest.raises(ValidationError):
        _submit(survey)


def test_questions_are_locked_once_answered(organisation: Organisation) -> None:
    """Changing questions after answers arrive is refused with the reason."""
    survey = make_survey(organisation)
    _submit(survey)
    with pytest.raises(ValidationError, match="already answered"):
        question_save(
            question=Question(survey=survey, kind=Kind.SHORT_TEXT, text="New")
        )


def test_choice_questions_need_two_distinct_choices(organisation: Organisation) -> None:
    survey = make_survey(organisation, publish=False, questions=[])
    for options in (["Only one"], ["Same", "same"]):
        with pytest.raises(ValidationError):
            question_save(
                question=Question(
                    survey=survey, kind=Kind.SINGLE, text="Q", options=options
                )
            )


def test_panel_surveys_are_for_members_only(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """Outside the panel, an answer is refused."""
    from panels.services import panel_join
    from surveys.models import Audience
    from tests.panels.factories import PanelFactory, consenting_citizen

    panel = PanelFactory(organisation=organisation)
    member = consenting_citizen(organisation)
    panel_join(panel=panel, user=member)
    survey = make_survey(organisation, audience=Audience.PANEL, panel=panel)
    _submit(survey, user=member)
    with pytest.raises(ValidationError):
        _submit(survey, user=people["citizen"])


def test_a_new_version_copies_questions_and_their_rules(
    organisation: Organisation,
) -> None:
    """Once answered, a survey is changed through a draft copy whose "only ask
    if" rules point at its own questions; the original keeps its answers."""
    survey = make_survey(
        organisation,
        questions=[
            {"kind": Kind.SINGLE, "text": "Carer?", "options": ["Yes", "No"]},
        ],
    )
    earlier = survey.questions.get()
    survey.published_at = None
    survey.save()
    question_save(
        question=Question(
            survey=survey,
            kind=Kind.SHORT_TEXT,
            text="Who for?",
            show_if_question=earlier,
            show_if_answer="Yes",
        )
    )
    from django.contrib.auth.models import AnonymousUser

    from surveys.services import survey_new_version, survey_publish

    survey_publish(survey=survey)
    survey_submit_response(
        survey=survey,
        answers={earlier.field_name: "Yes"},
        user=AnonymousUser(),
        submission_key=uuid.uuid4(),
    )
    copy = survey_new_version(survey=survey, by=UserFactory())
    assert copy.is_draft and copy.response_count == 0 and copy.token != survey.token
    follow_up = copy.questions.get(text="Who for?")
    assert follow_up.show_if_question.survey_id == copy.pk  # type: ignore[union-attr]
    question_save(question=Question(survey=copy, kind=Kind.SHORT_TEXT, text="New"))
    assert survey.questions.count() == 2 and copy.questions.count() == 3


def test_matrix_questions_count_each_statement(organisation: Organisation) -> None:
    """A matrix answer counts per statement; required rows are each required; the
    results and the response export show one row or column per statement."""
    from django.contrib.auth.models import AnonymousUser

    from surveys.forms.answer import AnswerForm, part_field

    survey = make_survey(
        organisation,
        questions=[
            {
                "kind": Kind.MATRIX,
                "text": "Thinking about your support",
                "options": ["Staff were kind", "I was kept informed"],
                "required": True,
            },
        ],
    )
    question = survey.questions.get()
    base = {"submission_key": str(uuid.uuid4())}
    half = AnswerForm(
        {**base, part_field(question, 0): "Agree"}, questions=[question], areas=[]
    )
    assert not half.is_valid() and part_field(question, 1) in half.errors
    form = AnswerForm(
        {
            **base,
            part_field(question, 0): "Agree",
            part_field(question, 1): "Disagree",
        },
        questions=[question],
        areas=[],
    )
    assert form.is_valid()
    assert form.answers() == {
        question.field_name: {
            "Staff were kind": "Agree",
            "I was kept informed": "Disagree",
        }
    }
    for _i in range(2):
        survey_submit_response(
            survey=survey,
            answers=form.answers(),
            user=AnonymousUser(),
            submission_key=uuid.uuid4(),
        )
    (result,) = survey_results(survey)
    kind_row = dict(result.matrix)["Staff were kind"]
    assert {r.label: r.count for r in kind_row}["Agree"] == 2
    assert {r.label: r.count for r in dict(result.matrix)["I was kept informed"]}[
        "Disagree"
    ] == 2
