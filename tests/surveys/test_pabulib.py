"""Pabulib files both ways: what we write, pabutools reads the same; what pabutools
(or a person) writes, we read the same; a malformed file is refused with the line
and the problem, never half read."""

from __future__ import annotations

import io
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pabutools.election import (
    ApprovalBallot,
    ApprovalProfile,
    CardinalBallot,
    CardinalProfile,
    CumulativeBallot,
    CumulativeProfile,
    Instance,
    OrdinalBallot,
    OrdinalProfile,
    Project,
)
from pabutools.election.pabulib import (
    election_as_pabulib_string,
    parse_pabulib_from_string,
)

from surveys.pabulib import (
    PabulibElection,
    PabulibErrors,
    PBProject,
    PBVote,
    parse_pabulib,
    write_pabulib,
)

#: Titles people might type: separators, quotes, line breaks of every kind.
odd_text = (
    st.lists(
        st.sampled_from(list("ab ;\"',\n\r\t\u2028\x85éŵ€£#") + ["None", "META"]),
        min_size=1,
        max_size=12,
    )
    .map("".join)
    .filter(lambda t: t.strip() and t.strip().lower() != "none")
)
words = st.text(st.sampled_from("abcdefgh"), min_size=1, max_size=6)
money = st.integers(0, 10**8).map(lambda p: Fraction(p, 100))
points = st.integers(0, 20).map(Fraction)


@st.composite
def pb_elections(draw: st.DrawFn) -> PabulibElection:
    vote_type = draw(st.sampled_from(["approval", "ordinal", "cumulative", "scoring"]))
    ids = draw(st.lists(words, min_size=1, max_size=6, unique=True))
    projects = tuple(
        PBProject(
            project_id=i,
            cost=draw(money),
            name=draw(odd_text),
            categories=tuple(draw(st.lists(words, max_size=2, unique=True))),
            targets=tuple(draw(st.lists(words, max_size=2, unique=True))),
            selected=draw(st.sampled_from([0, 1])),
        )
        for i in ids
    )
    votes = []
    for n in range(draw(st.integers(0, 6))):
        chosen = tuple(draw(st.lists(st.sampled_from(ids), unique=True)))
        scored = vote_type in ("cumulative", "scoring")
        votes.append(
            PBVote(
                voter_id=str(n + 1),
                projects=chosen,
                points=tuple(draw(points) for _c in chosen) if scored else None,
                extra={"age": str(draw(st.integers(16, 90))), "sex": "F"},
            )
        )
    meta = {
        "description": draw(odd_text),
        "country": "United Kingdom",
        "unit": draw(odd_text),
        "instance": "2026",
        "num_projects": str(len(projects)),
        "num_votes": str(len(votes)),
        "budget": draw(st.integers(0, 10**8).map(lambda p: f"{p // 100}.{p % 100:02}")),
        "vote_type": vote_type,
        "rule": draw(st.sampled_from(["greedy", "equalshares", "equalshares/add1"])),
        "date_begin": "01.05.2026",
        "date_end": "31.05.2026",
        # An approval vote must cost at least min_sum_cost, and these are random.
        "min_sum_cost": "0" if vote_type == "approval" else "0.5",
        "currency": "GBP",
    }
    if vote_type == "cumulative":
        meta["max_sum_points"] = "100"
    return PabulibElection(meta=meta, projects=projects, votes=tuple(votes))


def stripped(election: PabulibElection) -> PabulibElection:
    """What a reader gets back: spaces at either end are not kept."""
    return PabulibElection(
        meta={k: v.strip() for k, v in election.meta.items()},
        projects=tuple(
            PBProject(
                project_id=p.project_id,
                cost=p.cost,
                name=p.name.strip(),
                categories=p.categories,
                targets=p.targets,
                selected=p.selected,
                extra=p.extra,
            )
            for p in election.projects
        ),
        votes=election.votes,
    )


def as_pabutools(text: str) -> str:
    """pabutools splits the file into lines before reading it as CSV, so line
    breaks inside a quoted value are dropped."""
    return "".join(text.splitlines()).strip()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(election=pb_elections())
def test_what_we_write_we_read_back(election: PabulibElection) -> None:
    """Every project, vote and META value comes back as written, titles with
    ``;``, quotes and line breaks included."""
    parsed = parse_pabulib(write_pabulib(election))
    assert parsed == stripped(election)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(election=pb_elections())
def test_pabutools_reads_what_we_write(election: PabulibElection) -> None:
    """pabutools reads our file with the same META, projects (cost, name,
    categories, targets, selected) and votes (order and points included)."""
    instance, profile = parse_pabulib_from_string(write_pabulib(election))
    assert instance.meta == {k: as_pabutools(v) for k, v in election.meta.items()}
    assert instance.budget_limit == Fraction(election.meta["budget"])
    by_id = {p.name: p for p in instance}
    assert set(by_id) == {p.project_id for p in election.projects}
    for ours in election.projects:
        theirs = by_id[ours.project_id]
        meta = instance.project_meta[theirs]
        assert theirs.cost == ours.cost
        assert meta["name"] == as_pabutools(ours.name)
        assert meta["selected"] == str(ours.selected)
        assert set(theirs.categories or ()) == set(ours.categories)
        assert set(theirs.targets or ()) == set(ours.targets)
    assert len(profile) == len(election.votes)
    for ours_vote, ballot in zip(election.votes, profile, strict=True):
        assert ballot.meta["voter_id"] == ours_vote.voter_id
        assert ballot.meta["age"] == ours_vote.extra["age"]
        if election.vote_type == "approval":
            assert {p.name for p in ballot} == set(ours_vote.projects)
        elif election.vote_type == "ordinal":
            assert [p.name for p in ballot] == list(ours_vote.projects)
        else:
            assert ours_vote.points is not None
            assert {p.name: ballot[p] for p in ballot} == dict(
                zip(ours_vote.projects, ours_vote.points, strict=True)
            )


@st.composite
def pabutools_files(draw: st.DrawFn) -> tuple[Instance, Any, str]:
    """An election built in pabutools and written by its own writer."""
    vote_type = draw(st.sampled_from(["approval", "ordinal", "cumulative", "scoring"]))
    ids = draw(st.lists(st.integers(1, 500), min_size=1, max_size=6, unique=True))
    projects = [Project(str(i), draw(money)) for i in ids]
    for project in projects:
        project.categories = set(draw(st.lists(words, max_size=2)))
        project.targets = set(draw(st.lists(words, max_size=2)))
    instance = Instance(projects, budget_limit=draw(money))
    instance.meta.update({"rule": "greedy", "currency": "GBP"})
    ballots: list[Any] = []
    scored = vote_type in ("cumulative", "scoring")
    for n in range(draw(st.integers(0, 5))):
        # pabutools cannot read back an empty scored vote it writes itself.
        chosen = draw(
            st.lists(st.sampled_from(projects), unique=True, min_size=int(scored))
        )
        if vote_type == "approval":
            ballot: Any = ApprovalBallot(chosen)
        elif vote_type == "ordinal":
            ballot = OrdinalBallot(chosen)
        else:
            kind = CumulativeBallot if vote_type == "cumulative" else CardinalBallot
            ballot = kind({p: draw(points) for p in chosen})
        ballot.meta = {"voter_id": str(n + 1), "age": "40", "sex": "M"}
        ballots.append(ballot)
    profile: Any
    if vote_type == "approval":
        profile = ApprovalProfile(ballots)
    elif vote_type == "ordinal":
        profile = OrdinalProfile(ballots)
    elif vote_type == "cumulative":
        profile = CumulativeProfile(ballots, legal_max_total_score=100)
    else:
        profile = CardinalProfile(ballots)
    return instance, profile, election_as_pabulib_string(instance, profile)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated=pabutools_files())
def test_we_read_what_pabutools_writes(generated: tuple[Instance, Any, str]) -> None:
    """A file written by pabutools reads into the same budget, projects
    (costs, categories, targets) and votes (order and points)."""
    instance, profile, text = generated
    parsed = parse_pabulib(text)
    assert isinstance(parsed, PabulibElection), parsed
    assert parsed.budget == instance.budget_limit
    by_id = {p.project_id: p for p in parsed.projects}
    assert set(by_id) == {p.name for p in instance}
    for project in instance:
        ours = by_id[project.name]
        assert ours.cost == project.cost
        assert set(ours.categories) == set(project.categories)
        assert set(ours.targets) == set(project.targets)
    theirs = {b.meta["voter_id"]: b for b in profile}
    assert {v.voter_id for v in parsed.votes} == set(theirs)
    for vote in parsed.votes:
        ballot = theirs[vote.voter_id]
        assert vote.extra == {"age": "40", "sex": "M"}
        if parsed.vote_type == "approval":
            assert set(vote.projects) == {p.name for p in ballot}
        elif parsed.vote_type == "ordinal":
            assert list(vote.projects) == [p.name for p in ballot]
        else:
            assert vote.points is not None
            assert dict(zip(vote.projects, vote.points, strict=True)) == {
                p.name: ballot[p] for p in ballot
            }


EVERYTHING = '''\ufeffMETA
key; value
description;"Municipal PB; ""the big one"""
country; United Kingdom
unit; Cardiff
subunit; Splott
instance; 2026
district; South
num_projects; 3
num_votes; 4
budget; 2500,50
vote_type; cumulative
rule; equalshares/add1
date_begin; 16.09.2025
date_end; 2025
min_length; 1
max_length; 3
min_points; 0
max_points; 10
min_sum_points; 1
max_sum_points; 10
language; cy
currency; GBP
comment; #1: hand made. #2: every optional field.
acknowledgments; none needed
PROJECTS
project_id; cost; votes; score; name; category; target; selected; latitude; longitude
1; 600; 2; 9;"Park; benches"; culture, education; seniors; 1; 51.48; -3.17
2; 800.5; 2; 6; Skate park; sport; youth,families; 0; None; None
4; 3000; 1; 3; Too dear for the budget; health; None; 2; 51.5; -3.2
VOTES
voter_id; age; sex; voting_method; district; neighborhood; education; vote; points
a1; 34; F; internet; South; Splott; degree; 1,2; 6,4
a2; 51; M; paper; None; None; None; 2,1; 2,3
a3; None; O; internet; North; Cathays; school; 4,1; 3,3
a4; 20; F; paper; South; Splott; degree; None; None
'''


def test_a_file_with_every_optional_field_reads_as_pabutools_reads_it() -> None:
    """Every optional META key, project column and voter column, a project dearer
    than the budget and an empty vote: we read what pabutools reads."""
    parsed = parse_pabulib(EVERYTHING)
    assert isinstance(parsed, PabulibElection), parsed
    instance, profile = parse_pabulib_from_string(EVERYTHING.lstrip("\ufeff"))
    assert dict(parsed.meta) == instance.meta
    assert parsed.budget == instance.budget_limit == Fraction("2500.5")
    for project in instance:
        ours = next(p for p in parsed.projects if p.project_id == project.name)
        meta = instance.project_meta[project]
        assert ours.cost == project.cost
        assert set(ours.categories) == set(project.categories)
        assert set(ours.targets) == set(project.targets)
        assert ours.name == meta["name"]
        assert str(ours.selected) == meta["selected"]
        assert {**ours.extra} == {
            k: v
            for k, v in meta.items()
            if k
            not in {"project_id", "cost", "name", "selected"}
            | {"categories", "targets"}
        }
    assert parsed.projects[2].cost > parsed.budget
    for vote, ballot in zip(parsed.votes, profile, strict=True):
        assert vote.voter_id == ballot.meta.pop("voter_id")
        assert dict(vote.extra) == ballot.meta
        assert vote.points is not None
        assert dict(zip(vote.projects, vote.points, strict=True)) == {
            p.name: ballot[p] for p in ballot
        }
    assert parsed.votes[3].projects == ()


VALID = (
    "META\nkey;value\ndescription;d\ncountry;UK\nunit;u\ninstance;1\n"
    "num_projects;2\nnum_votes;2\nbudget;100\nvote_type;approval\nrule;greedy\n"
    "PROJECTS\nproject_id;cost;name\n1;50;A\n2;60;B\n"
    "VOTES\nvoter_id;vote\n1;1,2\n2;2\n"
)


@pytest.mark.parametrize(
    ("broken", "line", "words"),
    [
        (VALID.replace("1;50;A", "1;fifty;A"), 14, "cost"),
        (VALID.replace("1;50;A", "1;50;A;extra"), 14, "fields"),
        (VALID.replace("2;60;B", "1;60;B"), 15, "twice"),
        (VALID.replace("2;2\n", "2;3\n"), 19, "Unknown project"),
        (VALID.replace("2;2\n", "2;2,2\n"), 19, "twice"),
        (VALID.replace("2;2\n", "1;2\n"), 19, "twice"),
        (VALID.replace("budget;100", "budget;lots"), 9, "number"),
        (VALID.replace("vote_type;approval", "vote_type;knapsack"), 10, "vote_type"),
        (VALID.replace("num_votes;2", "num_votes;3"), 1, "num_votes"),
        (VALID.replace("rule;greedy\n", ""), 1, "rule"),
        (VALID.replace("project_id;cost;name", "project_id;name"), 13, "cost"),
        (VALID.replace("VOTES\nvoter_id;vote\n1;1,2\n2;2\n", ""), 1, "VOTES"),
        ("hello\n" + VALID, 1, "META"),
        (VALID.replace("PROJECTS", "VOTES", 1), 12, "order"),
    ],
)
def test_a_malformed_file_is_refused_with_the_line(
    broken: str, line: int, words: str
) -> None:
    """A file with a mistake gives no data, only problems with line numbers."""
    result = parse_pabulib(broken)
    assert isinstance(result, PabulibErrors)
    assert any(e.line == line and words in e.message for e in result.errors), (
        result.errors
    )
    assert f"Line {line}:" in str(next(e for e in result.errors if e.line == line))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    election=pb_elections(),
    junk=st.sampled_from(["x;", ";;", ';"x', "-1"]),
    data=st.data(),
)
def test_any_damaged_row_is_named(
    election: PabulibElection, junk: str, data: st.DataObject
) -> None:
    """Damage a project row or a vote row of a good file (a stray field, an
    unclosed quote opening a stray field, a negative cost) and the file is
    refused, naming that line or an earlier one, never read in part. (A quote
    inside an unquoted field is plain text in CSV, so it is no damage.)"""
    lines = io.StringIO(write_pabulib(election), newline="").readlines()
    projects = lines.index("PROJECTS\n")
    votes = lines.index("VOTES\n")
    inside = [sum(t.count('"') for t in lines[:n]) % 2 for n in range(len(lines))]
    rows = [
        n
        for n, text in enumerate(lines)
        if n > projects + 1
        and n not in (votes, votes + 1)
        and '"' not in text
        and not inside[n]
    ]
    if not rows:
        return
    n = data.draw(st.sampled_from(rows))
    if junk == "-1":
        if n > votes:
            return
        fields = lines[n].split(";")
        fields[1] = "-1"
        lines[n] = ";".join(fields)
    else:
        lines[n] = lines[n].rstrip("\r\n") + junk + "\n"
    result = parse_pabulib("".join(lines))
    assert isinstance(result, PabulibErrors)
    assert min(e.line for e in result.errors) <= n + 1
