"""Guessing survey and voting codes stops, whoever guesses: signed in or not,
from one address or many, on the survey, the ballot, the code links and the
team's data-entry screen. Probed from the pages a guesser would use."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from surveys.ballots import ballot_publish, ballot_save, option_save
from surveys.codes import codes_generate
from surveys.models import (
    Audience,
    Ballot,
    BallotOption,
    Eligibility,
    InvitationCode,
    Kind,
    Response,
)
from tests.cycles.factories import ActivityFactory, CycleFactory
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db

ONE = [{"kind": Kind.SINGLE, "text": "Pick", "options": ["A", "B"], "required": True}]
WAIT = "Wait 10 minutes, then try again"
WRONG = [f"ZZZZ-ZZZ{c}" for c in "23456789"]


def signed_in(user: User, address: str) -> Client:
    client = Client(REMOTE_ADDR=address)
    client.force_login(user)
    return client


def page(response) -> str:
    return " ".join(response.content.decode().split())


@override_settings(
    RATELIMIT_CODE_CHECK_PERSON_RATE="3/10m", RATELIMIT_CODE_CHECK_IP_RATE="1000/m"
)
def test_a_signed_in_guesser_is_paused_on_any_address(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """Three wrong survey codes, each from a new address: the fourth try, even
    with a right code, is refused with a clear "wait" beside the field."""
    survey = make_survey(organisation, questions=ONE, audience=Audience.CODES)
    (right,) = codes_generate(owner=survey, count=1)
    url = survey.get_answer_url()
    for n, code in enumerate(WRONG[:3]):
        guess = signed_in(people["citizen"], f"198.51.100.{n + 1}")
        assert guess.post(url, {"form": "code", "code": code}).status_code == 400
    last = signed_in(people["citizen"], "198.51.100.99")
    refused = last.post(url, {"form": "code", "code": right})
    assert refused.status_code == 429
    assert WAIT in page(refused) and right in page(refused)
    # The right code was not let through: the questions are not shown.
    assert "Pick" not in page(last.get(url))
    # The paused person cannot go round it by following code links either.
    link = reverse("survey_code_link", kwargs={"code": right.replace("-", "")})
    assert last.get(link).status_code == 429


@override_settings(
    RATELIMIT_CODE_CHECK_PERSON_RATE="1000/m", RATELIMIT_CODE_CHECK_IP_RATE="3/10m"
)
def test_one_address_is_paused_signed_in_or_not(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """Wrong voting codes from one address, by several accounts and none: the
    address is paused for all of them."""
    ballot = ballot_save(
        ballot=Ballot(
            activity=ActivityFactory(cycle=CycleFactory(organisation=organisation)),
            title="Parks fund",
            budget=Decimal("100"),
            eligibility=Eligibility.CODES,
        ),
        areas=[],
    )
    for title in ("Benches", "Lights"):
        option_save(option=BallotOption(ballot=ballot, title=title, cost=Decimal(30)))
    ballot = ballot_publish(ballot=ballot)
    (right,) = codes_generate(owner=ballot, count=1)
    url = ballot.get_vote_url()
    address = "203.0.113.7"
    guessers = [
        signed_in(people["citizen"], address),
        signed_in(people["provider"], address),
        Client(REMOTE_ADDR=address),
    ]
    for guesser, code in zip(guessers, WRONG, strict=False):
        assert guesser.post(url, {"form": "code", "code": code}).status_code == 400
    for guesser in [*guessers, signed_in(people["outsider"], address)]:
        refused = guesser.post(url, {"form": "code", "code": right})
        assert refused.status_code == 429 and WAIT in page(refused)
    # Someone elsewhere is not held up by it.
    elsewhere = Client(REMOTE_ADDR="192.0.2.50")
    assert elsewhere.post(url, {"form": "code", "code": right}).status_code == 302


@override_settings(
    RATELIMIT_CODE_CHECK_PERSON_RATE="3/10m", RATELIMIT_CODE_CHECK_IP_RATE="1000/m"
)
def test_data_entry_counts_wrong_codes_only(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """A team member entering paper forms is never held up by right codes, but
    the data-entry screen is no way round the limit for guessing."""
    survey = make_survey(organisation, questions=ONE, audience=Audience.CODES)
    codes = codes_generate(owner=survey, count=6)
    pick = survey.questions.get().field_name
    url = reverse(
        "surveys:entry", kwargs={"org_slug": organisation.slug, "pk": survey.pk}
    )
    client = signed_in(people["commissioner"], "198.51.100.1")

    def send(code: str):
        key = client.get(url).context["form"].initial["submission_key"]
        return client.post(
            url,
            {"submission_key": str(key), "channel": "paper", "code": code, pick: "A"},
        )

    for code in codes[:4]:  # more right codes than the limit allows wrong ones
        assert send(code).status_code == 302
    for code in WRONG[:3]:
        assert "That code is not right" in page(send(code))
    refused = send(codes[4])
    assert WAIT in page(refused)
    assert Response.objects.count() == 4
    assert InvitationCode.objects.filter(used=True).count() == 4
