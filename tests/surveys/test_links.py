"""Survey results feeding indicators, and needs raised in surveys."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from outcomes.models import Indicator, MeasurementSource, Outcome
from outcomes.services import (
    framework_create,
    indicator_save,
    measurement_from_survey,
    outcome_save,
)
from surveys.models import Kind
from surveys.submission import survey_submit_response
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db

VALUED = [{"kind": Kind.AGREEMENT, "text": "I feel valued", "required": True}]


def _indicator(organisation: Organisation, by: User) -> Indicator:
    framework = framework_create(organisation=organisation, by=by, title="Big Three")
    outcome = outcome_save(
        outcome=Outcome(framework=framework, statement="People feel valued"), by=by
    )
    return indicator_save(
        indicator=Indicator(outcome=outcome, name="Feel valued", unit="%"), by=by
    )


def _answered(organisation: Organisation, answers: list[str]) -> object:
    survey = make_survey(organisation, questions=VALUED)
    question = survey.questions.get()
    for answer in answers:
        survey_submit_response(
            survey=survey,
            answers={question.field_name: answer},
            user=AnonymousUser(),
            submission_key=uuid.uuid4(),
        )
    return question


def test_a_measurement_taken_from_survey_results(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """76% felt valued: 19 of 25 agreed or strongly agreed."""
    question = _answered(
        organisation, ["Agree"] * 12 + ["Strongly agree"] * 7 + ["Disagree"] * 6
    )
    indicator = _indicator(organisation, people["commissioner"])
    measurement = measurement_from_survey(
        indicator=indicator,
        question=question,
        answers=["Agree", "Strongly agree"],
        period_end=datetime.date(2026, 3, 31),
        by=people["commissioner"],
    )
    assert measurement.value == Decimal("76.0")
    assert measurement.source == MeasurementSource.SURVEY
    assert "25 people" in measurement.note and "I feel valued" in measurement.note


def test_survey_measurements_refuse_what_cannot_be_right(
    organisation: Organisation,
    other_organisation: Organisation,
    people: dict[str, User],
) -> None:
    """No answers yet, no answers chosen, or another organisation's survey."""
    indicator = _indicator(organisation, people["commissioner"])
    kwargs = {
        "indicator": indicator,
        "period_end": datetime.date(2026, 3, 31),
        "by": people["commissioner"],
    }
    with pytest.raises(ValidationError, match="Nobody has answered"):
        measurement_from_survey(
            question=_answered(organisation, []), answers=["Agree"], **kwargs
        )  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        measurement_from_survey(
            question=_answered(organisation, ["Agree"]), answers=[], **kwargs
        )  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="this organisation"):
        measurement_from_survey(
            question=_answered(other_organisation, ["Agree"]),
            answers=["Agree"],
            **kwargs,
        )  # type: ignore[arg-type]


def test_a_share_that_would_reveal_a_small_group_is_refused(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """80% of five people agreeing would say that exactly one disagreed, which the
    results hide: the indicator cannot take it."""
    question = _answered(organisation, ["Agree"] * 4 + ["Disagree"])
    indicator = _indicator(organisation, people["commissioner"])
    with pytest.raises(ValidationError, match="fewer than 5"):
        measurement_from_survey(
            indicator=indicator,
            question=question,
            answers=["Agree"],
            period_end=datetime.date(2026, 3, 31),
            by=people["commissioner"],
        )  # type: ignore[arg-type]
    assert not indicator.measurements.exists()


def test_taking_a_value_from_a_survey_on_screen(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    """Choose the question, then the answers and the period; a missing period is
    explained beside the field."""
    question = _answered(organisation, ["Agree"] * 5 + ["Disagree"] * 5)
    indicator = _indicator(organisation, people["commissioner"])
    url = reverse(
        "outcomes:measurement_from_survey",
        kwargs={
            "org_slug": organisation.slug,
            "pk": indicator.outcome.framework_id,
            "indicator_pk": indicator.pk,
        },
    )
    client.force_login(people["commissioner"])
    step_one = client.get(url).content.decode()
    assert "I feel valued" in step_one
    step_two = client.get(url, {"question": question.pk}).content.decode()  # type: ignore[attr-defined]
    assert "Strongly agree" in step_two
    response = client.post(url, {"question": question.pk, "answers": ["Agree"]})  # type: ignore[attr-defined]
    assert response.status_code == 400
    assert "Enter the date the period ends" in response.content.decode()
    response = client.post(
        url,
        {"question": question.pk, "answers": ["Agree"], "period_end": "2026-03-31"},  # type: ignore[attr-defined]
    )
    assert response.status_code == 302
    assert indicator.measurements.get().value == Decimal("50.0")
    client.force_login(people["citizen"])
    assert client.get(url).status_code in (403, 404)


def test_a_need_can_start_from_a_survey_answer(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    """From free-text results, a need is prefilled with the words and the survey."""
    survey = make_survey(
        organisation,
        questions=[{"kind": Kind.LONG_TEXT, "text": "What should change?"}],
    )
    question = survey.questions.get()
    survey_submit_response(
        survey=survey,
        answers={question.field_name: "Evening visits"},
        user=AnonymousUser(),
        submission_key=uuid.uuid4(),
    )
    client.force_login(people["commissioner"])
    text_url = reverse(
        "surveys:text_results",
        kwargs={
            "org_slug": organisation.slug,
            "pk": survey.pk,
            "question_pk": question.pk,
        },
    )
    assert "Record a need raised here" in client.get(text_url).content.decode()
    cycle = survey.activity.cycle
    new_need = reverse(
        "cycles:need_new", kwargs={"org_slug": organisation.slug, "pk": cycle.pk}
    )
    form = client.get(
        new_need, {"survey": survey.pk, "statement": "Evening visits"}
    ).context["form"]
    assert form.initial["statement"] == "Evening visits"
    assert str(form.initial["source_survey"]) == str(survey.pk)


def test_you_said_we_did_names_the_surveys_and_meetings_behind_a_decision(
    client: Client,
    organisation: Organisation,
    people: dict[str, User],
    django_assert_num_queries: object,
) -> None:
    """The public page shows the survey (with its number of answers) and the panel
    meeting a decision drew on, at a cost that does not grow with decisions."""
    from django.utils import timezone

    from cycles.services import decision_publish
    from panels.models import Meeting
    from tests.cycles.factories import CycleFactory, DecisionFactory
    from tests.panels.factories import PanelFactory

    cycle = CycleFactory(organisation=organisation, visibility="public")
    survey = make_survey(organisation, cycle=cycle, questions=VALUED)
    question = survey.questions.get()
    survey_submit_response(
        survey=survey,
        answers={question.field_name: "Agree"},
        user=AnonymousUser(),
        submission_key=uuid.uuid4(),
    )
    meeting = Meeting.objects.create(
        panel=PanelFactory(
            organisation=organisation, cycle=cycle, name="Carers' panel"
        ),
        title="First",
        starts_at=timezone.now(),
    )
    url = reverse(
        "public_decisions", kwargs={"org_slug": organisation.slug, "pk": cycle.pk}
    )

    def decide() -> None:
        decision = DecisionFactory(cycle=cycle)
        decision.citizen_input.add(survey.activity)
        meeting.decisions.add(decision)
        decision_publish(decision=decision, by=decision.board_chair)

    decide()
    with django_assert_num_queries(12) as few:  # type: ignore[operator]
        page = client.get(url).content.decode()
    # One answer is a group under 5: the public page does not say how many.
    assert "answers: fewer than 5" in page and "Carers&#x27; panel, meeting of" in page
    assert "What people told us" not in page
    for _i in range(5):
        decide()
    with django_assert_num_queries(len(few.captured_queries)):  # type: ignore[operator]
        client.get(url)


def test_published_results_are_listed_on_the_cycles_public_page(
    client: Client, organisation: Organisation
) -> None:
    from cycles.models import Cycle
    from surveys.services import results_publish
    from tests.cycles.factories import CycleFactory

    cycle: Cycle = CycleFactory(organisation=organisation, visibility="public")
    survey = make_survey(organisation, cycle=cycle, questions=VALUED)
    url = reverse(
        "public_decisions", kwargs={"org_slug": organisation.slug, "pk": cycle.pk}
    )
    results_url = reverse(
        "survey_public_results",
        kwargs={"org_slug": organisation.slug, "token": survey.token},
    )
    assert results_url not in client.get(url).content.decode()
    results_publish(survey=survey, published=True)
    assert results_url in client.get(url).content.decode()
