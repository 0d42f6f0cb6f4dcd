"""Who may vote: voting codes without an account, and checked residents of
listed areas."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cocommission.accounts.models import User
from cocommission.accounts.personal_data import account_erase, personal_data
from cocommission.organisations.models import Organisation
from panels.models import CategoryValue, DemographicCategory, Residence
from panels.residences import residence_record
from surveys.ballots import ballot_publish, ballot_save, option_save, vote_cast
from surveys.codes import ballot_code_check, codes_generate
from surveys.models import Ballot, BallotOption, Eligibility, Vote
from tests.cycles.factories import ActivityFactory, CycleFactory
from tests.panels.factories import consenting_citizen

pytestmark = pytest.mark.django_db


def _areas(organisation: Organisation) -> dict[str, CategoryValue]:
    category = DemographicCategory.objects.create(
        organisation=organisation, name="Area", question="Where do you live?"
    )
    return {
        label: CategoryValue.objects.create(category=category, label=label)
        for label in ("North ward", "South ward")
    }


def _ballot(
    organisation: Organisation, eligibility: str, areas: list[CategoryValue] = ()
) -> Ballot:
    ballot = ballot_save(
        ballot=Ballot(
            activity=ActivityFactory(cycle=CycleFactory(organisation=organisation)),
            title="Parks fund",
            budget=Decimal("100"),
            eligibility=eligibility,
        ),
        areas=list(areas),
    )
    for title, cost in [("Benches", 30), ("Lights", 60), ("Toilets", 70)]:
        option_save(option=BallotOption(ballot=ballot, title=title, cost=Decimal(cost)))
    return ballot_publish(ballot=ballot)


def _ids(ballot: Ballot, *titles: str) -> list[int]:
    return list(ballot.options.filter(title__in=titles).values_list("pk", flat=True))


# Voting codes ---------------------------------------------------------------


def test_a_code_votes_once_without_an_account_and_can_change_it(
    organisation: Organisation,
) -> None:
    ballot = _ballot(organisation, Eligibility.CODES)
    (code,) = codes_generate(owner=ballot, count=1)
    url = ballot.get_vote_url()
    browser = Client()

    page = browser.get(url)
    assert page.status_code == 200 and "voting code" in page.content.decode()
    wrong = browser.post(url, {"form": "code", "code": "AAAA-2222"})
    assert wrong.status_code == 400
    assert "That code is not right" in wrong.content.decode()

    assert browser.post(url, {"form": "code", "code": code.lower()}).status_code == 302
    over = browser.post(url, {"options": _ids(ballot, "Lights", "Toilets")})
    assert over.status_code == 400 and "more than the £100.00" in over.content.decode()
    done = browser.post(url, {"options": _ids(ballot, "Benches")}, follow=True)
    assert "Your vote is counted" in done.content.decode()
    # The code is forgotten at once: the next person at this screen sees the
    # code form, not this vote.
    assert "Your voting code" in done.content.decode()

    browser.post(url, {"form": "code", "code": code})
    again = browser.get(url).content.decode()
    assert "You have voted" in again
    browser.post(url, {"options": _ids(ballot, "Lights")})
    vote = Vote.objects.get()
    assert vote.voter is None and vote.code is not None
    assert [o.title for o in vote.choices.all()] == ["Lights"]


def test_codes_only_work_on_their_own_ballot(organisation: Organisation) -> None:
    ballot = _ballot(organisation, Eligibility.CODES)
    other = _ballot(organisation, Eligibility.CODES)
    (code,) = codes_generate(owner=other, count=1)
    with pytest.raises(ValidationError):
        ballot_code_check(ballot=ballot, code=code)
    found = ballot_code_check(ballot=other, code=code)
    with pytest.raises(ValidationError, match="not for this vote"):
        vote_cast(ballot=ballot, code=found, option_ids=_ids(ballot, "Benches"))
    # And a signed-in citizen cannot vote on a code ballot as themselves.
    with pytest.raises(ValidationError):
        vote_cast(
            ballot=ballot,
            user=consenting_citizen(organisation),
            option_ids=_ids(ballot, "Benches"),
        )


@pytest.mark.django_db(transaction=True)
def test_parallel_votes_with_one_code_store_one_vote(
    organisation: Organisation,
) -> None:
    ballot = _ballot(organisation, Eligibility.CODES)
    ballot.allow_changes = False
    ballot.save()
    (raw,) = codes_generate(owner=ballot, count=1)
    code = ballot_code_check(ballot=ballot, code=raw)
    benches = _ids(ballot, "Benches")

    def send(_i: int) -> str:
        try:
            vote_cast(ballot=ballot, code=code, option_ids=benches)
            return "kept"
        except ValidationError:
            return "refused"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=10) as pool:
        outcomes = list(pool.map(send, range(20)))
    assert outcomes.count("kept") == 1
    assert Vote.objects.count() == 1


def test_the_team_prints_voting_codes(
    organisation: Organisation,
    other_organisation: Organisation,
    people: dict[str, User],
    make_member: Any,
) -> None:
    ballot = _ballot(organisation, Eligibility.CODES)
    url = f"/o/{organisation.slug}/surveys/votes/{ballot.pk}/codes/"
    client = Client()
    client.force_login(people["commissioner"])
    printed = client.post(url, {"count": "3"}).content.decode()
    assert len(re.findall(r'class="app-code">[0-9A-Z]{4}-[0-9A-Z]{4}<', printed)) == 3
    assert "Vote at" in printed
    listing = client.get(url).content.decode()
    assert "Voting codes" in listing
    assert client.post(url, {"count": "0"}).status_code == 400

    for role in ("citizen", "provider"):
        client.force_login(people[role])
        assert client.get(url).status_code in {403, 404}
    client.force_login(make_member("commissioner", other_organisation))
    assert client.get(url).status_code == 404
    # Ballots for signed-in voters have no codes page.
    panel_ballot = _ballot(organisation, Eligibility.CITIZENS)
    client.force_login(people["commissioner"])
    assert (
        client.get(
            f"/o/{organisation.slug}/surveys/votes/{panel_ballot.pk}/codes/"
        ).status_code
        == 404
    )


# Checked residents ----------------------------------------------------------


def test_only_checked_residents_of_the_listed_areas_vote(
    organisation: Organisation, people: dict[str, User]
) -> None:
    areas = _areas(organisation)
    ballot = _ballot(organisation, Eligibility.RESIDENTS, [areas["North ward"]])
    north = consenting_citizen(organisation)
    south = consenting_citizen(organisation)
    unchecked = consenting_citizen(organisation)
    for person, area in [(north, "North ward"), (south, "South ward")]:
        residence_record(
            organisation=organisation,
            email=person.email,
            area=areas[area],
            method="register",
            by=people["commissioner"],
        )
    client = Client()
    for person in (south, unchecked):
        client.force_login(person)
        assert client.get(ballot.get_vote_url()).status_code == 403
        with pytest.raises(ValidationError):
            vote_cast(ballot=ballot, user=person, option_ids=_ids(ballot, "Benches"))
    client.force_login(north)
    assert client.get(ballot.get_vote_url()).status_code == 200
    client.post(ballot.get_vote_url(), {"options": _ids(ballot, "Benches")})
    assert Vote.objects.get().voter == north


def test_a_residents_ballot_needs_areas_of_its_own_organisation(
    organisation: Organisation, other_organisation: Organisation
) -> None:
    with pytest.raises(ValidationError) as error:
        _ballot(organisation, Eligibility.RESIDENTS)
    assert "areas" in error.value.message_dict
    foreign = _areas(other_organisation)["North ward"]
    with pytest.raises(ValidationError) as error:
        _ballot(organisation, Eligibility.RESIDENTS, [foreign])
    assert "areas" in error.value.message_dict


def test_the_team_records_and_removes_checks(
    organisation: Organisation,
    other_organisation: Organisation,
    people: dict[str, User],
    make_member: Any,
) -> None:
    areas = _areas(organisation)
    citizen = consenting_citizen(organisation, email="ada@example.org")
    stranger = consenting_citizen(other_organisation, email="bo@example.org")
    url = f"/o/{organisation.slug}/panels/residents/"
    client = Client()
    client.force_login(people["commissioner"])
    form = {"area": areas["North ward"].pk, "method": "document"}

    unknown = client.post(url, {**form, "email": "nobody@example.org"})
    assert unknown.status_code == 400
    assert "No citizen with this e-mail address" in unknown.content.decode()
    assert 'value="nobody@example.org"' in unknown.content.decode()
    assert client.post(url, {**form, "email": stranger.email}).status_code == 400
    missing = client.post(url, {"email": citizen.email}).content.decode()
    assert "Choose the area where they live" in missing
    assert "Say how you checked" in missing

    assert client.post(url, {**form, "email": "ADA@example.org"}).status_code == 302
    residence = Residence.objects.get()
    assert residence.user == citizen and residence.checked_by == people["commissioner"]
    # Recording again corrects the area rather than adding a second row.
    client.post(url, {**form, "email": citizen.email, "area": areas["South ward"].pk})
    assert Residence.objects.get().area == areas["South ward"]
    assert "ada@example.org" in client.get(url, {"q": "ada"}).content.decode()
    assert "ada@example.org" not in client.get(url, {"q": "zed"}).content.decode()

    remove = f"{url}{residence.pk}/remove/"
    assert "Remove the check" in client.get(remove).content.decode()
    assert Residence.objects.exists()
    client.post(remove)
    assert not Residence.objects.exists()

    for role in ("citizen", "provider"):
        client.force_login(people[role])
        assert client.get(url).status_code == 403
    client.force_login(make_member("commissioner", other_organisation))
    assert client.get(url).status_code in {403, 404}


def test_the_residents_list_takes_the_same_queries_at_any_length(
    organisation: Organisation,
    people: dict[str, User],
) -> None:
    areas = _areas(organisation)
    client = Client()
    client.force_login(people["commissioner"])
    url = f"/o/{organisation.slug}/panels/residents/"

    def add(n: int) -> None:
        for _i in range(n):
            residence_record(
                organisation=organisation,
                email=consenting_citizen(organisation).email,
                area=areas["North ward"],
                method="letter",
                by=people["commissioner"],
            )

    add(2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(23)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few) == len(many)


def test_a_residence_is_in_my_data_and_goes_with_the_account(
    organisation: Organisation, people: dict[str, User]
) -> None:
    areas = _areas(organisation)
    citizen = consenting_citizen(organisation)
    residence_record(
        organisation=organisation,
        email=citizen.email,
        area=areas["North ward"],
        method="vouched",
        by=people["commissioner"],
    )
    (entry,) = personal_data(citizen)["checked_residence"]["rows"]
    assert entry["area"] == "North ward"
    account_erase(user=citizen)
    assert not Residence.objects.exists()
