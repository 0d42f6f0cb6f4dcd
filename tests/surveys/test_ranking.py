"""Ranking questions: putting choices in order, counting places, showing points."""

from __future__ import annotations

import csv
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from surveys.exports import export_request
from surveys.forms.answer import AnswerForm, form_values, ordinal, part_field
from surveys.models import ExportKind, ExportStatus, Kind, Question, Survey
from surveys.results import survey_results
from surveys.services import question_save, results_publish
from surveys.submission import survey_submit_response
from tests.surveys.factories import make_survey

OPTIONS = ["Day centre", "Transport", "Meals", "Home visits"]


def _question(*, required: bool = False, places: int | None = None) -> Question:
    return Question(
        pk=7,
        kind=Kind.RANKING,
        text="Put these in order",
        options=list(OPTIONS),
        required=required,
        max_choices=places,
    )


def _form(question: Question, places: dict[int, str]) -> AnswerForm:
    data = {"submission_key": str(uuid.uuid4())}
    data |= {part_field(question, n): place for n, place in places.items()}
    return AnswerForm(data, questions=[question], areas=[])


def test_ordinals() -> None:
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "101st",
        "111th",
    ]


def test_a_full_ranking_is_stored_in_order() -> None:
    question = _question(required=True)
    form = _form(question, {0: "3", 1: "1", 2: "4", 3: "2"})
    assert form.is_valid(), form.errors
    assert form.answers() == {"q7": ["Transport", "Home visits", "Day centre", "Meals"]}
    # And back into the form's fields, for the pages of a one-per-page survey.
    assert form_values(question, form.answers()["q7"]) == {
        "q7__1": "1",
        "q7__3": "2",
        "q7__0": "3",
        "q7__2": "4",
    }


def test_the_same_place_twice_is_shown_beside_both_choices() -> None:
    form = _form(_question(), {0: "1", 1: "1", 2: "2"})
    assert not form.is_valid()
    assert form.errors["q7__0"] == ["Only one choice can be 1st"]
    assert form.errors["q7__1"] == ["Only one choice can be 1st"]
    assert "q7__2" not in form.errors


def test_a_gap_in_the_places_is_pointed_out() -> None:
    form = _form(_question(), {0: "1", 1: "3"})
    assert not form.is_valid()
    assert form.errors["q7__2"] == ["Give a choice the place 2nd"]


def test_required_rankings_need_every_place_and_optional_ones_none() -> None:
    required = _question(required=True)
    assert _form(required, {}).errors == {"q7__0": ["Answer “Put these in order”"]}
    assert not _form(required, {0: "1", 1: "2"}).is_valid()
    optional = _question()
    empty = _form(optional, {})
    assert empty.is_valid() and empty.answers() == {}
    top_two = _question(required=True, places=2)
    form = _form(top_two, {3: "1", 0: "2"})
    assert form.is_valid() and form.answers() == {"q7": ["Home visits", "Day centre"]}
    assert not _form(top_two, {0: "3"}).is_valid()  # there is no 3rd place


@given(
    places=st.dictionaries(
        st.integers(0, len(OPTIONS) - 1),
        st.sampled_from(["", "1", "2", "3", "4", "5", "x"]),
    ),
    required=st.booleans(),
)
def test_any_input_is_either_a_clean_order_or_an_error(
    places: dict[int, str], required: bool
) -> None:
    """Whatever is sent, the form accepts exactly the inputs that use each place
    once from 1st without gaps (all four if required), and then stores them in
    that order."""
    form = _form(_question(required=required), places)
    given_places = [p for p in places.values() if p]
    valid_values = all(p in {"1", "2", "3", "4"} for p in given_places)
    numbers = sorted(int(p) for p in given_places) if valid_values else []
    expected_ok = (
        valid_values
        and numbers == list(range(1, len(numbers) + 1))
        and (not required or len(numbers) == len(OPTIONS))
    )
    assert form.is_valid() == expected_ok
    if expected_ok:
        by_place = {int(p): OPTIONS[n] for n, p in places.items() if p}
        expected = [by_place[p] for p in sorted(by_place)]
        assert form.answers().get("q7", []) == expected


@pytest.mark.django_db
def test_builder_checks_the_number_of_places(organisation: Organisation) -> None:
    survey = make_survey(organisation, publish=False, questions=[])
    with pytest.raises(ValidationError) as error:
        question_save(
            question=Question(
                survey=survey,
                kind=Kind.RANKING,
                text="Order these",
                options=["A", "B", "C"],
                max_choices=4,
            )
        )
    assert "max_choices" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        question_save(
            question=Question(
                survey=survey, kind=Kind.RANKING, text="Order these", options=["A"]
            )
        )
    assert "options" in error.value.message_dict


def _ranked_survey(organisation: Organisation) -> tuple[Survey, Question]:
    survey = make_survey(
        organisation,
        questions=[
            {
                "kind": Kind.RANKING,
                "text": "What matters most?",
                "options": ["Meals", "Transport", "Visits"],
                "max_choices": 2,
            }
        ],
    )
    return survey, survey.questions.get()


def _vote(survey: Survey, question: Question, order: list[str]) -> None:
    survey_submit_response(
        survey=survey,
        answers={question.field_name: order},
        user=AnonymousUser(),
        submission_key=uuid.uuid4(),
    )


@pytest.mark.django_db
def test_places_are_counted_into_points(organisation: Organisation) -> None:
    survey, question = _ranked_survey(organisation)
    for order in [["Transport", "Meals"]] * 3 + [["Meals", "Visits"]] * 2:
        _vote(survey, question, order)
    (result,) = survey_results(survey, exact=True)
    assert result.answered == 5
    # Two places: 1st earns 2 points, 2nd earns 1.
    by_label = {r.label: r for r in result.ranking}
    assert by_label["Meals"].by_place == [2, 3]
    assert by_label["Meals"].points == 7
    assert by_label["Transport"].points == 6
    assert by_label["Visits"].points == 2
    assert [r.label for r in result.ranking] == ["Meals", "Transport", "Visits"]
    assert by_label["Meals"].average_place == Decimal("1.6")
    assert [row.count for row in result.rows] == [2, 3, 0]
    # As shown, every choice has a group under 5, so no points or average place.
    (shown,) = survey_results(survey)
    assert all(r.points_shown == "–" and r.average_place is None for r in shown.ranking)


@pytest.mark.django_db
def test_results_pages_and_exports_show_rankings(
    organisation: Organisation,
    people: dict[str, User],
    django_capture_on_commit_callbacks: Any,
) -> None:
    survey, question = _ranked_survey(organisation)
    for order in [["Transport", "Meals"]] * 6 + [["Visits"]]:
        _vote(survey, question, order)
    client = Client()
    client.force_login(people["commissioner"])
    page = client.get(f"/o/{organisation.slug}/surveys/{survey.pk}/results/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Points" in text and "Average place" in text

    with django_capture_on_commit_callbacks(execute=True):
        export = export_request(
            survey=survey, kind=ExportKind.RESPONSES_CSV, by=people["commissioner"]
        )
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE
    rows = list(csv.reader(export.file.read().decode("utf-8-sig").splitlines()))
    header = rows[0]
    meals = header.index("Q1 What matters most?: place of Meals")
    visits = header.index("Q1 What matters most?: place of Visits")
    assert sorted(row[meals] for row in rows[1:]) == [""] + ["2"] * 6
    assert sorted(row[visits] for row in rows[1:]) == [""] * 6 + ["1"]

    survey.activity.cycle.visibility = "public"
    survey.activity.cycle.save()
    results_publish(survey=survey, published=True)
    public = (
        Client()
        .get(f"/public/{organisation.slug}/surveys/{survey.token}/results/")
        .content.decode()
    )
    # One person put Visits first: too few to show exactly.
    assert "fewer than 5" in public
