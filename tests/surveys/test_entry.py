"""Entering answers from paper forms, phone calls and events."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from surveys.codes import codes_generate
from surveys.counting import count_waiting
from surveys.models import Audience, Channel, InvitationCode, Kind, Response
from surveys.results import survey_results
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {"kind": Kind.SINGLE, "text": "Pick", "options": ["A", "B"], "required": True},
    {"kind": Kind.SHORT_TEXT, "text": "Why?"},
]


def _url(survey) -> str:
    return reverse(
        "surveys:entry",
        kwargs={"org_slug": survey.activity.cycle.organisation.slug, "pk": survey.pk},
    )


def _page(client: Client, url: str) -> tuple[str, dict[str, str]]:
    """The page, and the hidden fields and checked values a browser would send."""
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    return response.content.decode(), {
        "submission_key": str(form.initial["submission_key"]),
        "channel": form.initial["channel"],
    }


def _fields(survey) -> tuple[str, str]:
    pick, why = survey.questions.order_by("position", "pk")
    return pick.field_name, why.field_name


def test_a_commissioner_enters_one_response_after_another(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    """Each saved response opens an empty form with the same channel; entered
    answers count in the results, marked with their channel and who typed them."""
    survey = make_survey(organisation, questions=QUESTIONS)
    pick, why = _fields(survey)
    client.force_login(people["commissioner"])
    url = _url(survey)
    html, hidden = _page(client, url)
    text = " ".join(html.split())
    # The first field has the focus; "Save and enter the next" is the first
    # button, so Enter in a field sends it.
    assert re.search(rf'name="{pick}"[^>]*autofocus', text) or re.search(
        rf'autofocus[^>]*name="{pick}"', text
    )
    assert text.index('value="next"') < text.index('value="finish"')
    sent = client.post(
        url, {**hidden, "channel": "phone", pick: "A", why: "Too far", "then": "next"}
    )
    assert sent.status_code == 302
    assert sent.url == f"{url}?channel=phone"
    page = client.get(sent.url)
    assert page.context["form"].initial["channel"] == "phone"
    assert "Response saved (phone call)" in page.content.decode()
    again = {
        "submission_key": str(page.context["form"].initial["submission_key"]),
        "channel": "paper",
        pick: "B",
        "then": "finish",
    }
    assert client.post(url, again).url == survey.get_absolute_url()
    stored = Response.objects.order_by("channel")
    assert [(r.channel, r.entered_by) for r in stored] == [
        ("paper", people["commissioner"]),
        ("phone", people["commissioner"]),
    ]
    assert all(r.respondent is None and r.ip_hash == "" for r in stored)
    count_waiting()
    result = next(r for r in survey_results(survey) if r.question.text == "Pick")
    assert result.answered == 2


def test_the_same_form_sent_twice_is_stored_once(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    """A double press of the button stores the response once."""
    survey = make_survey(organisation, questions=QUESTIONS)
    pick, _why = _fields(survey)
    client.force_login(people["commissioner"])
    url = _url(survey)
    _html, hidden = _page(client, url)
    data = {**hidden, pick: "A"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Response.objects.count() == 1


def test_a_missing_answer_keeps_what_was_typed(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    survey = make_survey(organisation, questions=QUESTIONS)
    _pick, why = _fields(survey)
    client.force_login(people["commissioner"])
    url = _url(survey)
    _html, hidden = _page(client, url)
    response = client.post(url, {**hidden, why: "Kept words"})
    assert response.status_code == 400
    assert "Kept words" in response.content.decode()
    assert not Response.objects.exists()


def test_a_code_survey_takes_the_code_from_the_paper_form(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    """The code is entered first; a used or wrong one is refused next to the
    field, keeping what was typed; a code used online cannot be entered again."""
    survey = make_survey(organisation, questions=QUESTIONS, audience=Audience.CODES)
    first, second = codes_generate(owner=survey, count=2)
    pick, why = _fields(survey)
    client.force_login(people["commissioner"])
    url = _url(survey)
    html, hidden = _page(client, url)
    text = " ".join(html.split())
    assert re.search(r'name="code"[^>]*autofocus', text) or re.search(
        r'autofocus[^>]*name="code"', text
    )
    assert text.index('name="code"') < text.index(f'name="{pick}"')
    ok = client.post(url, {**hidden, "code": first.lower(), pick: "A"})
    assert ok.status_code == 302
    _html, hidden = _page(client, url)
    used = client.post(url, {**hidden, "code": first, pick: "B", why: "Mine"})
    assert used.status_code == 400
    body = " ".join(used.content.decode().split())
    assert "That code has already been used." in body
    # Next to the field: its error message, tied to the code's input.
    assert re.search(
        r'id="id_code_1_error" class="govuk-error-message"> '
        r'<span class="govuk-visually-hidden">Error:</span> That code has already',
        body,
    )
    assert "Mine" in body and f'value="{first}"' in body
    wrong = client.post(url, {**hidden, "code": "ZZZZ-ZZZZ", pick: "B"})
    assert "That code is not right" in wrong.content.decode()
    assert Response.objects.count() == 1
    # The second code, used online first, is refused to the data-entry screen.
    online = Client()
    answer = survey.get_answer_url()
    assert online.post(answer, {"form": "code", "code": second}).status_code == 302
    key = online.get(answer).context["form"].initial["submission_key"]
    assert online.post(answer, {"submission_key": key, pick: "A"}).status_code == 302
    late = client.post(url, {**hidden, "code": second, pick: "B"})
    assert "already been used" in late.content.decode()
    assert Response.objects.count() == 2
    assert InvitationCode.objects.filter(used=True).count() == 2
    assert set(Response.objects.values_list("channel", flat=True)) == {
        Channel.PAPER,
        Channel.ONLINE,
    }


def test_only_those_who_manage_surveys_enter_answers(
    client: Client,
    organisation: Organisation,
    other_organisation: Organisation,
    people: dict[str, User],
) -> None:
    survey = make_survey(organisation, questions=QUESTIONS)
    url = _url(survey)
    expected = {
        "commissioner": 200,
        "admin": 200,
        "decision_maker": 403,
        "provider": 403,
        "citizen": 403,
        "outsider": 404,
    }
    for role, status in expected.items():
        client.force_login(people[role])
        assert client.get(url).status_code == status, role
    client.logout()
    assert client.get(url).status_code == 302
    elsewhere = make_survey(other_organisation, questions=QUESTIONS)
    client.force_login(people["commissioner"])
    assert client.get(_url(elsewhere)).status_code == 404


def test_no_entry_for_closed_or_panel_surveys(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    """A closed survey takes no answers by any route; a panel survey is for
    its signed-in members only."""
    from surveys.services import survey_close

    closed = make_survey(organisation, questions=QUESTIONS)
    survey_close(survey=closed)
    client.force_login(people["commissioner"])
    page = client.get(_url(closed)).content.decode()
    assert "Answers can be entered only while the survey is open" in page
    pick, _why = _fields(closed)
    client.post(_url(closed), {"submission_key": "x", "channel": "paper", pick: "A"})
    assert not Response.objects.exists()
