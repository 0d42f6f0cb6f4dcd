"""Redis stopped for real: people still sign in, answer and vote, nothing is
lost, rate limits still count, and background work waits for Redis to return.

Each test runs its own Redis (``spare_redis``) and stops it; the suite's Redis is
left alone."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.cache import shared_cache_is_up
from cocommission.organisations.models import Organisation
from reports.models import Report, ReportStatus
from surveys.ballots import ballot_publish, ballot_save, option_save
from surveys.counting import count_all_waiting
from surveys.models import Ballot, BallotOption, Eligibility, Kind, Response, Vote
from surveys.results import survey_results
from tests.accounts.test_signin import latest_code
from tests.cycles.factories import ActivityFactory, CycleFactory
from tests.panels.factories import consenting_citizen
from tests.resilience.conftest import (
    SpareRedis,
    broker,
    start_prefork_worker,
    wait_for,
)
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db(transaction=True)

ONE_QUESTION = [
    {
        "kind": Kind.SINGLE,
        "text": "Who are you?",
        "options": ["Carer", "User"],
        "required": True,
    }
]


def _ballot(organisation: Organisation) -> Ballot:
    ballot = ballot_save(
        ballot=Ballot(
            activity=ActivityFactory(cycle=CycleFactory(organisation=organisation)),
            title="Parks fund",
            budget=Decimal("100"),
            eligibility=Eligibility.CITIZENS,
        ),
        areas=[],
    )
    for title, cost in [("Benches", 30), ("Lights", 60)]:
        option_save(option=BallotOption(ballot=ballot, title=title, cost=Decimal(cost)))
    return ballot_publish(ballot=ballot)


def test_the_cache_falls_back_to_postgresql_and_back(
    failsafe_cache: SpareRedis,
) -> None:
    """With Redis stopped the cache answers from PostgreSQL (counting still
    works); once Redis is back it is used again."""
    cache.set("before", 1)
    assert cache.get("before") == 1 and shared_cache_is_up()
    failsafe_cache.stop()
    assert cache.get("before") is None  # Redis's values are out of reach
    assert not shared_cache_is_up()
    assert cache.add("count", 1, 60)
    assert cache.incr("count") == 2
    assert cache.get("count") == 2
    failsafe_cache.start()
    from cocommission import cache as failsafe

    failsafe._down_until.clear()  # do not wait out RETRY_AFTER
    cache.set("after", 3)
    assert cache.get("after") == 3 and shared_cache_is_up()


def test_rate_limits_still_count_while_redis_is_down(
    failsafe_cache: SpareRedis, settings: Any
) -> None:
    """Protection is kept: past the limit an anonymous POST gets 429, with the
    counts in PostgreSQL."""
    settings.RATELIMIT_ANONYMOUS_POST_RATE = "3/m"
    failsafe_cache.stop()
    client = Client()
    statuses = [
        client.post(reverse("account_signup"), {"email": "x"}).status_code
        for _ in range(4)
    ]
    assert 429 not in statuses[:3] and statuses[3] == 429


def test_signing_in_with_a_code_works_while_redis_is_down(
    failsafe_cache: SpareRedis, settings: Any
) -> None:
    """The code budgets count in PostgreSQL, and the e-mail with the code is sent
    from the request when the broker cannot take it."""
    settings.ACCOUNT_RATE_LIMITS = django_settings.RATE_LIMIT_DEFAULTS[
        "ACCOUNT_RATE_LIMITS"
    ]
    user = User.objects.create_user(email="sam@example.org")
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    failsafe_cache.stop()
    client = Client()
    with broker(failsafe_cache.url):
        response = client.post(
            reverse("account_request_login_code"), {"email": "sam@example.org"}
        )
    assert response.status_code == 302, response.content
    code = latest_code("sam@example.org")
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert mail.outbox


def test_answers_and_votes_are_kept_while_redis_stops_and_returns(
    failsafe_cache: SpareRedis, organisation: Organisation
) -> None:
    """Threads answer a survey and vote before, during and after a Redis outage:
    no 5xx, no answer or vote lost, and every tally right afterwards."""
    survey = make_survey(organisation, questions=ONE_QUESTION)
    field = survey.questions.get().field_name
    ballot = _ballot(organisation)
    benches = ballot.options.get(title="Benches").pk
    voters = [consenting_citizen(organisation) for _i in range(24)]

    def answer(_i: int) -> int:
        try:
            client = Client()
            page = client.get(survey.get_answer_url())
            if page.status_code != 200:
                return page.status_code
            # A key of its own: the test client's captured context is shared
            # between threads.
            key = str(uuid.uuid4())
            return client.post(
                survey.get_answer_url(), {"submission_key": key, field: "Carer"}
            ).status_code
        finally:
            connection.close()

    def vote(voter: User) -> int:
        try:
            client = Client()
            client.force_login(voter)
            return client.post(
                ballot.get_vote_url(), {"options": [str(benches)]}
            ).status_code
        finally:
            connection.close()

    statuses: list[int] = []

    def wave(number: int) -> None:
        with ThreadPoolExecutor(max_workers=6) as pool:
            answers = pool.map(answer, range(number * 10, number * 10 + 10))
            votes = pool.map(vote, voters[number * 8 : number * 8 + 8])
            statuses.extend([*answers, *votes])

    wave(0)
    failsafe_cache.stop()
    wave(1)
    assert not shared_cache_is_up()  # the middle wave really ran without Redis
    failsafe_cache.start()
    from cocommission import cache as failsafe

    failsafe._down_until.clear()
    wave(2)

    assert all(status < 500 for status in statuses), statuses
    assert statuses.count(302) == len(statuses), list(enumerate(statuses))
    assert Response.objects.filter(survey=survey).count() == 30
    assert Vote.objects.filter(ballot=ballot).count() == 24
    count_all_waiting()
    (result,) = survey_results(survey)
    assert {row.label: row.count for row in result.rows}["Carer"] == 30
    survey.refresh_from_db()
    assert survey.response_count == 30
    assert all(
        list(vote.choices.values_list("pk", flat=True)) == [benches]
        for vote in Vote.objects.filter(ballot=ballot).prefetch_related("choices")
    )


@pytest.mark.celery_worker
def test_a_report_asked_for_while_redis_is_down_is_made_when_it_returns(
    failsafe_cache: SpareRedis,
    organisation: Organisation,
    people: dict[str, User],
    tmp_path: Path,
    settings: Any,
) -> None:
    """The request answers (a redirect to the report's page) without the broker;
    the report waits, queued, and a worker's sweep makes it once Redis is back."""
    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = str(media)
    cycle = CycleFactory(organisation=organisation)
    client = Client()
    client.force_login(people["commissioner"])
    failsafe_cache.stop()
    with broker(failsafe_cache.url):
        response = client.post(
            reverse("reports:new", kwargs={"org_slug": organisation.slug}),
            {"kind": "cycle", "subject": str(cycle.pk)},
        )
        assert response.status_code in {200, 302}
        report = Report.objects.get()
        assert report.status == ReportStatus.QUEUED and report.enqueued_at is None
        # The page that polls the report answers too.
        assert client.get(report.get_absolute_url()).status_code == 200

        failsafe_cache.start()
        worker = start_prefork_worker(
            tmp_path,
            broker_url=failsafe_cache.url,
            media_root=media,
            extra_env={"JOBS_SWEEP_SECONDS": "1"},
        )
        try:

            def made() -> bool:
                report.refresh_from_db()
                return not report.is_working

            wait_for(made, 120, "the report to be made after Redis returned")
        finally:
            worker.stop()
    assert report.status == ReportStatus.DONE, worker.log_text()
    assert report.pdf and (media / report.pdf.name).exists()
    assert report.attempts == 1
    assert Report.objects.count() == 1
