"""Words and numbers (issue #16), read from the pages people get: a paged
survey does not number every question "1.", a hint is not said twice, a missing
answer names its question, a small share is never "0%", and a vote nobody has
voted in funds nothing."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from assets.models import ResourceLine
from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from surveys.ballots import ballot_publish, option_save
from surveys.models import Ballot, BallotOption, Kind
from tests.cycles.factories import ActivityFactory, CycleFactory
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db


def _text(response: object) -> str:
    return re.sub(r"\s+", " ", response.content.decode())  # type: ignore[attr-defined]


def test_a_paged_survey_numbers_by_its_progress_not_1_each_time(
    client: Client, organisation: Organisation
) -> None:
    survey = make_survey(
        organisation,
        layout="one_per_page",
        questions=[
            {"kind": Kind.SHORT_TEXT, "text": "Your first name"},
            {
                "kind": Kind.MULTIPLE,
                "text": "What helps?",
                "options": ["Visits", "Calls"],
                "help_text": "Tick all that apply.",
            },
        ],
    )
    url = survey.get_answer_url()
    first = _text(client.get(url))
    assert "Question 1 of 2" in first and "1. Your first name" not in first
    client.post(f"{url}?step=0", {survey.questions.get(position=0).field_name: "Al"})
    second = _text(client.get(f"{url}?step=1"))
    assert "Question 2 of 2" in second
    assert "1. What helps?" not in second and "What helps?" in second
    # The author's hint is said once, and ours not after it.
    assert second.count("all that apply") == 1


def test_our_hint_is_given_where_the_author_gave_none(
    client: Client, organisation: Organisation
) -> None:
    survey = make_survey(
        organisation,
        questions=[
            {"kind": Kind.MULTIPLE, "text": "What helps?", "options": ["A", "B"]}
        ],
    )
    page = _text(client.get(survey.get_answer_url()))
    assert "Choose all that apply." in page


def test_each_missing_answer_names_its_question(
    client: Client, organisation: Organisation
) -> None:
    survey = make_survey(
        organisation,
        questions=[
            {"kind": Kind.SHORT_TEXT, "text": "Your street", "required": True},
            {"kind": Kind.SHORT_TEXT, "text": "Your town", "required": True},
        ],
    )
    page = client.get(survey.get_answer_url()).content.decode()
    key = re.search(r'name="submission_key" value="([^"]+)"', page)
    assert key
    response = client.post(survey.get_answer_url(), {"submission_key": key.group(1)})
    content = _text(response)
    summary = content.split("govuk-error-summary__list")[1].split("</ul>")[0]
    assert "Answer “Your street”" in summary and "Answer “Your town”" in summary
    assert "Answer this question" not in content


@pytest.mark.parametrize(
    ("community", "said"),
    [(Decimal(1), "less than 1%"), (Decimal(99_950), "more than 99%"), (0, "0%")],
)
def test_a_share_reads_as_it_is(
    client: Client,
    organisation: Organisation,
    people: dict[str, User],
    community: Decimal,
    said: str,
) -> None:
    cycle = CycleFactory(organisation=organisation, by=people["commissioner"])
    ResourceLine.objects.create(
        cycle=cycle,
        source="public_budget",
        label="Grant",
        amount=Decimal(100_000) - community,
    )
    if community:
        ResourceLine.objects.create(
            cycle=cycle, source="crowdfunding", label="Appeal", amount=community
        )
    client.force_login(people["commissioner"])
    kwargs = {"org_slug": organisation.slug, "cycle_pk": cycle.pk}
    page = _text(client.get(reverse("assets:cycle_resources", kwargs=kwargs)))
    assert f"Communities bring {said} of the resources." in page
    across = _text(
        client.get(reverse("assets:resources", kwargs={"org_slug": organisation.slug}))
    )
    assert said in across


def test_a_vote_nobody_voted_in_funds_nothing(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    cycle = CycleFactory(organisation=organisation, by=people["commissioner"])
    ballot = Ballot.objects.create(
        activity=ActivityFactory(cycle=cycle), title="Chest", budget=Decimal(100)
    )
    for title in ("Garden", "Mural"):
        option_save(option=BallotOption(ballot=ballot, title=title, cost=Decimal(10)))
    ballot_publish(ballot=ballot)
    client.force_login(people["commissioner"])
    page = _text(
        client.get(
            reverse(
                "surveys:ballot",
                kwargs={"org_slug": organisation.slug, "pk": ballot.pk},
            )
        )
    )
    table = page.split("<tbody")[1].split("</tbody>")[0]
    assert "Funded" not in table.replace("Not funded", "")
