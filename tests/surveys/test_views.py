"""The survey screens: building, answering, results."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from surveys.forms.answer import AnswerForm
from surveys.models import Kind, Question, Response, Survey
from surveys.services import question_save
from tests.cycles.factories import ActivityFactory, CycleFactory
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db


def staff_url(name: str, survey: Survey, **kwargs: Any) -> str:
    return reverse(
        name,
        kwargs={
            "org_slug": survey.activity.cycle.organisation.slug,
            "pk": survey.pk,
            **kwargs,
        },
    )


@pytest.mark.parametrize(
    ("role", "view_status", "build_status"),
    [
        ("admin", 200, 200),
        ("commissioner", 200, 200),
        ("decision_maker", 200, 403),
        ("provider", 403, 403),
        ("citizen", 403, 403),
        ("outsider", 404, 404),
    ],
)
def test_who_may_see_and_build_surveys(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    role: str,
    view_status: int,
    build_status: int,
) -> None:
    survey = make_survey(organisation, publish=False)
    client.force_login(people[role])
    assert client.get(staff_url("surveys:detail", survey)).status_code == view_status
    assert client.get(staff_url("surveys:results", survey)).status_code == view_status
    assert (
        client.get(staff_url("surveys:question_new", survey)).status_code
        == build_status
    )


def test_another_organisations_survey_is_not_found(
    client: Client, people: dict[str, User], other_organisation: Organisation
) -> None:
    survey = make_survey(other_organisation)
    client.force_login(people["commissioner"])
    url = reverse("surveys:detail", kwargs={"org_slug": "northshire", "pk": survey.pk})
    assert client.get(url).status_code == 404


def test_building_a_survey_step_by_step(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """Choose an activity, name the survey, add questions, reorder them in place
    with HTMX, publish."""
    activity = ActivityFactory(cycle=CycleFactory(organisation=organisation))
    client.force_login(people["commissioner"])
    new = reverse("surveys:new", kwargs={"org_slug": organisation.slug})
    assert activity.title in client.get(new).content.decode()
    response = client.post(
        new,
        {
            "activity": activity.pk,
            "title": "",
            "audience": "public",
            "is_anonymous": "on",
        },
    )
    assert response.status_code == 400
    response = client.post(
        new,
        {
            "activity": activity.pk,
            "title": "Home care",
            "audience": "public",
            "is_anonymous": "on",
        },
    )
    survey = Survey.objects.get()
    assert response.url == survey.get_absolute_url()
    question_url = staff_url("surveys:question_new", survey)
    response = client.post(
        question_url, {"text": "Pick", "kind": "single", "options_text": "Only"}
    )
    assert "Give at least two choices." in response.content.decode()
    client.post(
        question_url, {"text": "Pick", "kind": "single", "options_text": "A\nB"}
    )
    client.post(question_url, {"text": "Say more", "kind": "long_text"})
    second = survey.questions.get(text="Say more")
    response = client.post(
        staff_url("surveys:question_action", survey, question_pk=second.pk),
        {"action": "up"},
        headers={"HX-Request": "true"},
    )
    assert response.content.decode().strip().startswith('<div id="question-list">')
    assert list(survey.questions.values_list("text", flat=True)) == ["Say more", "Pick"]
    client.post(staff_url("surveys:state", survey), {"action": "publish"})
    survey.refresh_from_db()
    assert survey.state == "open"


def test_builder_and_list_queries_stay_flat(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    django_assert_num_queries: Any,
) -> None:
    survey = make_survey(organisation, publish=False, questions=[])
    client.force_login(people["commissioner"])
    question_save(question=Question(survey=survey, kind=Kind.SHORT_TEXT, text="One"))
    client.get(survey.get_absolute_url())
    with django_assert_num_queries(7):
        client.get(survey.get_absolute_url())
    for i in range(10):
        question_save(
            question=Question(survey=survey, kind=Kind.SHORT_TEXT, text=f"Q{i}")
        )
    with django_assert_num_queries(7):
        client.get(survey.get_absolute_url())
    list_url = reverse("surveys:list", kwargs={"org_slug": organisation.slug})
    with django_assert_num_queries(7):
        client.get(list_url)
    for _i in range(5):
        make_survey(organisation, publish=False, questions=[])
    with django_assert_num_queries(7):
        client.get(list_url)


def _post_answers(client: Client, survey: Survey, data: dict[str, Any]) -> Any:
    page = client.get(survey.get_answer_url())
    key = page.context["form"].initial["submission_key"]
    return client.post(survey.get_answer_url(), {"submission_key": key, **data})


def test_answering_keeps_what_was_typed_and_says_what_is_wrong(
    client: Client, organisation: Organisation
) -> None:
    """A missing required answer and a number out of range are explained beside
    the fields; the rest of what was typed stays."""
    survey = make_survey(organisation)
    q = {x.text: x.field_name for x in survey.questions.all()}
    response = _post_answers(
        client,
        survey,
        {
            q["Hours of care a week"]: "500",
            q["Anything else?"]: "Evening visits please",
        },
    )
    assert response.status_code == 400
    content = response.content.decode()
    # The message names the question, so a list of problems says which.
    assert "Answer “Who are you?”" in content
    assert "Ensure this value is less than or equal to 168" in content
    assert "Evening visits please" in content
    assert Response.objects.count() == 0


def test_answering_once_then_already_answered(
    client: Client, organisation: Organisation
) -> None:
    """An anonymous visitor answers; coming back shows "already answered"."""
    survey = make_survey(organisation)
    q = {x.text: x.field_name for x in survey.questions.all()}
    response = _post_answers(
        client, survey, {q["Who are you?"]: "Carer", q["What helps?"]: ["Visits"]}
    )
    assert response.url == reverse("survey_thanks", kwargs={"token": survey.token})
    assert (
        "You have already answered"
        in client.get(survey.get_answer_url()).content.decode()
    )
    assert Response.objects.get().answers[q["What helps?"]] == ["Visits"]


def test_the_honeypot_stores_nothing(
    client: Client, organisation: Organisation
) -> None:
    survey = make_survey(organisation)
    q = {x.text: x.field_name for x in survey.questions.all()}
    response = _post_answers(
        client, survey, {q["Who are you?"]: "Carer", "website": "http://spam"}
    )
    assert response.status_code == 302
    assert Response.objects.count() == 0


def test_show_if_skips_questions_that_do_not_apply(organisation: Organisation) -> None:
    """A required follow-up is needed only when the earlier answer matches."""
    survey = make_survey(
        organisation,
        publish=False,
        questions=[
            {
                "kind": Kind.SINGLE,
                "text": "Do you care for someone?",
                "options": ["Yes", "No"],
            },
        ],
    )
    earlier = survey.questions.get()
    question_save(
        question=Question(
            survey=survey,
            kind=Kind.SHORT_TEXT,
            text="Who?",
            required=True,
            show_if_question=earlier,
            show_if_answer="Yes",
        )
    )
    questions = list(survey.questions.select_related("show_if_question"))
    names = [x.field_name for x in questions]
    base = {"submission_key": "7f1e5b2e-8a7b-4a35-9a55-4f0e5c3b2a11"}
    no = AnswerForm({**base, names[0]: "No"}, questions=questions, areas=[])
    assert no.is_valid() and names[1] not in no.answers()
    yes = AnswerForm({**base, names[0]: "Yes"}, questions=questions, areas=[])
    assert not yes.is_valid()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    data=st.dictionaries(
        st.sampled_from(
            ["q_single", "q_multi", "q_agree", "q_rating", "q_number", "q_text"]
        ),
        st.one_of(
            st.text(max_size=30),
            st.lists(st.text(max_size=10), max_size=4),
            st.integers(-1000, 1000).map(str),
        ),
    )
)
def test_the_answer_form_never_breaks_and_keeps_its_rules(
    organisation: Organisation, data: dict[str, Any]
) -> None:
    """Whatever is posted, the form either refuses it or yields answers that obey
    every question's rules."""
    survey = getattr(
        test_the_answer_form_never_breaks_and_keeps_its_rules, "survey", None
    )
    if survey is None or not Survey.objects.filter(pk=survey.pk).exists():
        survey = make_survey(organisation)
        test_the_answer_form_never_breaks_and_keeps_its_rules.survey = survey  # type: ignore[attr-defined]
    questions = list(survey.questions.select_related("show_if_question"))
    by_kind = {x.kind: x for x in questions}
    names = {
        "q_single": by_kind[Kind.SINGLE].field_name,
        "q_multi": by_kind[Kind.MULTIPLE].field_name,
        "q_agree": by_kind[Kind.AGREEMENT].field_name,
        "q_rating": by_kind[Kind.RATING].field_name,
        "q_number": by_kind[Kind.NUMBER].field_name,
        "q_text": by_kind[Kind.LONG_TEXT].field_name,
    }
    from django.http import QueryDict

    post = QueryDict(mutable=True)
    post["submission_key"] = "7f1e5b2e-8a7b-4a35-9a55-4f0e5c3b2a11"
    for key, value in data.items():
        if isinstance(value, list):
            post.setlist(names[key], value)
        else:
            post[names[key]] = value
    form = AnswerForm(post, questions=questions, areas=[])
    if not form.is_valid():
        return
    answers = form.answers()
    single = by_kind[Kind.SINGLE]
    assert answers[single.field_name] in single.choices()
    for value in answers.get(by_kind[Kind.MULTIPLE].field_name, []):
        assert value in by_kind[Kind.MULTIPLE].choices()
    assert len(answers.get(by_kind[Kind.MULTIPLE].field_name, [])) <= 2
    if by_kind[Kind.NUMBER].field_name in answers:
        from decimal import Decimal

        assert 0 <= Decimal(answers[by_kind[Kind.NUMBER].field_name]) <= 168


def test_results_pages(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    django_assert_num_queries: Any,
) -> None:
    """The team reads counts (small groups hidden) and searches free text;
    results pages cost the same with 1 or 11 responses, 1 or 10 of them waiting
    to be counted; publishing needs a public cycle and hides small groups."""
    cycle = CycleFactory(organisation=organisation, visibility="public")
    survey = make_survey(organisation, cycle=cycle)
    q = {x.text: x.field_name for x in survey.questions.all()}
    anonymous = Client()
    _post_answers(
        anonymous,
        survey,
        {q["Who are you?"]: "Carer", q["Anything else?"]: "More evening visits"},
    )
    client.force_login(people["commissioner"])
    client.get(staff_url("surveys:results", survey))
    _post_answers(Client(), survey, {q["Who are you?"]: "Carer"})
    # The page first counts what is waiting: the same queries for 1 response or 10.
    with django_assert_num_queries(17):
        client.get(staff_url("surveys:results", survey))
    for _i in range(9):
        _post_answers(Client(), survey, {q["Who are you?"]: "User"})
    with django_assert_num_queries(17):
        page = client.get(staff_url("surveys:results", survey)).content.decode()
    # The team's page follows the disclosure rule too: 9 of 11 would give the 2
    # carers away, so the 9 is hidden beside "fewer than 5".
    assert "fewer than 5" in page and "hidden" in page
    assert "82%" not in page
    assert "still being added" not in page
    with django_assert_num_queries(13):  # nothing waiting
        client.get(staff_url("surveys:results", survey))
    text_question = survey.questions.get(kind=Kind.LONG_TEXT)
    text_url = staff_url("surveys:text_results", survey, question_pk=text_question.pk)
    assert (
        "More evening visits" in client.get(text_url, {"q": "evening"}).content.decode()
    )
    assert "No answers contain" in client.get(text_url, {"q": "zebra"}).content.decode()
    public_url = reverse(
        "survey_public_results",
        kwargs={"org_slug": organisation.slug, "token": survey.token},
    )
    assert anonymous.get(public_url).status_code == 404
    client.post(staff_url("surveys:publish_results", survey), {"publish": "yes"})
    public = anonymous.get(public_url).content.decode()
    assert "fewer than 5" in public
    assert "More evening visits" not in public


def test_a_checked_quote_is_published_and_raw_answers_are_not(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """The team publishes an edited quote; the public page shows it, never the
    raw answer; confirming the check is required."""
    from surveys.services import results_publish

    cycle = CycleFactory(organisation=organisation, visibility="public")
    survey = make_survey(organisation, cycle=cycle)
    q = {x.text: x.field_name for x in survey.questions.all()}
    _post_answers(
        Client(),
        survey,
        {
            q["Who are you?"]: "Carer",
            q["Anything else?"]: "Jane at 12 Hill Rd was lovely",
        },
    )
    results_publish(survey=survey, published=True)
    text_question = survey.questions.get(kind=Kind.LONG_TEXT)
    client.force_login(people["commissioner"])
    url = staff_url("surveys:quote_new", survey, question_pk=text_question.pk)
    response = client.post(url, {"text": "The carer was lovely"})
    assert response.status_code == 400
    assert "Confirm you have checked the quote" in response.content.decode()
    client.post(url, {"text": "The carer was lovely", "checked": "on"})
    public_url = reverse(
        "survey_public_results",
        kwargs={"org_slug": organisation.slug, "token": survey.token},
    )
    public = Client().get(public_url).content.decode()
    assert "The carer was lovely" in public
    assert "Hill Rd" not in public
    client.force_login(people["decision_maker"])
    assert client.get(url).status_code == 403
