"""A ballot's votes are counted by a real Celery worker, through Redis."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from surveys.ballots import ballot_publish, option_save
from surveys.models import Ballot, BallotCount, BallotOption
from tests.cycles.factories import ActivityFactory, CycleFactory
from tests.integration.conftest import WorkerProcess
from tests.panels.factories import consenting_citizen

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def _counted(ballot: Ballot, voters: int, worker: WorkerProcess) -> BallotCount:
    """The ballot's count, once it is current and holds ``voters`` votes."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        count = BallotCount.objects.filter(ballot=ballot).first()
        if (
            count is not None
            and count.is_current
            and count.outcome is not None
            and count.outcome["voters"] == voters
        ):
            return count
        time.sleep(0.2)
    pytest.fail(f"The worker did not count {voters} votes:\n{worker.log_text()}")


def test_votes_cast_on_the_page_are_counted_by_the_worker(
    real_queue: WorkerProcess,
    organisation: Organisation,
    people: dict[str, User],
) -> None:
    """Each vote queues a recount after commit; the worker counts it and stores
    the outcome, which the ballot page then shows without counting."""
    ballot = Ballot.objects.create(
        activity=ActivityFactory(cycle=CycleFactory(organisation=organisation)),
        title="Neighbourhood fund",
        budget=Decimal("100"),
    )
    for title, cost in [("Play area", 60), ("Benches", 30), ("Lighting", 50)]:
        option_save(option=BallotOption(ballot=ballot, title=title, cost=Decimal(cost)))
    ballot_publish(ballot=ballot)
    _counted(ballot, 0, real_queue)
    benches = ballot.options.get(title="Benches").pk
    for _i in range(3):
        voter = Client()
        voter.force_login(consenting_citizen(organisation))
        response = voter.post(ballot.get_vote_url(), {"options": [benches]})
        assert response.status_code == 302
    count = _counted(ballot, 3, real_queue)
    assert count.outcome is not None and count.outcome["votes"][str(benches)] == 3
    assert "surveys.tasks.count_ballot" in real_queue.log_text()
    team = Client()
    team.force_login(people["commissioner"])
    page = " ".join(
        team.get(
            reverse(
                "surveys:ballot",
                kwargs={"org_slug": organisation.slug, "pk": ballot.pk},
            )
        )
        .content.decode()
        .split()
    )
    assert "from 3 votes" in page and "Being counted" not in page
