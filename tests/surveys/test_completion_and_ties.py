"""Equal Shares with the completion the team chose, and ties told to the decision
maker: through the settings form and the ballot page, checked against the rules'
own module and against pabutools' completion."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from surveys.ballots import (
    ballot_close,
    ballot_decide,
    ballot_publish,
    option_save,
    vote_cast,
)
from surveys.models import Ballot, BallotOption
from tests.cycles.factories import ActivityFactory, CycleFactory
from tests.panels.factories import consenting_citizen
from tests.surveys.factories import count_ballot_now
from tests.surveys.test_pb_rules import pabutools_funds


def _settings_post(client: Client, ballot: Ballot, completion: str) -> Any:
    org = ballot.activity.cycle.organisation.slug
    return client.post(
        reverse("surveys:ballot_edit", kwargs={"org_slug": org, "pk": ballot.pk}),
        {
            "title": ballot.title,
            "budget": str(ballot.budget),
            "rule": "knapsack",
            "completion": completion,
            "eligibility": "citizens",
            "allow_changes": "on",
        },
    )


def _ballot(organisation: Organisation, costs: list[int], budget: int) -> Ballot:
    ballot = Ballot.objects.create(
        activity=ActivityFactory(cycle=CycleFactory(organisation=organisation)),
        title="Pot",
        budget=Decimal(budget),
    )
    for n, cost in enumerate(costs):
        option_save(option=BallotOption(ballot=ballot, title=f"O{n}", cost=cost))
    return ballot


def _funded_on_page(client: Client, ballot: Ballot) -> set[str]:
    """The options the page marks funded in the Equal Shares column."""
    import re

    page = client.get(ballot.get_absolute_url()).content.decode()
    funded = set()
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", page, re.S):
        title = re.search(r'scope="row" class="govuk-table__header">(.*?)</th>', row)
        cells = re.findall(r"<td class=\"govuk-table__cell\">(.*?)</td>", row, re.S)
        if title and len(cells) >= 2 and "Funded" in cells[1] and "Not" not in cells[1]:
            funded.add(title.group(1).strip())
    return funded


@pytest.mark.django_db
def test_the_settings_form_refuses_no_completion_and_keeps_what_was_typed(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    ballot = _ballot(organisation, [10, 20], 30)
    client.force_login(people["commissioner"])
    response = _settings_post(client, ballot, "")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose what Equal Shares does with money it leaves" in page
    assert 'value="Pot"' in page


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    costs=st.lists(st.integers(1, 20), min_size=2, max_size=6),
    budget=st.integers(20, 120),
    approvals=st.lists(st.sets(st.integers(0, 5), min_size=1), min_size=1, max_size=8),
    completion=st.sampled_from(["none", "add1", "epsilon"]),
)
def test_the_page_funds_what_pabutools_funds_with_the_chosen_completion(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    costs: list[int],
    budget: int,
    approvals: list[set[int]],
    completion: str,
) -> None:
    """The team picks a completion on the settings form; the page's Equal Shares
    column funds what pabutools funds with that completion (ties broken in the
    order the count publishes)."""
    ballot = _ballot(organisation, costs, budget)
    client.force_login(people["commissioner"])
    assert _settings_post(client, ballot, completion).status_code == 302
    ballot.refresh_from_db()
    assert ballot.completion == completion
    ballot_publish(ballot=ballot)
    options = list(ballot.options.order_by("position"))
    affordable = [o for o in options if o.cost <= budget]
    for chosen in approvals:
        picks = [affordable[i] for i in chosen if i < len(affordable)]
        picks = [o for o in picks if o.cost <= budget]
        while picks and sum(o.cost for o in picks) > budget:
            picks.pop()
        if picks:
            vote_cast(
                ballot=ballot,
                user=consenting_citizen(organisation),
                option_ids=[o.pk for o in picks],
            )
    ballot_close(ballot=ballot)
    count_ballot_now(ballot)
    shown = _funded_on_page(client, ballot)

    from surveys.ballot_counts import ballot_stored_result

    result = ballot_stored_result(ballot)
    assert result is not None and result.by_equal_shares is not None
    assert result.by_equal_shares.completion == completion
    ballots = [
        {str(pk) for pk in vote.choices.values_list("pk", flat=True)}
        for vote in ballot.votes.all()
    ]
    titles = {str(o.pk): o.title for o in options}
    theirs = (
        pabutools_funds(
            {str(o.pk): Fraction(o.cost) for o in options},
            ballots,
            Fraction(budget),
            result.by_equal_shares,
        )
        if ballots
        else set()
    )
    assert shown == {titles[k] for k in theirs}


@pytest.mark.django_db
def test_a_tie_that_decided_the_result_is_told_on_the_page_and_in_the_decision(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """Two options with the same cost and votes, room for one: the page says a
    tie decided it, names both, and the decision records it."""
    ballot = _ballot(organisation, [60, 60], 100)
    ballot_publish(ballot=ballot)
    a, b = ballot.options.order_by("position")
    for option in (a, b):
        vote_cast(
            ballot=ballot,
            user=consenting_citizen(organisation),
            option_ids=[option.pk],
        )
    ballot_close(ballot=ballot)
    count_ballot_now(ballot)
    client.force_login(people["commissioner"])
    page = " ".join(client.get(ballot.get_absolute_url()).content.decode().split())
    assert "A tie decided part of this result." in page
    assert "Most votes first: O0, O1 were level" in page or (
        "Most votes first: O1, O0 were level" in page
    )
    decision = ballot_decide(
        ballot=ballot, by=people["decision_maker"], rule="votes", rationale="Fair"
    )
    assert "were level (the same votes and cost)" in decision.decided
