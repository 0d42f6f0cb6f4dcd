"""Participatory budgeting: rules checked against pabutools, votes within budget,
decisions in the log, and Pabulib files."""

from __future__ import annotations

import random
import re
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from pabutools.election import (
    Cost_Sat,
    parse_pabulib,
)
from pabutools.rules import method_of_equal_shares
from pabutools.tiebreaking import TieBreakingRule

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from cycles.models import DecisionKind
from surveys.ballots import (
    AlreadyVoted,
    ballot_close,
    ballot_decide,
    ballot_pabulib,
    ballot_publish,
    ballot_results,
    ballot_save,
    option_save,
    vote_cast,
)
from surveys.models import Ballot, BallotOption, Vote, VotingRule
from surveys.pabulib import PabulibElection
from surveys.pabulib import parse_pabulib as read_pb
from tests.cycles.factories import ActivityFactory, CycleFactory
from tests.panels.factories import consenting_citizen
from tests.surveys.factories import count_ballot_now


@pytest.fixture
def ballot(organisation: Organisation) -> Ballot:
    cycle = CycleFactory(organisation=organisation)
    ballot = Ballot.objects.create(
        activity=ActivityFactory(cycle=cycle),
        title="Community chest",
        budget=Decimal("100"),
        # These tests check Equal Shares as Peters and Skowron define it, with
        # nothing added (completions: test_completion_and_ties.py).
        completion="none",
    )
    for title, cost in [
        ("Garden", 40),
        ("Library hours", 40),
        ("Youth club", 40),
        ("Mural", 10),
    ]:
        option_save(option=BallotOption(ballot=ballot, title=title, cost=Decimal(cost)))
    ballot_publish(ballot=ballot)
    return ballot


def _ids(ballot: Ballot, *titles: str) -> list[int]:
    return list(ballot.options.filter(title__in=titles).values_list("pk", flat=True))


@pytest.mark.django_db
def test_a_vote_over_the_budget_is_refused_with_the_figures(
    ballot: Ballot, organisation: Organisation
) -> None:
    voter = consenting_citizen(organisation)
    with pytest.raises(ValidationError, match="£120.00, more than the £100.00 budget"):
        vote_cast(
            ballot=ballot,
            user=voter,
            option_ids=_ids(ballot, "Garden", "Library hours", "Youth club"),
        )
    vote = vote_cast(
        ballot=ballot, user=voter, option_ids=_ids(ballot, "Garden", "Mural")
    )
    assert vote.total_cost == Decimal("50")
    vote_cast(ballot=ballot, user=voter, option_ids=_ids(ballot, "Library hours"))
    assert Vote.objects.get().choices.get().title == "Library hours"


@pytest.mark.django_db
def test_the_database_refuses_a_vote_over_the_budget(
    ballot: Ballot, organisation: Organisation
) -> None:
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Vote.objects.create(
            ballot=ballot,
            voter=consenting_citizen(organisation),
            total_cost=Decimal("101"),
            budget=ballot.budget,
        )


@pytest.mark.django_db
def test_votes_need_eligibility_and_can_be_locked(
    ballot: Ballot, other_organisation: Organisation, organisation: Organisation
) -> None:
    outsider = consenting_citizen(other_organisation)
    with pytest.raises(ValidationError, match="invited voters"):
        vote_cast(ballot=ballot, user=outsider, option_ids=_ids(ballot, "Mural"))
    ballot.allow_changes = False
    ballot.save()
    voter = consenting_citizen(organisation)
    vote_cast(ballot=ballot, user=voter, option_ids=_ids(ballot, "Mural"))
    with pytest.raises(AlreadyVoted):
        vote_cast(ballot=ballot, user=voter, option_ids=_ids(ballot, "Garden"))


@pytest.mark.django_db
def test_approval_ballots_limit_the_number_of_choices(
    ballot: Ballot, organisation: Organisation
) -> None:
    ballot.rule, ballot.max_choices = VotingRule.APPROVAL, 2
    ballot.save()
    voter = consenting_citizen(organisation)
    with pytest.raises(ValidationError, match="at most 2"):
        vote_cast(
            ballot=ballot,
            user=voter,
            option_ids=_ids(ballot, "Garden", "Mural", "Youth club"),
        )


@pytest.mark.django_db(transaction=True)
def test_parallel_votes_never_exceed_the_budget(
    ballot: Ballot, organisation: Organisation
) -> None:
    """Twenty racing requests from one person, half of them over budget: one vote
    is kept, within the budget."""
    voter = consenting_citizen(organisation)
    rng = random.Random(3)
    options = list(ballot.options.values_list("pk", flat=True))
    attempts = [rng.sample(options, rng.randint(1, 4)) for _i in range(20)]

    def send(choice: list[int]) -> str:
        try:
            vote_cast(ballot=ballot, user=voter, option_ids=choice)
            return "kept"
        except ValidationError:
            return "refused"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=10) as pool:
        outcomes = list(pool.map(send, attempts))
    assert "kept" in outcomes
    vote = Vote.objects.get()
    assert vote.total_cost <= ballot.budget
    assert sum(o.cost for o in vote.choices.all()) == vote.total_cost


@pytest.mark.django_db
def test_results_decision_and_pabulib(
    ballot: Ballot, organisation: Organisation, people: dict[str, User], tmp_path: Path
) -> None:
    """Both rules' results; a decision maker records one in the decision log; the
    Pabulib file reads back in pabutools with the same Equal Shares outcome."""
    for choice, times in [
        (("Garden", "Library hours"), 6),
        (("Youth club", "Mural"), 4),
    ]:
        for _i in range(times):
            vote_cast(
                ballot=ballot,
                user=consenting_citizen(organisation),
                option_ids=_ids(ballot, *choice),
            )
    result = ballot_results(ballot)
    by_votes = {r.option.title for r in result.options if r.by_votes}
    by_shares = {r.option.title for r in result.options if r.by_equal_shares}
    assert by_votes == {"Garden", "Library hours", "Mural"}
    # Youth club and Mural are level on price for their four voters: the cheaper
    # Mural goes first and the tie is reported; Garden and Library hours are level
    # in every way, so the ballot's shuffled order picks one.
    assert "Mural" in by_shares and "Youth club" not in by_shares
    assert len(by_shares & {"Garden", "Library hours"}) == 1
    assert result.by_equal_shares is not None
    assert result.by_equal_shares.decided_by_tie
    with pytest.raises(ValidationError, match="Close the vote"):
        ballot_decide(
            ballot=ballot,
            by=people["decision_maker"],
            rule="equal_shares",
            rationale="Fair",
        )
    ballot_close(ballot=ballot)
    with pytest.raises(ValidationError, match="still being counted"):
        ballot_decide(
            ballot=ballot,
            by=people["decision_maker"],
            rule="equal_shares",
            rationale="Fair",
        )
    count_ballot_now(ballot)
    decision = ballot_decide(
        ballot=ballot,
        by=people["decision_maker"],
        rule="equal_shares",
        rationale="Fair",
    )
    assert decision.kind == DecisionKind.BUDGET
    assert "Mural" in decision.decided
    assert list(decision.citizen_input.all()) == [ballot.activity]
    path = tmp_path / "ballot.pb"
    path.write_text(ballot_pabulib(ballot), encoding="utf-8")
    instance, profile = parse_pabulib(str(path))
    assert len(profile) == 10
    place = {key: i for i, key in enumerate(result.by_equal_shares.tie_order)}
    funded = {
        p.name
        for p in method_of_equal_shares(
            instance,
            profile,
            sat_class=Cost_Sat,
            tie_breaking=TieBreakingRule(lambda _i, _p, p: place[p.name]),
        )
    }
    titles = dict(ballot.options.values_list("pk", "title"))
    assert {titles[int(name)] for name in funded} == by_shares


@pytest.mark.django_db
def test_pabulib_file_names_the_rule_and_marks_what_it_funded(
    ballot: Ballot, organisation: Organisation
) -> None:
    """The .pb file names the rule whose outcome it carries and marks the funded
    options; a title with a semicolon, quotes and a line break comes back exactly;
    the least spend and the voting dates are written. Without an outcome the rule
    is written as unknown and nothing is marked."""
    mural = ballot.options.get(title="Mural")
    mural.title = 'Mural; the "big"\nwall'
    option_save(option=mural)
    ballot.min_spend = Decimal("10")
    ballot_save(ballot=ballot)
    for choice, times in [(("Garden", "Library hours"), 3), (("Youth club",), 2)]:
        for _i in range(times):
            vote_cast(
                ballot=ballot,
                user=consenting_citizen(organisation),
                option_ids=_ids(ballot, *choice),
            )
    ballot_close(ballot=ballot)
    ballot.refresh_from_db()
    outcome = ballot_results(ballot).by_equal_shares
    assert outcome is not None
    parsed = read_pb(ballot_pabulib(ballot, outcome=outcome))
    assert isinstance(parsed, PabulibElection), parsed
    assert parsed.meta["rule"] == "equalshares"
    assert parsed.meta["min_sum_cost"] == "10.00"
    for key in ("date_begin", "date_end"):
        assert re.fullmatch(r"\d\d\.\d\d\.\d{4}", parsed.meta[key])
    assert 'Mural; the "big"\nwall' in {p.name for p in parsed.projects}
    funded = {p.project_id for p in parsed.projects if p.selected == 1}
    assert funded == set(outcome.funded) and funded
    assert {p.selected for p in parsed.projects} == {0, 1}
    plain = read_pb(ballot_pabulib(ballot))
    assert isinstance(plain, PabulibElection)
    assert plain.meta["rule"] == "unknown"
    assert {p.selected for p in plain.projects} == {None}
    assert len(plain.votes) == 5


@pytest.mark.django_db
def test_ballot_screens(
    client: Client, ballot: Ballot, organisation: Organisation, people: dict[str, User]
) -> None:
    """A citizen votes on the page (an over-budget choice is explained and kept);
    the team sees the results; only a decision maker records the decision."""
    voter = consenting_citizen(organisation)
    client.force_login(voter)
    url = ballot.get_vote_url()
    response = client.post(
        url, {"options": _ids(ballot, "Garden", "Library hours", "Youth club")}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "more than the £100.00 budget" in content
    assert content.count("checked") == 3
    assert client.post(url, {"options": _ids(ballot, "Garden")}).status_code == 302
    assert "You have voted" in client.get(url).content.decode()
    detail = reverse(
        "surveys:ballot", kwargs={"org_slug": organisation.slug, "pk": ballot.pk}
    )
    assert client.get(detail).status_code == 403
    client.force_login(people["commissioner"])
    assert "Equal Shares" in client.get(detail).content.decode()
    ballot_close(ballot=ballot)
    count_ballot_now(ballot)
    decide = reverse(
        "surveys:ballot_decide", kwargs={"org_slug": organisation.slug, "pk": ballot.pk}
    )
    assert client.post(decide, {"rule": "votes", "rationale": "r"}).status_code == 403
    client.force_login(people["decision_maker"])
    client.post(decide, {"rule": "votes", "rationale": "Most wanted"})
    ballot.refresh_from_db()
    assert ballot.decision is not None
    anonymous = Client()
    assert anonymous.get(url).status_code == 302


@pytest.mark.django_db
def test_without_javascript_update_my_total_shows_the_sum_and_casts_nothing(
    ballot: Ballot, organisation: Organisation, client: Client
) -> None:
    """The ballot page's "Update my total" button adds up what is ticked, says by
    how much it is over, keeps the ticks, and records no vote."""
    voter = consenting_citizen(organisation)
    client.force_login(voter)
    page = client.get(ballot.get_vote_url()).content.decode()
    assert "Chosen: 0 options costing £0.00 of £100.00." in page
    chosen = _ids(ballot, "Garden", "Library hours", "Youth club")
    response = client.post(
        ballot.get_vote_url(), {"options": chosen, "action": "total"}
    )
    assert response.status_code == 200
    page = " ".join(response.content.decode().split())
    assert "Chosen: 3 options costing £120.00 of £100.00." in page
    assert "That is £20.00 over the budget." in page
    for pk in chosen:
        assert re.search(rf'value="{pk}" data-cost="40.00"[^>]*\bchecked', page)
    assert not Vote.objects.filter(ballot=ballot).exists()
