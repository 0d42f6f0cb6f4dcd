"""One question per page: progress, skipping, checking, and resuming."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from cocommission.organisations.models import Organisation
from surveys.models import Draft, Kind, Layout, Question, Response
from surveys.services import question_save
from tests.accounts.factories import UserFactory
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db


def _survey(organisation: Organisation):  # type: ignore[no-untyped-def]
    survey = make_survey(
        organisation,
        publish=False,
        layout=Layout.ONE_PER_PAGE,
        questions=[
            {
                "kind": Kind.SINGLE,
                "text": "Do you care for someone?",
                "options": ["Yes", "No"],
                "required": True,
            },
        ],
    )
    earlier = survey.questions.get()
    question_save(
        question=Question(
            survey=survey,
            kind=Kind.SHORT_TEXT,
            text="Who do you care for?",
            show_if_question=earlier,
            show_if_answer="Yes",
        )
    )
    question_save(
        question=Question(
            survey=survey, kind=Kind.RATING, text="Rate the service", required=True
        )
    )
    from surveys.services import survey_publish

    survey_publish(survey=survey)
    return survey, list(survey.questions.order_by("position"))


def test_paged_answers_skip_what_does_not_apply_and_are_checked(
    client: Client, organisation: Organisation
) -> None:
    survey, (carer, who, rating) = _survey(organisation)
    url = survey.get_answer_url()
    page = client.get(url).content.decode()
    # Until the first answer, the follow-up does not apply: two questions.
    assert "Question 1 of 2" in page
    response = client.post(url + "?step=0", {})
    assert response.status_code == 400
    assert "Answer “Do you care for someone?”" in response.content.decode()
    response = client.post(url + "?step=0", {carer.field_name: "No"})
    assert response.url.endswith("?step=1")
    page = client.get(response.url).content.decode()
    assert "Question 2 of 2" in page and "Rate the service" in page
    response = client.post(url + "?step=1", {rating.field_name: "4"})
    assert response.url.endswith("?step=check")
    check = client.get(response.url).content.decode()
    assert "Check your answers" in check and "Who do you care for?" not in check
    response = client.post(url + "?step=check")
    assert response.status_code == 302
    assert Response.objects.get().answers == {
        carer.field_name: "No",
        rating.field_name: "4",
    }


def test_a_signed_in_person_can_stop_and_come_back(
    client: Client, organisation: Organisation
) -> None:
    survey, (carer, who, rating) = _survey(organisation)
    person = UserFactory()
    client.force_login(person)
    url = survey.get_answer_url()
    client.post(url + "?step=0", {carer.field_name: "Yes"})
    assert Draft.objects.get(user=person).answers[carer.field_name] == "Yes"
    later = Client()
    later.force_login(person)
    page = later.get(url).content.decode()
    assert "Question 2 of 3" in page and "Who do you care for?" in page
    later.post(url + "?step=1", {who.field_name: "My dad"})
    later.post(url + "?step=2", {rating.field_name: "5"})
    later.post(url + "?step=check")
    assert Response.objects.get().answers[who.field_name] == "My dad"
    assert not Draft.objects.exists()
    assert "You have already answered" in later.get(url).content.decode()


@pytest.mark.parametrize("step", ["²", "٣", "1" + "0" * 30, "-1", "abc"])
def test_a_step_that_is_not_a_number_starts_at_the_first_unanswered(
    client: Client, organisation: Organisation, step: str
) -> None:
    """A step the page cannot read (a Unicode digit, a huge or negative number)
    shows the first question not yet answered, or the check page past the end."""
    survey, _questions = _survey(organisation)
    response = client.get(survey.get_answer_url(), {"step": step})
    assert response.status_code in {200, 302}
    if response.status_code == 200:
        assert "Question 1 of 2" in response.content.decode()


@pytest.mark.parametrize("kind", list(Kind))
def test_each_page_has_its_question_as_the_heading(
    client: Client, organisation: Organisation, kind: Kind
) -> None:
    """The GOV.UK pattern for one question a page: the question is the page's
    only h1, inside its label or the legend of its group, whatever its kind."""
    spec: dict[str, object] = {"kind": kind, "text": "What matters most to you?"}
    if kind in {Kind.SINGLE, Kind.MULTIPLE, Kind.RANKING, Kind.MATRIX}:
        spec["options"] = ["Being listened to", "Getting there"]
    survey = make_survey(organisation, layout=Layout.ONE_PER_PAGE, questions=[spec])
    page = " ".join(client.get(survey.get_answer_url()).content.decode().split())
    headings = re.findall(r"<h1[^>]*>(.*?)</h1>", page)
    assert len(headings) == 1, headings
    assert "What matters most to you?" in headings[0]
    if kind == Kind.MATRIX:  # several groups of radios under one heading
        return
    assert re.search(r"<(legend|label)[^>]*>\s*<h1", page) or re.search(
        r'<h1 class="govuk-(label-wrapper|fieldset__heading)"', page
    )
