"""The printable paper version of a survey."""

from __future__ import annotations

import io
import random

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from surveys.forms.answer import question_hint
from surveys.models import Audience, Kind
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db

WORDS = [
    "home",
    "care",
    "visits",
    "calls",
    "meals",
    "garden",
    "library",
    "bus",
    "clinic",
    "evening",
    "carer",
]


def _questions(rng: random.Random) -> list[dict[str, object]]:
    """A generated survey: every kind, in a random order, with random words."""

    def words(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _i in range(n)).capitalize()

    specs: list[dict[str, object]] = [
        {"kind": Kind.SINGLE, "options": [words(2) + " one", words(2) + " two"]},
        {"kind": Kind.MULTIPLE, "options": [words(2) + " a", words(2) + " b"]},
        {"kind": Kind.AGREEMENT},
        {"kind": Kind.RATING},
        {"kind": Kind.NUMBER, "min_value": 0, "max_value": 10},
        {"kind": Kind.SHORT_TEXT},
        {"kind": Kind.LONG_TEXT},
        {"kind": Kind.MATRIX, "options": [words(2) + " row", words(2) + " line"]},
        {"kind": Kind.RANKING, "options": [words(1) + " x", words(1) + " y"]},
    ]
    rng.shuffle(specs)
    for n, spec in enumerate(specs):
        spec["text"] = f"{words(3)} question {n}?"
        spec["help_text"] = f"{words(2)} hint {n}."
        spec["required"] = rng.random() < 0.5
    return specs


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(
        " ".join((page.extract_text() or "").split()) for page in reader.pages
    )


@pytest.mark.parametrize("seed", range(2))
def test_the_paper_version_has_the_online_questions_in_order(
    client: Client, organisation: Organisation, people: dict[str, User], seed: int
) -> None:
    """Read back from the PDF: each question, its hint as online, and its
    choices, in the order they are asked online; a code box for code surveys;
    tagged, with its language set."""
    rng = random.Random(seed)
    survey = make_survey(
        organisation, questions=_questions(rng), audience=Audience.CODES
    )
    client.force_login(people["commissioner"])
    url = reverse(
        "surveys:paper", kwargs={"org_slug": organisation.slug, "pk": survey.pk}
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = b"".join(response) if response.streaming else response.content
    text = _text(pdf)
    position = 0
    for number, question in enumerate(survey.questions.all(), start=1):
        found = text.find(f"{number}. {question.text}", position)
        assert found >= position, question.text
        position = found
        hint = question_hint(question)
        assert hint.split(".")[0] in text[position:]
        for choice in question.choices():
            assert choice in text[position:], choice
    assert "Your invitation code" in text
    # The link may wrap at its slashes.
    assert survey.get_answer_url() in text.replace(" ", "")
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root  # tagged
    assert str(root["/Lang"]).lower().startswith("en")
    client.force_login(people["outsider"])
    assert client.get(url).status_code == 404
