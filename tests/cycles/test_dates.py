"""Phases and decisions carry the dates they happened, not the day they were typed.

A cycle recorded after the fact moves phase on the date it really did (never in
the future, never before the cycle's last phase date); a phase's dates can be
corrected afterwards, in the audit trail with who and why; a decision's own date
orders it everywhere. Recommissioning leaves Review through the same gates as any
phase move. Everything through the pages, as the team would.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from cycles.models import (
    Cycle,
    CyclePhase,
    Decision,
    DecisionKind,
    GateKind,
    Phase,
    Status,
    Visibility,
)
from cycles.services import cycle_move_to_phase, cycle_phase_correct_dates
from reports.models import Report
from reports.services import report_html
from tests.cycles.factories import CycleFactory, GateCheckFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(
        datetime.datetime(2026, 6, 15, 12, tzinfo=datetime.UTC), tick=False
    ):
        yield


def _url(name: str, cycle: Cycle, **kwargs: object) -> str:
    return reverse(
        f"cycles:{name}",
        kwargs={"org_slug": cycle.organisation.slug, "pk": cycle.pk, **kwargs},
    )


def _text(response: object) -> str:
    """The page's HTML with its whitespace collapsed (templates wrap lines)."""
    return re.sub(r"\s+", " ", response.content.decode())  # type: ignore[attr-defined]


def _text_of(html: str) -> str:
    return re.sub(r"\s+", " ", html)


def _boxes(name: str, day: datetime.date) -> dict[str, str]:
    """What the GOV.UK date input posts: day, month and year boxes."""
    return {
        f"{name}_0": str(day.day),
        f"{name}_1": str(day.month),
        f"{name}_2": str(day.year),
    }


def _public_cycle(organisation: Organisation, by: User) -> Cycle:
    return CycleFactory(organisation=organisation, by=by, visibility=Visibility.PUBLIC)


def _started_on(cycle: Cycle, day: datetime.date, by: User) -> None:
    """The cycle began on ``day``: its Analyse start corrected as the team would."""
    cycle_phase_correct_dates(
        cycle=cycle,
        phase=Phase.ANALYSE,
        by=by,
        started=day,
        finished=None,
        reason="Recorded afterwards",
    )


def _phase(cycle: Cycle, phase: str) -> CyclePhase:
    return CyclePhase.objects.get(cycle=cycle, phase=phase)


def test_a_move_recorded_afterwards_shows_the_day_it_happened(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """The team corrects when the cycle began, then records the move to Plan on
    the day it happened: the cycle page, the public page and the move's decision
    all show that day, not today."""
    commissioner = people["commissioner"]
    cycle = _public_cycle(organisation, commissioner)
    client.force_login(commissioner)
    response = client.post(
        _url("phase_dates", cycle, phase=Phase.ANALYSE),
        {**_boxes("started", datetime.date(2019, 4, 1)), "reason": "Began in 2019"},
    )
    assert response.status_code == 302
    response = client.post(
        _url("move", cycle, phase=Phase.PLAN),
        {"reason": "Needs agreed", **_boxes("happened_on", datetime.date(2021, 6, 7))},
    )
    assert response.status_code == 302

    page = _text(client.get(_url("detail", cycle)))
    assert "Started 1 Apr 2019 – finished 7 Jun 2021" in page
    assert "Started 7 Jun 2021" in page
    public = _text(
        Client().get(reverse("public_decisions", args=[organisation.slug, cycle.pk]))
    )
    assert "(since 7 June 2021)" in public
    listing = _text(
        Client().get(reverse("public_organisation", args=[organisation.slug]))
    )
    assert "(since 7 Jun 2021)" in listing
    move = Decision.objects.get(cycle=cycle, kind=DecisionKind.PHASE_CHANGE)
    assert move.decided_on == datetime.date(2021, 6, 7)


def test_the_move_form_offers_today_by_default(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """Left as it is, the date is today's, and a move posted without one (an older
    form, an API client) happens today."""
    cycle = CycleFactory(organisation=organisation, by=people["commissioner"])
    client.force_login(people["commissioner"])
    page = client.get(_url("move", cycle, phase=Phase.PLAN)).content.decode()
    assert re.search(r'name="happened_on_0" value="15"', page)
    assert re.search(r'name="happened_on_2" value="2026"', page)
    client.post(_url("move", cycle, phase=Phase.PLAN), {"reason": "Agreed"})
    assert _phase(cycle, Phase.PLAN).actual_start == TODAY


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(began=st.integers(0, 20_000), later=st.integers(0, 20_000))
def test_any_past_date_after_the_last_phase_date_is_accepted(
    people: dict[str, User], organisation: Organisation, began: int, later: int
) -> None:
    """Whatever day the cycle began, a move on any day from then until today is
    recorded on that day: the phase's start, the previous one's end and the
    move's decision."""
    commissioner = people["commissioner"]
    cycle = CycleFactory(organisation=organisation, by=commissioner)
    start = TODAY - datetime.timedelta(days=began)
    moved = start + datetime.timedelta(days=min(later, began))
    _started_on(cycle, start, commissioner)
    client = Client()
    client.force_login(commissioner)
    response = client.post(
        _url("move", cycle, phase=Phase.PLAN),
        {"reason": "Agreed", **_boxes("happened_on", moved)},
    )
    assert response.status_code == 302
    assert _phase(cycle, Phase.PLAN).actual_start == moved
    assert _phase(cycle, Phase.ANALYSE).actual_end == moved
    assert cycle.decisions.get(kind=DecisionKind.PHASE_CHANGE).decided_on == moved


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ahead=st.integers(1, 2_000_000))
def test_any_future_date_is_refused_beside_the_field_and_kept(
    people: dict[str, User], organisation: Organisation, ahead: int
) -> None:
    """A move dated after today is refused: the message stands next to the date,
    the error summary links to it, what was typed stays, and nothing moves."""
    cycle = CycleFactory(organisation=organisation, by=people["commissioner"])
    day = TODAY + datetime.timedelta(days=min(ahead, (datetime.date.max - TODAY).days))
    client = Client()
    client.force_login(people["commissioner"])
    response = client.post(
        _url("move", cycle, phase=Phase.PLAN),
        {"reason": "Agreed", **_boxes("happened_on", day)},
    )
    page = _text(response)
    assert response.status_code == 400
    assert 'href="#id_happened_on_0"' in page
    assert page.count("The date it happened must be today or in the past") == 2
    for box, typed in (("0", day.day), ("1", day.month), ("2", day.year)):
        assert f'name="happened_on_{box}" value="{typed}"' in page
    assert re.search(r">\s*Agreed\s*</textarea>", page)
    assert cycle.phases.get(is_current=True).phase == Phase.ANALYSE
    assert not cycle.decisions.exists()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(before=st.integers(1, 5_000))
def test_a_date_before_the_previous_phase_is_refused(
    people: dict[str, User], organisation: Organisation, before: int
) -> None:
    """A move dated before the last move is refused next to the date, naming the
    earliest day it could be."""
    commissioner = people["commissioner"]
    cycle = CycleFactory(organisation=organisation, by=commissioner)
    _started_on(cycle, datetime.date(2015, 1, 1), commissioner)
    cycle_move_to_phase(
        cycle=cycle,
        to_phase=Phase.PLAN,
        by=commissioner,
        reason="Agreed",
        on=datetime.date(2020, 3, 2),
    )
    client = Client()
    client.force_login(commissioner)
    day = datetime.date(2020, 3, 2) - datetime.timedelta(days=before)
    response = client.post(
        _url("move", cycle, phase=Phase.DO),
        {"reason": "Contract signed", **_boxes("happened_on", day)},
    )
    page = _text(response)
    assert response.status_code == 400
    assert "must be the same as or after 2 March 2020" in page
    assert f'name="happened_on_2" value="{day.year}"' in page
    assert cycle.phases.get(is_current=True).phase == Phase.PLAN


def test_a_correction_of_phase_dates_is_in_the_audit_trail(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """The team changes when a phase started; the audit trail shows who changed
    it, to what and why."""
    commissioner = people["commissioner"]
    cycle = CycleFactory(organisation=organisation, by=commissioner)
    client.force_login(commissioner)
    detail = _text(client.get(_url("detail", cycle)))
    assert _url("phase_dates", cycle, phase=Phase.ANALYSE) in detail
    assert "Change date" in detail
    client.post(
        _url("phase_dates", cycle, phase=Phase.ANALYSE),
        {**_boxes("started", datetime.date(2018, 9, 3)), "reason": "Began in 2018"},
    )
    assert _phase(cycle, Phase.ANALYSE).actual_start == datetime.date(2018, 9, 3)
    record = CyclePhase.history.filter(cycle_id=cycle.pk, phase=Phase.ANALYSE).order_by(
        "-history_id"
    )[0]
    assert record.history_user == commissioner
    assert record.history_change_reason == "Began in 2018"
    assert record.actual_start == datetime.date(2018, 9, 3)

    client.force_login(people["admin"])
    trail = _text(client.get(_url("history", cycle)))
    row = trail.split("Began in 2018")[0].rsplit("<tr", 1)[1]
    assert str(commissioner) in row
    assert "Started 3 Sep 2018" in row


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"started": datetime.date(2026, 6, 16)}, "must be today or in the past"),
        ({"started": datetime.date(2020, 1, 1), "reason": ""}, "Say why the dates"),
    ],
)
def test_a_correction_is_refused_beside_the_field(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    fields: dict[str, object],
    message: str,
) -> None:
    """A start in the future, or no reason, is refused and nothing changes."""
    cycle = CycleFactory(organisation=organisation, by=people["commissioner"])
    client.force_login(people["commissioner"])
    data: dict[str, object] = {"reason": "Typed late"}
    data.update(_boxes("started", fields.pop("started")))  # type: ignore[arg-type]
    data.update(fields)
    response = client.post(_url("phase_dates", cycle, phase=Phase.ANALYSE), data)
    assert response.status_code == 400
    assert message in _text(response)
    assert _phase(cycle, Phase.ANALYSE).actual_start == TODAY


def test_a_correction_keeps_the_phases_in_order(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """Plan cannot be said to have started before Analyse did, nor Analyse after
    Plan started; a phase not started has no dates to change."""
    commissioner = people["commissioner"]
    cycle = CycleFactory(organisation=organisation, by=commissioner)
    _started_on(cycle, datetime.date(2020, 1, 6), commissioner)
    cycle_move_to_phase(
        cycle=cycle,
        to_phase=Phase.PLAN,
        by=commissioner,
        reason="Agreed",
        on=datetime.date(2021, 1, 4),
    )
    client.force_login(commissioner)
    early = client.post(
        _url("phase_dates", cycle, phase=Phase.PLAN),
        {**_boxes("started", datetime.date(2019, 12, 1)), "reason": "Typo"},
    )
    assert "must be the same as or after 6 January 2020" in _text(early)
    late = client.post(
        _url("phase_dates", cycle, phase=Phase.ANALYSE),
        {
            **_boxes("started", datetime.date(2021, 2, 1)),
            **_boxes("finished", datetime.date(2021, 3, 1)),
            "reason": "Typo",
        },
    )
    assert "must be the same as or before 4 January 2021" in _text(late)
    assert _phase(cycle, Phase.PLAN).actual_start == datetime.date(2021, 1, 4)
    assert _phase(cycle, Phase.ANALYSE).actual_start == datetime.date(2020, 1, 6)
    assert client.get(_url("phase_dates", cycle, phase=Phase.DO)).status_code == 404


def _decision_form(title: str, day: datetime.date, decider: User) -> dict[str, str]:
    return {
        "title": title,
        "phase": Phase.ANALYSE,
        "kind": "other",
        "decided": "Agreed.",
        "rationale": "Carers asked.",
        "decided_by": str(decider.pk),
        **_boxes("decided_on", day),
    }


def test_decisions_are_ordered_by_the_day_decided_not_the_day_recorded(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """A decision recorded today about a day in 2019 takes its place by that day on
    the decision log and the public page, after one decided in 2024 although it
    was recorded later."""
    decider = people["decision_maker"]
    cycle = _public_cycle(organisation, people["commissioner"])
    client.force_login(decider)
    for title, day in (
        ("Open the carers' hub", datetime.date(2024, 5, 2)),
        ("Ask carers first", datetime.date(2019, 3, 1)),
    ):
        response = client.post(
            _url("decision_new", cycle), _decision_form(title, day, decider)
        )
        assert response.status_code == 302
    log = _text(client.get(_url("decisions", cycle)))
    public = _text(
        Client().get(reverse("public_decisions", args=[organisation.slug, cycle.pk]))
    )
    for page in (log, public):
        newer, older = page.index("Open the carers"), page.index("Ask carers first")
        assert newer < older  # newest decided first, whatever the recording order
    assert "1 March 2019" in public
    assert "1 March 2019" in log
    report = Report(organisation=organisation, kind="cycle", cycle=cycle)
    story = _text_of(report_html(report)[1])
    # The report tells the story in order: the earlier decision first.
    assert story.index("1 March 2019: Ask carers first") < story.index(
        "2 May 2024: Open the carers"
    )


def test_a_decision_dated_in_the_future_is_refused(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """Decisions are recorded after they are made: a future date is refused next
    to the field, with what was typed kept."""
    decider = people["decision_maker"]
    cycle = CycleFactory(organisation=organisation, by=people["commissioner"])
    client.force_login(decider)
    response = client.post(
        _url("decision_new", cycle),
        _decision_form("Later", datetime.date(2026, 6, 16), decider),
    )
    page = _text(response)
    assert "The date decided must be today or in the past" in page
    assert 'href="#id_decided_on_0"' in page
    assert 'name="decided_on_0" value="16"' in page
    assert not cycle.decisions.exists()


def _in_review(organisation: Organisation, by: User) -> Cycle:
    cycle = CycleFactory(organisation=organisation, by=by)
    for phase in (Phase.PLAN, Phase.DO, Phase.REVIEW):
        cycle_move_to_phase(cycle=cycle, to_phase=phase, by=by, reason="On")
    GateCheckFactory(
        organisation=organisation,
        phase=Phase.REVIEW,
        kind=GateKind.ATTESTED,
        title="Citizens reviewed the outcomes",
    )
    return cycle


def _recommission_form(**extra: str) -> dict[str, str]:
    return {"title": "Next round", "rationale": "It worked; widen it.", **extra}


def test_recommissioning_with_a_check_unmet_is_refused(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """A commissioner sees Review's unmet check and cannot recommission past it;
    a decision maker without a reason cannot either. Nothing is created."""
    cycle = _in_review(organisation, people["commissioner"])
    url = _url("recommission", cycle)
    client.force_login(people["commissioner"])
    page = _text(client.get(url))
    assert "Citizens reviewed the outcomes" in page and "Not met" in page
    assert "override_reason" not in page
    response = client.post(url, _recommission_form())
    assert response.status_code == 400
    assert "cannot leave this phase until the checks below pass" in _text(response)
    client.force_login(people["decision_maker"])
    assert client.post(url, _recommission_form()).status_code == 400
    cycle.refresh_from_db()
    assert cycle.status != Status.CLOSED
    assert not cycle.successors.exists()
    assert not cycle.decisions.filter(
        kind__in=[DecisionKind.RECOMMISSIONING, DecisionKind.GATE_OVERRIDE]
    ).exists()


def test_recommissioning_with_an_override_goes_ahead_and_is_recorded(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """A decision maker overrides Review's unmet check with a reason: the next
    cycle starts, and the override is published like any phase move's."""
    cycle = _in_review(organisation, people["commissioner"])
    url = _url("recommission", cycle)
    client.force_login(people["decision_maker"])
    assert "Override the checks and start the next cycle" in _text(client.get(url))
    response = client.post(
        url, _recommission_form(override_reason="The review panel meets in May")
    )
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.status == Status.CLOSED
    assert cycle.successors.get().title == "Next round"
    override = cycle.decisions.get(kind=DecisionKind.GATE_OVERRIDE)
    assert override.phase == Phase.REVIEW
    assert override.rationale == "The review panel meets in May"
    assert "Citizens reviewed the outcomes" in override.decided
    assert override.is_published and override.decided_by == people["decision_maker"]


def test_a_commissioner_cannot_override_when_recommissioning(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """An override reason posted by someone who may not override is refused."""
    cycle = _in_review(organisation, people["commissioner"])
    client.force_login(people["commissioner"])
    response = client.post(
        _url("recommission", cycle), _recommission_form(override_reason="Trust me")
    )
    assert response.status_code == 400
    assert not cycle.successors.exists()
