"""Responses wait in an outbox and are added to the tallies in batches, each
exactly once, never lost."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Sum
from django.test import Client

from cocommission.organisations.models import Organisation
from surveys import counting
from surveys.counting import count_all_waiting, count_waiting, waiting_count
from surveys.models import Question, Survey, SurveyCounter, Tally, UncountedResponse
from surveys.services import ANSWERED, question_save
from surveys.submission import survey_submit_response
from surveys.tasks import count_responses
from tests.accounts.factories import UserFactory
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db


def _submit(survey: Survey, who: str = "Carer", user: Any = None) -> None:
    field = survey.questions.get(text="Who are you?").field_name
    survey_submit_response(
        survey=survey,
        answers={field: who},
        user=user or AnonymousUser(),
        submission_key=uuid.uuid4(),
    )


def _tally(survey: Survey, key: str) -> int:
    return (
        Tally.objects.filter(
            question__survey=survey, question__text="Who are you?", key=key
        ).aggregate(n=Sum("count"))["n"]
        or 0
    )


def _counted(survey: Survey) -> int:
    return SurveyCounter.objects.filter(survey=survey).aggregate(n=Sum("count"))["n"]


def test_responses_wait_then_count_once(organisation: Organisation) -> None:
    """A stored response is in the total at once and in the tallies once counted;
    counting again adds nothing."""
    survey = make_survey(organisation)
    _submit(survey)
    _submit(survey, user=UserFactory())
    assert waiting_count(survey) == 2
    assert _tally(survey, "Carer") == 0
    assert survey.response_count == 2
    assert Survey.objects.with_response_count().get(pk=survey.pk).response_count == 2
    assert count_waiting(survey) == 2
    assert count_waiting(survey) == 0
    assert _tally(survey, "Carer") == 2
    assert _counted(survey) == 2
    assert survey.response_count == 2
    assert not UncountedResponse.objects.exists()


def test_counting_one_survey_leaves_the_others(organisation: Organisation) -> None:
    first, second = make_survey(organisation), make_survey(organisation)
    _submit(first)
    _submit(second, "User")
    assert count_waiting(first) == 1
    assert waiting_count(second) == 1
    assert count_all_waiting() == 1
    assert _tally(second, "User") == 1


def test_a_failure_part_way_counts_nothing(
    organisation: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If adding to the tallies fails, the batch stays waiting, whole."""
    survey = make_survey(organisation)
    _submit(survey)

    def broken(*_args: Any) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(counting, "_add_sql", broken)
    monkeypatch.setattr(counting, "_add_orm", broken)
    with pytest.raises(RuntimeError):
        count_waiting(survey)
    assert waiting_count(survey) == 1
    assert _counted(survey) == 0
    monkeypatch.undo()
    assert count_waiting(survey) == 1
    assert _tally(survey, "Carer") == 1


def test_the_task_counts_every_batch(
    organisation: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(counting, "BATCH", 2)
    surveys = [make_survey(organisation), make_survey(organisation)]
    for survey in surveys:
        for _i in range(3):
            _submit(survey)
    assert count_responses.apply().get() == 6
    assert [_tally(s, "Carer") for s in surveys] == [3, 3]
    assert not UncountedResponse.objects.exists()


def test_questions_stay_fixed_while_answers_wait(organisation: Organisation) -> None:
    """Answers not yet counted still stop the questions changing."""
    survey = make_survey(organisation)
    _submit(survey)
    question = survey.questions.get(text="Who are you?")
    question.text = "Who is answering?"
    with pytest.raises(ValidationError, match="already answered"):
        question_save(question=question)


def test_results_page_says_when_more_are_waiting(
    client: Client,
    people: dict[str, Any],
    organisation: Organisation,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """More waiting than a request counts itself: the page counts none and says
    they are on their way, rather than showing old figures as if they were
    complete."""
    from tests.surveys.test_views import staff_url

    monkeypatch.setattr(counting, "IN_REQUEST", 2)
    survey = make_survey(organisation)
    for _i in range(10):
        _submit(survey)
    client.force_login(people["commissioner"])
    page = client.get(staff_url("surveys:results", survey)).content.decode()
    assert "People who answered: 10." in page
    assert "10 more responses are still being added" in page
    count_all_waiting()
    page = client.get(staff_url("surveys:results", survey)).content.decode()
    assert "still being added" not in page


@pytest.mark.django_db(transaction=True)
def test_counters_racing_with_answers_count_each_once(
    organisation: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two counters run in small batches while forty answers arrive from ten
    threads: every response ends up in the tallies exactly once."""
    monkeypatch.setattr(counting, "BATCH", 3)
    survey = make_survey(organisation)
    arriving = threading.Event()

    def answer(i: int) -> None:
        try:
            _submit(survey, "Carer" if i % 2 else "User")
        finally:
            connection.close()

    def count() -> int:
        counted = 0
        try:
            while arriving.is_set() or waiting_count(survey):
                counted += count_waiting(survey, limit=3)
        finally:
            connection.close()
        return counted

    arriving.set()
    with ThreadPoolExecutor(max_workers=12) as pool:
        counters = [pool.submit(count) for _c in range(2)]
        list(pool.map(answer, range(40)))
        arriving.clear()
        counted = sum(c.result() for c in counters)
    counted += count_all_waiting()
    assert counted == 40
    assert (_tally(survey, "Carer"), _tally(survey, "User")) == (20, 20)
    assert _counted(survey) == 40
    answered = Tally.objects.filter(
        question=Question.objects.get(survey=survey, text="Who are you?"),
        key=ANSWERED,
    ).aggregate(n=Sum("count"))["n"]
    assert answered == 40


def test_answer_forms_built_once_stay_separate(organisation: Organisation) -> None:
    """Forms for the same kept list of questions reuse the built fields as copies:
    one form's errors or changes never reach the next person's form, and other
    areas build afresh."""
    from surveys.forms.answer import AnswerForm
    from surveys.models import Kind

    survey = make_survey(
        organisation,
        questions=[
            {"kind": Kind.AREA, "text": "Where do you live?", "required": True},
            {"kind": Kind.SINGLE, "text": "Who are you?", "options": ["Carer", "User"]},
        ],
    )
    questions = list(survey.questions.all())
    area, who = (q.field_name for q in questions)
    key = {"submission_key": str(uuid.uuid4())}
    first = AnswerForm(key, questions=questions, areas=["North", "South"])
    assert not first.is_valid() and area in first.errors
    first.fields[who].label = "changed"
    second = AnswerForm(
        {**key, area: "South"}, questions=questions, areas=["North", "South"]
    )
    assert second.is_valid(), second.errors
    assert second.fields[who] is not first.fields[who]
    assert second.fields[who].label == "2. Who are you? (optional)"
    other = AnswerForm({**key, area: "East"}, questions=questions, areas=["East"])
    assert other.is_valid(), other.errors
    assert not AnswerForm(
        {**key, area: "East"}, questions=questions, areas=["North"]
    ).is_valid()
