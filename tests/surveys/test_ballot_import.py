"""Importing a past participatory budget from a Pabulib file, through the page a
commissioner uses: what pabutools writes comes back out of the download the same
(projects, costs, names, categories, targets, every vote and what the file says
of each voter); a file with any problem is refused with the problem and nothing
is saved; votes that are not sets of options are refused, not misread; and a
decided ballot's download names the rule used and marks what it funded."""

from __future__ import annotations

import re
from collections import Counter
from fractions import Fraction
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pabutools.election import ApprovalBallot, ApprovalProfile, Instance, Project
from pabutools.election.pabulib import (
    election_as_pabulib_string,
    parse_pabulib_from_string,
)

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from surveys.ballots import ballot_decide, ballot_results
from surveys.models import Ballot, BallotOption, Vote, VotingRule
from tests.cycles.factories import ActivityFactory, CycleFactory
from tests.organisations.factories import OrganisationFactory

#: Names people give projects, as far as pabutools' own writer keeps them (it
#: does not quote, so no ';', '"' or line break: those are tested against our
#: writer in test_pabulib.py).
names = (
    st.lists(
        st.sampled_from(list("ab ',éŵ€£#") + ["Park", "None"]),
        min_size=1,
        max_size=10,
    )
    .map("".join)
    .map(str.strip)
    .filter(lambda t: t and t.lower() != "none")
)
labels = st.text(st.sampled_from("abcdefgh"), min_size=1, max_size=6)
pennies = st.integers(1, 10**8).map(lambda p: Fraction(p, 100))


@st.composite
def past_budgets(draw: st.DrawFn) -> tuple[Instance, ApprovalProfile, str]:
    """An approval budget built in pabutools and written by its own writer, with
    names, categories, targets, options dearer than the budget and voter data."""
    ids = draw(st.lists(st.integers(1, 999), min_size=1, max_size=6, unique=True))
    projects = []
    for i in ids:
        project = Project(str(i), draw(pennies))
        project.categories = set(draw(st.lists(labels, max_size=2)))
        project.targets = set(draw(st.lists(labels, max_size=2)))
        projects.append(project)
    instance = Instance(projects, budget_limit=draw(pennies))
    instance.meta.update(
        {
            "description": draw(names),
            "unit": "Cardiff",
            "district": draw(labels),
            "rule": "greedy",
            "currency": "GBP",
            "date_begin": "16.09.2025",
            "date_end": "30.09.2025",
        }
    )
    instance.project_meta = {p: {"name": draw(names)} for p in projects}
    ballots = []
    for n in range(draw(st.integers(0, 6))):
        ballot = ApprovalBallot(draw(st.lists(st.sampled_from(projects), unique=True)))
        ballot.meta = {
            "voter_id": str(n + 1),
            "age": str(draw(st.integers(16, 99))),
            "sex": draw(st.sampled_from(["F", "M", "O"])),
        }
        ballots.append(ballot)
    profile = ApprovalProfile(ballots)
    return instance, profile, election_as_pabulib_string(instance, profile)


def _upload(
    client: Client, organisation: Organisation, activity: Any, text: str
) -> Any:
    """Post the file as the page does, let the background import run (tasks run
    at once in tests, after the request commits), and open the page the person is
    sent to: the new vote, or the import's page with what went wrong."""
    with django_capture_on_commit_callbacks_global(execute=True):
        response = client.post(
            reverse("surveys:ballot_import", kwargs={"org_slug": organisation.slug}),
            {
                "activity": activity.pk,
                "file": SimpleUploadedFile(
                    "past.pb", text.encode("utf-8"), content_type="text/plain"
                ),
            },
        )
    if response.status_code != 302:
        return response
    return client.get(response["Location"])


def _download(client: Client, ballot: Ballot) -> str:
    org_slug = ballot.activity.cycle.organisation.slug
    response = client.get(
        reverse("surveys:ballot_pb", kwargs={"org_slug": org_slug, "pk": ballot.pk})
    )
    assert response.status_code == 200
    return response.content.decode("utf-8")


def _saved() -> tuple[int, int, int]:
    return Ballot.objects.count(), BallotOption.objects.count(), Vote.objects.count()


def django_capture_on_commit_callbacks_global(*, execute: bool) -> Any:
    return TestCase.captureOnCommitCallbacks(execute=execute)


@pytest.fixture
def activity(organisation: Organisation) -> Any:
    return ActivityFactory(cycle=CycleFactory(organisation=organisation))


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(generated=past_budgets())
def test_a_past_budget_comes_back_out_as_it_went_in(
    generated: tuple[Instance, ApprovalProfile, str],
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    activity: Any,
) -> None:
    instance, profile, text = generated
    client.force_login(people["commissioner"])
    response = _upload(client, organisation, activity, text)
    assert response.status_code == 302, re.findall(
        r'error-summary__list">(.*?)</ul>', response.content.decode(), re.S
    )
    ballot = Ballot.objects.order_by("-pk").first()
    assert ballot is not None and ballot.closed_at is not None
    assert response["Location"] == ballot.get_absolute_url()
    page = client.get(ballot.get_absolute_url()).content.decode()
    assert "Imported from the Pabulib file past.pb" in " ".join(page.split())
    assert ballot.votes.count() == len(profile)

    back_instance, back_profile = parse_pabulib_from_string(_download(client, ballot))
    assert back_instance.budget_limit == instance.budget_limit
    for key in ("description", "unit", "district", "date_begin", "date_end"):
        assert back_instance.meta[key] == instance.meta[key]
    theirs = {p.name: p for p in instance}
    assert {p.name for p in back_instance} == set(theirs)
    for project in back_instance:
        original = theirs[project.name]
        assert project.cost == original.cost
        assert set(project.categories) == set(original.categories)
        assert set(project.targets) == set(original.targets)
        assert (
            back_instance.project_meta[project]["name"]
            == instance.project_meta[original]["name"]
        )

    def votes(p: Any) -> Counter[tuple[frozenset[str], str, str]]:
        return Counter(
            (frozenset(x.name for x in b), b.meta["age"], b.meta["sex"]) for b in p
        )

    assert votes(back_profile) == votes(profile)


@pytest.mark.django_db
def test_options_dearer_than_the_budget_and_empty_votes_are_kept(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    activity: Any,
) -> None:
    """Real files hold projects that cost more than the whole budget and voters who
    chose nothing; both are kept, and an empty vote still counts as a voter."""
    text = (
        "META\nkey;value\ndescription;Splott 2025\ncountry;UK\nunit;Cardiff\n"
        "instance;2025\nnum_projects;3\nnum_votes;3\nbudget;1000\n"
        "vote_type;approval\nrule;greedy\nmax_sum_cost;1000\n"
        "PROJECTS\nproject_id;cost;name\n1;600;Benches\n2;400;Lights\n3;5000;Pool\n"
        "VOTES\nvoter_id;vote\nv1;1,2\nv2;2\nv3;\n"
    )
    client.force_login(people["commissioner"])
    assert _upload(client, organisation, activity, text).status_code == 302
    ballot = Ballot.objects.get()
    assert ballot.rule == VotingRule.KNAPSACK
    assert ballot.options.get(title="Pool").cost == 5000
    result = ballot_results(ballot)
    assert result.voters == 3
    funded = {r.option.title for r in result.options if r.by_votes}
    assert funded == {"Benches", "Lights"}


BROKEN = [
    ("META\nkey;value\nbudget;100\n", "section is missing"),
    (
        "META\nkey;value\ndescription;x\ncountry;UK\nunit;u\ninstance;1\n"
        "num_projects;1\nnum_votes;1\nbudget;100\nvote_type;approval\nrule;greedy\n"
        "PROJECTS\nproject_id;cost\n1;50\nVOTES\nvoter_id;vote\nv1;1,7\n",
        "Unknown project(s): 7",
    ),
    (
        "META\nkey;value\ndescription;x\ncountry;UK\nunit;u\ninstance;1\n"
        "num_projects;1\nnum_votes;1\nbudget;100\nvote_type;ordinal\nrule;greedy\n"
        "PROJECTS\nproject_id;cost\n1;50\nVOTES\nvoter_id;vote\nv1;1\n",
        "Only approval and choose-1 votes can be imported",
    ),
    (
        "META\nkey;value\ndescription;x\ncountry;UK\nunit;u\ninstance;1\n"
        "num_projects;1\nnum_votes;0\nbudget;100\nvote_type;approval\nrule;greedy\n"
        "PROJECTS\nproject_id;cost\n1;50.005\nVOTES\nvoter_id;vote\n",
        "The cost of project 1 has fractions of a penny",
    ),
    (
        "META\nkey;value\ndescription;x\ncountry;UK\nunit;u\ninstance;1\n"
        "num_projects;1\nnum_votes;0\nbudget;0\nvote_type;approval\nrule;greedy\n"
        "PROJECTS\nproject_id;cost\n1;50\nVOTES\nvoter_id;vote\n",
        "The budget must be more than nothing",
    ),
    # Found by the outside review: each of these crashed the import.
    (
        "META\nkey;value\ndescription;x\ncountry;UK\nunit;u\ninstance;1\n"
        "num_projects;1\nnum_votes;\u00b2\nbudget;100\nvote_type;approval\n"
        "rule;greedy\nPROJECTS\nproject_id;cost\n1;50\nVOTES\nvoter_id;vote\n",
        "num_votes must be a whole number",
    ),
    (
        "META\nkey;value\ndescription;x\ncountry;UK\nunit;u\ninstance;1\n"
        "num_projects;1\nnum_votes;0\nbudget;100\nvote_type;approval\n"
        "rule;greedy\nPROJECTS\nproject_id;cost\n1;" + "9" * 5000 + "\n"
        "VOTES\nvoter_id;vote\n",
        "Project 1 has no valid cost",
    ),
    (
        "META\nkey;value\ndescription;x\ncountry;UK\nunit;u\ninstance;1\n"
        "num_projects;2\nnum_votes;1\nbudget;999999999999\nvote_type;approval\n"
        "rule;greedy\nPROJECTS\nproject_id;cost\n1;600000000000\n"
        "2;600000000000\nVOTES\nvoter_id;vote\nv2;1,2\n",
        "Voter v2 chose options costing more than this service can hold",
    ),
    (
        "META\nkey;value\ndescription;x\ncountry;UK\nunit;u\ninstance;1\n"
        "num_projects;1\nnum_votes;0\nbudget;100\nvote_type;approval\n"
        "rule;greedy\nmax_length;\u00b2\nPROJECTS\nproject_id;cost\n1;50\n"
        "VOTES\nvoter_id;vote\n",
        "max_length must be a whole number",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "message"), BROKEN)
def test_a_file_with_a_problem_is_refused_whole_with_the_problem(
    text: str,
    message: str,
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    activity: Any,
) -> None:
    client.force_login(people["commissioner"])
    before = _saved()
    response = _upload(client, organisation, activity, text)
    assert response.status_code == 400
    page = " ".join(response.content.decode().split())
    assert "Nothing was imported" in page
    assert message in page.replace("&#x27;", "'")
    assert _saved() == before


def _limited(limit: str, votes: list[str]) -> str:
    """A file whose META sets ``limit`` (key;value) over three projects costing
    10, 20 and 40; its votes start on line 20."""
    rows = "".join(f"v{n};{vote}\n" for n, vote in enumerate(votes, 1))
    return (
        "META\nkey;value\ndescription;x\ncountry;UK\nunit;u\ninstance;1\n"
        f"num_projects;3\nnum_votes;{len(votes)}\nbudget;100\nvote_type;approval\n"
        f"rule;greedy\n{limit}\nPROJECTS\nproject_id;cost\n1;10\n2;20\n3;40\n"
        f"VOTES\nvoter_id;vote\n{rows}"
    )


LIMITS = [
    (
        _limited("max_length;2", ["1,2,3", "1", "2"]),
        "Line 20: This vote names 3 projects; the file's max_length allows 2 at most.",
    ),
    (
        _limited("min_length;2", ["3", "1,2", ""]),
        "Line 20: This vote names 1 project; the file's min_length asks for 2 at "
        "least.",
    ),
    (
        _limited("max_sum_cost;50", ["2,3", "1,2"]),
        "Line 20: This vote's projects cost 60; the file's max_sum_cost allows 50 at "
        "most.",
    ),
    (
        _limited("min_sum_cost;25", ["1", "3", "1,2"]),
        "Line 20: This vote's projects cost 10; the file's min_sum_cost asks for 25 at "
        "least.",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "message"), LIMITS)
def test_a_vote_outside_the_files_own_limits_is_refused_by_its_line(
    text: str,
    message: str,
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    activity: Any,
) -> None:
    """A vote longer than max_length, shorter than min_length, dearer than
    max_sum_cost or cheaper than min_sum_cost is refused with its line, and
    nothing is saved (the ballot's limit used to be raised to fit)."""
    client.force_login(people["commissioner"])
    before = _saved()
    response = _upload(client, organisation, activity, text)
    assert response.status_code == 400
    page = " ".join(response.content.decode().split()).replace("&#x27;", "'")
    assert "Nothing was imported" in page
    assert message in page
    assert _saved() == before


@pytest.mark.django_db
def test_limits_read_as_pabutools_reads_them_keep_empty_votes(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    activity: Any,
) -> None:
    """min_length 1 and min_sum_cost 0 are no limit to pabutools, so an empty
    vote in such a file is kept (a voter who chose nothing); votes within
    max_length come in and the ballot allows max_length choices."""
    text = _limited("min_length;1\nmax_length;2\nmin_sum_cost;0", ["1,2", "", "3"])
    client.force_login(people["commissioner"])
    assert _upload(client, organisation, activity, text).status_code == 302
    ballot = Ballot.objects.get()
    assert ballot.votes.count() == 3
    assert ballot.max_choices == 2


@pytest.mark.django_db
def test_not_utf8_and_no_file_are_told_next_to_the_field(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    activity: Any,
) -> None:
    client.force_login(people["commissioner"])
    url = reverse("surveys:ballot_import", kwargs={"org_slug": organisation.slug})
    response = client.post(
        url,
        {"activity": activity.pk, "file": SimpleUploadedFile("x.pb", b"META\n\xff\n")},
    )
    assert response.status_code == 400
    assert "Line 2 of the file is not in UTF-8" in response.content.decode()
    response = client.post(url, {"activity": activity.pk})
    assert response.status_code == 400
    assert "Choose a .pb file" in response.content.decode()
    assert _saved() == (0, 0, 0)


GOOD = (
    "META\nkey;value\ndescription;x\ncountry;UK\nunit;u\ninstance;1\n"
    "num_projects;2\nnum_votes;2\nbudget;100\nvote_type;approval\nrule;greedy\n"
    "PROJECTS\nproject_id;cost\n1;50\n2;60\nVOTES\nvoter_id;vote\nv1;1\nv2;1,2\n"
)


@pytest.mark.django_db
def test_nobody_imports_into_another_organisation_or_without_the_right(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """Another organisation's activity is not offered and is refused when posted;
    a citizen cannot import at all."""
    elsewhere = ActivityFactory(cycle=CycleFactory(organisation=OrganisationFactory()))
    client.force_login(people["commissioner"])
    response = _upload(client, organisation, elsewhere, GOOD)
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    client.force_login(people["citizen"])
    mine = ActivityFactory(cycle=CycleFactory(organisation=organisation))
    assert _upload(client, organisation, mine, GOOD).status_code == 403
    assert _saved() == (0, 0, 0)


@pytest.mark.django_db
def test_a_decided_ballots_download_names_the_rule_and_marks_what_was_funded(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    activity: Any,
) -> None:
    client.force_login(people["commissioner"])
    assert _upload(client, organisation, activity, GOOD).status_code == 302
    ballot = Ballot.objects.get()
    before = _download(client, ballot)
    assert re.search(r"^rule;unknown$", before, re.M)
    ballot_decide(
        ballot=ballot, by=people["decision_maker"], rule="equal_shares", rationale="x"
    )
    after = _download(client, ballot)
    assert re.search(r"^rule;equalshares", after, re.M)
    instance, _profile = parse_pabulib_from_string(after)
    funded = {p.name for p in instance if instance.project_meta[p]["selected"] == "1"}
    expected = ballot_results(ballot).by_equal_shares
    assert expected is not None
    chosen = ballot.options.filter(pk__in=[int(k) for k in expected.funded])
    assert funded == {o.external_id for o in chosen}
    assert funded


def _ask(client: Client, organisation: Organisation, activity: Any) -> Any:
    """Post a good file without letting the background import run."""
    from surveys.models import BallotImport

    response = client.post(
        reverse("surveys:ballot_import", kwargs={"org_slug": organisation.slug}),
        {
            "activity": activity.pk,
            "file": SimpleUploadedFile("past.pb", GOOD.encode(), "text/plain"),
        },
    )
    assert response.status_code == 302
    job = BallotImport.objects.get()
    assert response["Location"].endswith(f"/votes/import/{job.pk}/")
    return job


@pytest.mark.django_db
def test_while_it_imports_the_page_says_so_and_checks_again(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    activity: Any,
) -> None:
    from surveys.ballot_import import ballot_import_run

    client.force_login(people["commissioner"])
    job = _ask(client, organisation, activity)
    url = reverse(
        "surveys:ballot_import_job",
        kwargs={"org_slug": organisation.slug, "pk": job.pk},
    )
    page = client.get(url)
    assert page.status_code == 200
    text = " ".join(page.content.decode().split())
    assert "past.pb is being imported" in text
    assert f'href="{url}">Check again' in text
    assert f'hx-get="{url}" hx-trigger="every 2s"' in text
    assert ballot_import_run(job.pk) == "done"
    # A second run (a message delivered twice) imports nothing more.
    assert ballot_import_run(job.pk) == "nothing to do"
    assert Ballot.objects.count() == 1 and Vote.objects.count() == 2
    polled = client.get(url, headers={"HX-Request": "true"})
    assert polled["HX-Redirect"] == Ballot.objects.get().get_absolute_url()


@pytest.mark.django_db
def test_an_import_whose_worker_died_is_run_again_and_saves_once(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    activity: Any,
) -> None:
    """A worker that died mid-import kept nothing (one transaction); the sweep
    runs the job again and the vote is saved once."""
    import datetime as dt

    from django.utils import timezone

    from cocommission.jobs import jobs_sweep
    from surveys.ballot_import import ballot_import_run
    from surveys.models import BallotImport

    client.force_login(people["commissioner"])
    job = _ask(client, organisation, activity)
    long_ago = timezone.now() - dt.timedelta(hours=1)
    BallotImport.objects.filter(pk=job.pk).update(
        status="running", heartbeat_at=long_ago, attempts=1, run_id="dead"
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        jobs_sweep()
    job.refresh_from_db()
    assert job.status == "done" and job.text == ""
    assert ballot_import_run(job.pk, run_id="dead") == "nothing to do"
    assert Ballot.objects.count() == 1 and Vote.objects.count() == 2


@pytest.mark.django_db
def test_another_organisations_import_is_not_found(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    activity: Any,
    make_member: Any,
) -> None:
    client.force_login(people["commissioner"])
    job = _ask(client, organisation, activity)
    other = OrganisationFactory()
    stranger = make_member("commissioner", other, email="them@elsewhere.example")
    client.force_login(stranger)
    for slug in (other.slug, organisation.slug):
        url = reverse(
            "surveys:ballot_import_job", kwargs={"org_slug": slug, "pk": job.pk}
        )
        assert client.get(url).status_code in (403, 404)


@pytest.mark.django_db
def test_a_decided_ballots_download_never_counts_in_the_request(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    activity: Any,
) -> None:
    """After the decision, a change that moves the count on (a new title) does not
    make the download count the votes itself: it writes the stored outcome."""
    from unittest import mock

    from surveys import ballot_counts
    from surveys.ballots import ballot_save

    client.force_login(people["commissioner"])
    assert _upload(client, organisation, activity, GOOD).status_code == 302
    ballot = Ballot.objects.get()
    ballot_decide(
        ballot=ballot, by=people["decision_maker"], rule="votes", rationale="x"
    )
    ballot.title = "Renamed"
    ballot_save(ballot=ballot)
    with mock.patch.object(
        ballot_counts, "count_outcome", side_effect=AssertionError("counted")
    ):
        after = _download(client, ballot)
    assert re.search(r"^rule;greedy$", after, re.M)
