"""The answering page keeps the survey and its questions between requests, and
sees any change at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cocommission.organisations.models import Organisation
from surveys.models import Kind, Question
from surveys.services import question_save, survey_close
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db


def _survey_reads(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return sum(
        1
        for q in context.captured_queries
        if 'FROM "surveys_survey"' in q["sql"] or 'FROM "surveys_question"' in q["sql"]
    )


def test_the_survey_is_read_once_and_changes_show_at_once(
    organisation: Organisation,
) -> None:
    survey = make_survey(
        organisation, questions=[{"kind": Kind.SHORT_TEXT, "text": "Your town"}]
    )
    url = survey.get_answer_url()
    client = Client()
    assert _survey_reads(client, url) == 2
    assert _survey_reads(client, url) == 0  # kept

    question_save(
        question=Question(survey=survey, kind=Kind.LONG_TEXT, text="Tell us more")
    )
    assert "Tell us more" in client.get(url).content.decode()

    survey_close(survey=survey)
    assert "closed" in client.get(url).content.decode().lower()
