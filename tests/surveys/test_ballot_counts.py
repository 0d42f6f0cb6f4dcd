"""Ballot outcomes are counted in the background once per change of the votes, and
pages show the stored outcome without counting (issue #20)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from fractions import Fraction
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.jobs import JobStatus, jobs_sweep
from cocommission.organisations.models import Organisation
from surveys import ballot_counts
from surveys.ballots import ballot_publish, option_save, vote_cast
from surveys.models import Ballot, BallotCount, BallotOption, BallotRecount, Vote
from surveys.pb_rules import Election, equal_shares, greedy_by_votes
from tests.cycles.factories import ActivityFactory, CycleFactory
from tests.panels.factories import consenting_citizen

pytestmark = pytest.mark.django_db

OPTIONS = [("Garden", 40), ("Library hours", 40), ("Youth club", 40), ("Mural", 10)]


def _text(response: Any) -> str:
    return " ".join(response.content.decode().split())


@contextmanager
def _never_counts() -> Iterator[None]:
    """Fail the test if either rule runs."""
    refuse = AssertionError("a page counted the votes")
    with (
        mock.patch.object(ballot_counts, "greedy_by_votes", side_effect=refuse),
        mock.patch.object(ballot_counts, "equal_shares", side_effect=refuse),
    ):
        yield


def _make_ballot(organisation: Organisation, options: list[tuple[str, int]]) -> Ballot:
    ballot = Ballot.objects.create(
        activity=ActivityFactory(cycle=CycleFactory(organisation=organisation)),
        title="Community chest",
        budget=Decimal("100"),
    )
    for title, cost in options:
        option_save(option=BallotOption(ballot=ballot, title=title, cost=Decimal(cost)))
    ballot_publish(ballot=ballot)
    return ballot


@pytest.fixture
def ballot(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> Ballot:
    """An open ballot whose (empty) outcome is counted and stored."""
    with django_capture_on_commit_callbacks(execute=True):
        return _make_ballot(organisation, OPTIONS)


def _ids(ballot: Ballot, *titles: str) -> list[int]:
    return list(ballot.options.filter(title__in=titles).values_list("pk", flat=True))


def _detail(ballot: Ballot) -> str:
    return reverse(
        "surveys:ballot",
        kwargs={"org_slug": ballot.activity.cycle.organisation.slug, "pk": ballot.pk},
    )


def _vote(ballot: Ballot, voter: User, *titles: str) -> None:
    """A citizen votes through the ballot's page, as a person would."""
    client = Client()
    client.force_login(voter)
    response = client.post(ballot.get_vote_url(), {"options": _ids(ballot, *titles)})
    assert response.status_code == 302, _text(response)


def _votes_shown(page: str, title: str) -> str:
    """The votes cell of the option's row on the ballot page."""
    row = page.split(f'<th scope="row" class="govuk-table__header">{title}</th>')[1]
    return row.split('govuk-table__cell--numeric">')[2].split("<")[0]


def test_a_vote_makes_the_outcome_stale_and_the_next_count_includes_it(
    ballot: Ballot,
    organisation: Organisation,
    people: dict[str, User],
    client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """After a vote the page shows the last count with a note that it is being
    counted again, and how many votes came since; once the recount ran, the page
    shows the vote."""
    client.force_login(people["commissioner"])
    page = _text(client.get(_detail(ballot)))
    assert "Counted at" in page and _votes_shown(page, "Mural") == "0"
    with django_capture_on_commit_callbacks() as queued:
        _vote(ballot, consenting_citizen(organisation), "Mural", "Garden")
    assert len(queued) == 1  # the recount, handed to the broker after commit
    count = BallotCount.objects.get(ballot=ballot)
    assert not count.is_current and count.votes_since == 1
    with _never_counts():
        page = _text(client.get(_detail(ballot)))
    assert "Being counted again: 1 vote since these results were counted at" in page
    assert 'id="count-progress"' in page and "Waiting to start" in page
    assert "Refresh to see progress" in page
    assert _votes_shown(page, "Mural") == "0"  # the last stored count, meanwhile
    for callback in queued:
        callback()
    page = _text(client.get(_detail(ballot)))
    assert "Being counted again" not in page and "Counted at" in page
    assert _votes_shown(page, "Mural") == "1"
    assert BallotCount.objects.get(ballot=ballot).is_current


@pytest.mark.parametrize(
    "state", ["current", "stale", "never counted", "made before counts were kept"]
)
def test_the_ballot_page_never_counts(
    state: str,
    ballot: Ballot,
    organisation: Organisation,
    people: dict[str, User],
    client: Client,
) -> None:
    """Whether the stored outcome is current, stale or missing, showing the page
    runs neither rule; with no outcome yet it says the results are being
    counted."""
    if state == "stale":
        vote_cast(
            ballot=ballot,
            user=consenting_citizen(organisation),
            option_ids=_ids(ballot, "Mural"),
        )
    if state == "never counted":
        ballot = _make_ballot(organisation, OPTIONS)
    if state == "made before counts were kept":
        ballot = Ballot.objects.create(
            activity=ballot.activity, title="Old fund", budget=Decimal("100")
        )
        for title, cost in OPTIONS:
            BallotOption.objects.create(ballot=ballot, title=title, cost=Decimal(cost))
    client.force_login(people["commissioner"])
    with _never_counts():
        response = client.get(_detail(ballot))
        htmx = client.get(_detail(ballot), headers={"HX-Request": "true"})
    assert response.status_code == htmx.status_code == 200
    page = _text(response)
    expected = {
        "current": "Counted at",
        "stale": "Being counted again",
        "never counted": "Results are being counted.",
        "made before counts were kept": "Results are being counted.",
    }[state]
    assert expected in page and expected in _text(htmx)
    assert ('hx-trigger="every 2s"' in page) == (state != "current")
    # A ballot left without a count gets one queued, once.
    assert BallotRecount.objects.filter(ballot=ballot, status="queued").count() == (
        state != "current"
    )
    assert "Garden" in page


def test_many_votes_in_a_row_queue_one_recount(
    ballot: Ballot,
    organisation: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Votes cast while a recount waits join it: five votes, one recount, which
    counts all five."""
    with django_capture_on_commit_callbacks() as queued:
        for _i in range(5):
            _vote(ballot, consenting_citizen(organisation), "Garden")
    assert len(queued) == 1
    assert BallotRecount.objects.filter(ballot=ballot, status="queued").count() == 1
    for callback in queued:
        callback()
    count = BallotCount.objects.get(ballot=ballot)
    assert count.is_current and count.outcome is not None
    assert count.outcome["voters"] == 5
    assert BallotRecount.objects.filter(ballot=ballot).count() == 1


def test_a_vote_during_a_count_is_counted_by_the_next_one(
    ballot: Ballot,
    organisation: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """A vote that arrives while a recount is counting is not lost: the recount
    stores what it counted and queues the next one, which includes the vote."""
    with django_capture_on_commit_callbacks() as queued:
        _vote(ballot, consenting_citizen(organisation), "Garden")
    late_voter = consenting_citizen(organisation)
    real_count = ballot_counts.count_outcome

    def count_while_someone_votes(counted: Ballot, **kwargs: Any) -> dict[str, Any]:
        outcome = real_count(counted, **kwargs)
        if not Ballot.objects.filter(votes__voter=late_voter).exists():
            vote_cast(ballot=counted, user=late_voter, option_ids=_ids(ballot, "Mural"))
        return outcome

    with (
        mock.patch.object(ballot_counts, "count_outcome", count_while_someone_votes),
        django_capture_on_commit_callbacks(execute=True),
    ):
        for callback in queued:
            callback()
    count = BallotCount.objects.get(ballot=ballot)
    assert count.is_current and count.outcome is not None
    assert count.outcome["voters"] == 2


def test_deciding_waits_for_the_count_of_the_final_votes(
    ballot: Ballot,
    organisation: Organisation,
    people: dict[str, User],
    client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Closing the vote queues a final count; until it has run, the decision is
    refused with a message to wait, and afterwards it funds what the final votes
    fund."""
    with django_capture_on_commit_callbacks(execute=True):
        for _i in range(3):
            _vote(ballot, consenting_citizen(organisation), "Garden", "Mural")
    state = reverse(
        "surveys:ballot_state",
        kwargs={"org_slug": organisation.slug, "pk": ballot.pk},
    )
    decide = reverse(
        "surveys:ballot_decide",
        kwargs={"org_slug": organisation.slug, "pk": ballot.pk},
    )
    client.force_login(people["commissioner"])
    with django_capture_on_commit_callbacks() as queued:
        client.post(state, {"action": "close"})
    client.force_login(people["decision_maker"])
    page = _text(client.get(_detail(ballot)))
    assert "The final votes are still being counted." in page
    assert 'name="rationale"' not in page
    response = client.post(
        decide, {"rule": "equal_shares", "rationale": "Fair"}, follow=True
    )
    assert "Record the decision once the results on this page are up to date" in (
        _text(response)
    )
    ballot.refresh_from_db()
    assert ballot.decision is None
    with django_capture_on_commit_callbacks(execute=True):
        for callback in queued:
            callback()
    assert 'name="rationale"' in _text(client.get(_detail(ballot)))
    client.post(decide, {"rule": "equal_shares", "rationale": "Fair"})
    ballot.refresh_from_db()
    assert ballot.decision is not None
    assert "Garden" in ballot.decision.decided and "Mural" in ballot.decision.decided


def test_a_failed_count_is_shown_and_can_be_run_again(
    ballot: Ballot,
    organisation: Organisation,
    people: dict[str, User],
    client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """A count that fails says so on the page, keeps the outcome before, and the
    team can ask for it again."""
    with django_capture_on_commit_callbacks() as queued:
        _vote(ballot, consenting_citizen(organisation), "Garden")
    with (
        mock.patch.object(
            ballot_counts, "count_outcome", side_effect=RuntimeError("disk full")
        ),
        pytest.raises(RuntimeError),  # tasks run here, and their errors propagate
    ):
        for callback in queued:
            callback()
    client.force_login(people["commissioner"])
    page = _text(client.get(_detail(ballot)))
    assert "Count failed" in page and "disk full" in page
    assert "The results below are from the count before." in page
    state = reverse(
        "surveys:ballot_state",
        kwargs={"org_slug": organisation.slug, "pk": ballot.pk},
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(state, {"action": "recount"})
    page = _text(client.get(_detail(ballot)))
    assert "Count failed" not in page and _votes_shown(page, "Garden") == "1"


def test_the_sweep_runs_a_recount_the_broker_never_got(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    """A recount queued while the broker was away (never handed over) is run by
    the job sweep, like every background job."""
    with django_capture_on_commit_callbacks():  # the broker never hears of it
        ballot = _make_ballot(organisation, OPTIONS)
    recount = BallotRecount.objects.get(ballot=ballot, status=JobStatus.QUEUED)
    later = recount.created_at + datetime.timedelta(seconds=30)
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs_sweep(now=later) >= 1
    recount.refresh_from_db()
    assert recount.status == JobStatus.DONE
    assert BallotCount.objects.get(ballot=ballot).is_current


def test_the_stored_outcome_is_the_rules_outcome(
    ballot: Ballot,
    organisation: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """What is stored and read back is exactly what the rules decided: funded
    options, steps with their exact fractions, ties and the tie order."""
    with django_capture_on_commit_callbacks(execute=True):
        for choice, times in [(("Garden", "Library hours"), 6), (("Youth club",), 4)]:
            for _i in range(times):
                _vote(ballot, consenting_citizen(organisation), *choice)
    count = BallotCount.objects.get(ballot=ballot)
    assert count.is_current and count.outcome is not None
    stored = ballot_counts.result_from(count.outcome, list(ballot.options.all()))
    pairs = Vote.choices.through.objects.filter(vote__ballot=ballot).values_list(
        "vote_id", "ballotoption_id"
    )
    election = Election.from_pairs(
        {str(o.pk): Fraction(o.cost) for o in ballot.options.all()},
        ((vote, str(option)) for vote, option in pairs),
        Fraction(ballot.budget),
    )
    assert stored is not None and stored.voters == 10
    assert stored.by_votes == greedy_by_votes(election, tie_seed=ballot.pk)
    assert stored.by_equal_shares == equal_shares(
        election, completion="add1", tie_seed=ballot.pk
    )
    assert stored.by_equal_shares.steps and stored.by_equal_shares.ties
    assert {r.option.title: r.votes for r in stored.options}["Youth club"] == 4


def _counted_ballot(
    organisation: Organisation,
    options: list[tuple[str, int]],
    voters: int,
    capture: Callable[..., Any],
) -> Ballot:
    with capture(execute=True):
        ballot = _make_ballot(organisation, options)
        ids = list(ballot.options.values_list("pk", flat=True))
        for number in range(voters):
            vote_cast(
                ballot=ballot,
                user=consenting_citizen(organisation),
                option_ids=[ids[number % len(ids)]],
            )
    return ballot


def test_the_ballot_page_makes_the_same_queries_whatever_the_size(
    organisation: Organisation,
    people: dict[str, User],
    client: Client,
    django_assert_num_queries: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """With a stored outcome, the page costs a fixed number of queries, for 4
    options and 2 voters or 30 options and 40 voters, and counts nothing."""
    small = _counted_ballot(
        organisation, OPTIONS, 2, django_capture_on_commit_callbacks
    )
    big = _counted_ballot(
        organisation,
        [(f"Option {n}", 3) for n in range(30)],
        40,
        django_capture_on_commit_callbacks,
    )
    client.force_login(people["commissioner"])
    client.get(_detail(small))  # the session and permissions, loaded once
    with _never_counts(), django_assert_num_queries(10) as few:
        assert client.get(_detail(small)).status_code == 200
    with _never_counts(), django_assert_num_queries(len(few.captured_queries)):
        page = _text(client.get(_detail(big)))
    assert "Option 29" in page and "from 40 votes" in page


def test_a_recount_waits_while_another_counts_the_same_ballot(
    ballot: Ballot,
    organisation: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Two workers never count one ballot at once: a recount delivered while
    another runs stays waiting, and the running one hands it on when done."""
    from cocommission.jobs import job_claim

    with django_capture_on_commit_callbacks() as first:
        _vote(ballot, consenting_citizen(organisation), "Garden")
    running = BallotRecount.objects.get(ballot=ballot, status="queued")
    assert job_claim(BallotRecount, running.pk, run_id="other-worker") is not None
    with django_capture_on_commit_callbacks() as second:
        _vote(ballot, consenting_citizen(organisation), "Mural")
    waiting = BallotRecount.objects.get(ballot=ballot, status="queued")
    with _never_counts():
        for callback in second:
            callback()  # delivered to a second worker: it leaves the job waiting
    waiting.refresh_from_db()
    assert waiting.status == JobStatus.QUEUED and waiting.attempts == 0
    assert len(first) == 1
    with django_capture_on_commit_callbacks(execute=True):
        ballot_counts.ballot_recount_run(running, run_id="other-worker")
    waiting.refresh_from_db()
    assert waiting.status == JobStatus.DONE
    count = BallotCount.objects.get(ballot=ballot)
    assert count.is_current and count.outcome is not None
    assert count.outcome["voters"] == 2


@pytest.mark.django_db(transaction=True)
def test_the_migration_queues_a_first_count_for_every_existing_ballot(
    organisation: Organisation,
) -> None:
    """Ballots made before outcomes were stored get a count row and a waiting
    recount from the migration, which the job sweep hands to a worker."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("surveys", "0012_text_answers_indexes")]
    ballot = Ballot.objects.create(
        activity=ActivityFactory(cycle=CycleFactory(organisation=organisation)),
        title="Old fund",
        budget=Decimal("100"),
    )
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    finally:
        MigrationExecutor(connection).migrate(
            MigrationExecutor(connection).loader.graph.leaf_nodes()
        )
    count = BallotCount.objects.get(ballot=ballot)
    assert (count.version, count.counted_version) == (1, None)
    recount = BallotRecount.objects.get(ballot=ballot)
    later = recount.created_at + datetime.timedelta(seconds=30)
    assert list(BallotRecount.objects.waiting_for_broker(now=later)) == [recount]
