from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from cycles.models import (
    ActivityStatus,
    CyclePhase,
    Decision,
    DecisionKind,
    GateKind,
    GateRule,
    Mode,
    Phase,
    Status,
)
from cycles.services import (
    GateBlocked,
    activity_set_status,
    cycle_move_to_phase,
    cycle_recommission,
    decision_confirm,
    decision_record,
    decision_update,
    gate_attest,
)
from tests.cycles.factories import (
    ActivityFactory,
    CycleFactory,
    DecisionFactory,
    GateCheckFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(organisation: Organisation, people: dict[str, User]):  # type: ignore[no-untyped-def]
    return CycleFactory(organisation=organisation, by=people["commissioner"])


def _current(cycle) -> str:  # type: ignore[no-untyped-def]
    return cycle.phases.get(is_current=True).phase


def test_a_new_cycle_starts_in_analyse_with_four_phases(cycle, people) -> None:  # type: ignore[no-untyped-def]
    """A new cycle has four phases, Analyse current, and its creator in the team."""
    assert list(cycle.phases.values_list("phase", flat=True)) == [
        Phase.ANALYSE,
        Phase.PLAN,
        Phase.DO,
        Phase.REVIEW,
    ]
    assert _current(cycle) == Phase.ANALYSE
    assert people["commissioner"] in cycle.team.all()


def test_the_database_refuses_a_second_current_phase(cycle) -> None:  # type: ignore[no-untyped-def]
    """Even a direct update cannot leave a cycle with two current phases."""
    with pytest.raises(IntegrityError), transaction.atomic():
        CyclePhase.objects.filter(cycle=cycle, phase=Phase.PLAN).update(is_current=True)


def test_moving_forward_records_a_decision(cycle, people) -> None:  # type: ignore[no-untyped-def]
    """With no checks to meet, the move happens and is logged with its reason."""
    decision = cycle_move_to_phase(
        cycle=cycle,
        to_phase=Phase.PLAN,
        by=people["commissioner"],
        reason="Analysis agreed",
    )
    assert _current(cycle) == Phase.PLAN
    assert decision.kind == DecisionKind.PHASE_CHANGE
    assert decision.rationale == "Analysis agreed"
    assert decision.decided_by == people["commissioner"]
    assert decision.is_published, "a record of a move is final at once"
    cycle.refresh_from_db()
    assert cycle.status == Status.ACTIVE
    analyse = cycle.phases.get(phase=Phase.ANALYSE)
    assert analyse.actual_end is not None


@pytest.mark.parametrize(
    ("to_phase", "reason", "message"),
    [
        (Phase.DO, "skip", "cannot be skipped"),
        (Phase.ANALYSE, "again", "already in this phase"),
        (Phase.PLAN, "   ", "Say why"),
    ],
)
def test_refused_moves(cycle, people, to_phase: str, reason: str, message: str) -> None:  # type: ignore[no-untyped-def]
    """Skipping a phase, staying put or giving no reason is refused, clearly."""
    with pytest.raises(ValidationError, match=message):
        cycle_move_to_phase(
            cycle=cycle, to_phase=to_phase, by=people["commissioner"], reason=reason
        )
    assert _current(cycle) == Phase.ANALYSE


def test_moving_back_ignores_gates(cycle, people, organisation) -> None:  # type: ignore[no-untyped-def]
    """Going back to an earlier phase is always allowed, and logged."""
    cycle_move_to_phase(
        cycle=cycle, to_phase=Phase.PLAN, by=people["commissioner"], reason="ok"
    )
    GateCheckFactory(organisation=organisation, phase=Phase.PLAN)
    cycle_move_to_phase(
        cycle=cycle,
        to_phase=Phase.ANALYSE,
        by=people["commissioner"],
        reason="More analysis",
    )
    assert _current(cycle) == Phase.ANALYSE
    assert cycle.decisions.filter(kind=DecisionKind.PHASE_CHANGE).count() == 2


def test_an_automatic_check_blocks_until_a_co_produced_activity_is_done(
    cycle, people, organisation
) -> None:  # type: ignore[no-untyped-def]
    """A failed automatic check blocks the move; doing the activity lets it through."""
    GateCheckFactory(
        organisation=organisation,
        kind=GateKind.AUTOMATIC,
        rule=GateRule.CO_PRODUCED_ACTIVITY_DONE,
    )
    activity = ActivityFactory(cycle=cycle, phase=Phase.ANALYSE, mode=Mode.CO_DESIGN)
    with pytest.raises(GateBlocked) as blocked:
        cycle_move_to_phase(
            cycle=cycle, to_phase=Phase.PLAN, by=people["commissioner"], reason="go"
        )
    assert len(blocked.value.failed) == 1
    assert _current(cycle) == Phase.ANALYSE
    activity_set_status(
        activity=activity, status=ActivityStatus.DONE, by=people["commissioner"]
    )
    cycle_move_to_phase(
        cycle=cycle, to_phase=Phase.PLAN, by=people["commissioner"], reason="go"
    )
    assert _current(cycle) == Phase.PLAN


def test_an_attested_check_passes_once_someone_gives_evidence(
    cycle, people, organisation
) -> None:  # type: ignore[no-untyped-def]
    """An attested check blocks until a team member confirms it with evidence."""
    check = GateCheckFactory(organisation=organisation, kind=GateKind.ATTESTED)
    with pytest.raises(GateBlocked):
        cycle_move_to_phase(
            cycle=cycle, to_phase=Phase.PLAN, by=people["commissioner"], reason="go"
        )
    with pytest.raises(ValidationError):
        gate_attest(
            cycle=cycle, gate_check=check, by=people["commissioner"], evidence=" "
        )
    gate_attest(
        cycle=cycle,
        gate_check=check,
        by=people["commissioner"],
        evidence="Minutes of 3 May",
    )
    cycle_move_to_phase(
        cycle=cycle, to_phase=Phase.PLAN, by=people["commissioner"], reason="go"
    )
    assert _current(cycle) == Phase.PLAN


def test_a_decision_check_counts_only_real_decisions(
    cycle, people, organisation
) -> None:  # type: ignore[no-untyped-def]
    """A decision check ignores phase moves and decisions still waiting for their
    decision maker, and counts one the decision maker confirmed."""
    GateCheckFactory(
        organisation=organisation,
        kind=GateKind.AUTOMATIC,
        rule=GateRule.DECISION_MAKER_DECIDED,
    )
    DecisionFactory(
        cycle=cycle,
        kind=DecisionKind.PHASE_CHANGE,
        decided_by=people["decision_maker"],
        decided_by_body="",
    )
    with pytest.raises(GateBlocked):
        cycle_move_to_phase(
            cycle=cycle, to_phase=Phase.PLAN, by=people["commissioner"], reason="go"
        )
    waiting = DecisionFactory(
        cycle=cycle,
        kind=DecisionKind.PRIORITY,
        decided_by=people["decision_maker"],
    )
    with pytest.raises(GateBlocked):
        cycle_move_to_phase(
            cycle=cycle, to_phase=Phase.PLAN, by=people["commissioner"], reason="go"
        )
    decision_confirm(decision=waiting, by=people["decision_maker"])
    cycle_move_to_phase(
        cycle=cycle, to_phase=Phase.PLAN, by=people["commissioner"], reason="go"
    )


def test_only_a_decision_maker_can_override_a_failed_check(
    cycle, people, organisation
) -> None:  # type: ignore[no-untyped-def]
    """A commissioner cannot override; a decision maker can, and it is logged."""
    check = GateCheckFactory(
        organisation=organisation, kind=GateKind.ATTESTED, title="Carers were heard"
    )
    with pytest.raises(PermissionDenied):
        cycle_move_to_phase(
            cycle=cycle,
            to_phase=Phase.PLAN,
            by=people["commissioner"],
            reason="go",
            override_reason="urgent",
        )
    assert _current(cycle) == Phase.ANALYSE
    cycle_move_to_phase(
        cycle=cycle,
        to_phase=Phase.PLAN,
        by=people["decision_maker"],
        reason="go",
        override_reason="Winter pressures: carers' event set for next month",
    )
    assert _current(cycle) == Phase.PLAN
    override = cycle.decisions.get(kind=DecisionKind.GATE_OVERRIDE)
    assert check.title in override.decided
    assert override.decided_by == people["decision_maker"]
    assert "Winter pressures" in override.rationale


def test_published_decisions_are_final_and_corrected_by_superseding(
    cycle, people
) -> None:  # type: ignore[no-untyped-def]
    """A published decision cannot change; a correction supersedes it, once."""
    decision = DecisionFactory(cycle=cycle)
    decision_update(
        decision=decision, by=people["commissioner"], title="Draft title changed"
    )
    decision_confirm(decision=decision, by=decision.board_chair)
    with pytest.raises(ValidationError, match="cannot be changed"):
        decision_update(
            decision=decision, by=people["commissioner"], title="Sneaky edit"
        )
    decision.refresh_from_db()
    assert decision.title == "Draft title changed"
    correction = decision_record(
        cycle=cycle,
        by=people["commissioner"],
        supersedes=decision,
        phase=Phase.ANALYSE,
        title="Corrected",
        decided="Budget is £1.2m, not £12m",
        decided_by_body="Board",
        board_chair=decision.board_chair,
        decided_on=decision.decided_on,
    )
    assert decision.superseded_by == correction
    # Until its chair confirms the correction, the published decision stands.
    published = Decision.objects.filter(cycle=cycle).published()
    assert list(published.current()) == [decision]
    decision_confirm(decision=correction, by=decision.board_chair)
    assert list(published.current()) == [correction]
    with pytest.raises(ValidationError, match="already been corrected"):
        decision_record(
            cycle=cycle,
            by=people["commissioner"],
            supersedes=decision,
            phase=Phase.ANALYSE,
            title="Again",
            decided="x",
            decided_by_body="Board",
            board_chair=decision.board_chair,
            decided_on=decision.decided_on,
        )


def test_a_decision_needs_someone_who_decided(cycle, people) -> None:  # type: ignore[no-untyped-def]
    """A decision with neither a person nor a body is refused."""
    with pytest.raises(ValidationError):
        decision_record(
            cycle=cycle,
            by=people["commissioner"],
            phase=Phase.ANALYSE,
            title="Orphan",
            decided="Something",
            decided_on="2026-11-01",
        )


def test_citizen_input_is_limited_to_the_cycles_own_activities(
    cycle, people, organisation
) -> None:  # type: ignore[no-untyped-def]
    """A decision cannot claim another cycle's activity as its citizen input."""
    ours = ActivityFactory(cycle=cycle)
    theirs = ActivityFactory(cycle=CycleFactory(organisation=organisation))
    decision = decision_record(
        cycle=cycle,
        by=people["commissioner"],
        phase=Phase.ANALYSE,
        title="Uses input",
        decided="Go",
        decided_by_body="Board",
        board_chair=people["decision_maker"],
        decided_on="2026-11-01",
        citizen_input=[ours, theirs],
    )
    assert list(decision.citizen_input.all()) == [ours]


def test_recommissioning_starts_a_linked_cycle_from_review_only(cycle, people) -> None:  # type: ignore[no-untyped-def]
    """Only a cycle in Review can be recommissioned; the new one links back and the
    old one closes with a recorded decision."""
    with pytest.raises(ValidationError, match="only be recommissioned from Review"):
        cycle_recommission(
            cycle=cycle, by=people["commissioner"], title="Next", rationale="r"
        )
    for phase in (Phase.PLAN, Phase.DO, Phase.REVIEW):
        cycle_move_to_phase(
            cycle=cycle, to_phase=phase, by=people["commissioner"], reason="on"
        )
    cycle.team.add(people["decision_maker"])
    successor = cycle_recommission(
        cycle=cycle,
        by=people["commissioner"],
        title="Living Well 2",
        rationale="Outcomes improved",
    )
    cycle.refresh_from_db()
    assert successor.predecessor == cycle
    assert cycle.status == Status.CLOSED
    assert set(successor.team.all()) == {
        people["commissioner"],
        people["decision_maker"],
    }
    assert successor.phases.get(is_current=True).phase == Phase.ANALYSE
    assert cycle.decisions.filter(kind=DecisionKind.RECOMMISSIONING).exists()


def test_cycle_changes_are_audited(cycle, people) -> None:  # type: ignore[no-untyped-def]
    """Phase moves leave history on the phases (who and when)."""
    cycle_move_to_phase(
        cycle=cycle, to_phase=Phase.PLAN, by=people["commissioner"], reason="ok"
    )
    plan = cycle.phases.get(phase=Phase.PLAN)
    assert plan.history.count() >= 2


def test_recommissioning_carries_chosen_outcomes_panels_and_open_risks(
    cycle,
    people,
    organisation,  # type: ignore[no-untyped-def]
) -> None:
    """The next cycle gets copies of the chosen outcomes (with indicators, without
    measurements), of the chosen panels (members keep their seats) and of the open
    risks; what the old cycle holds stays as it was."""
    import datetime
    from decimal import Decimal

    from cycles.models import Risk, RiskStatus, WhoseRisk
    from outcomes.models import Indicator, Outcome
    from outcomes.services import (
        framework_create,
        indicator_save,
        measurement_record,
        outcome_save,
    )
    from panels.services import panel_join
    from tests.panels.factories import PanelFactory, consenting_citizen

    by = people["commissioner"]
    framework = framework_create(
        organisation=organisation, by=by, title="F", cycle=cycle
    )
    kept = outcome_save(outcome=Outcome(framework=framework, statement="Kept"), by=by)
    outcome_save(outcome=Outcome(framework=framework, statement="Dropped"), by=by)
    indicator = indicator_save(
        indicator=Indicator(outcome=kept, name="Visits", unit="visits"), by=by
    )
    measurement_record(
        indicator=indicator,
        by=by,
        period_end=datetime.date(2026, 1, 31),
        value=Decimal(3),
        source="routine",
    )
    panel = PanelFactory(organisation=organisation, cycle=cycle, name="Carers' panel")
    member = consenting_citizen(organisation)
    panel_join(panel=panel, user=member)
    PanelFactory(organisation=organisation, cycle=cycle, name="Left behind")
    base = {"cycle": cycle, "whose": WhoseRisk.USERS, "likelihood": 3, "impact": 3}
    Risk.objects.create(description="Still open", **base)
    Risk.objects.create(description="Closed one", status=RiskStatus.CLOSED, **base)
    for phase in (Phase.PLAN, Phase.DO, Phase.REVIEW):
        cycle_move_to_phase(cycle=cycle, to_phase=phase, by=by, reason="on")
    successor = cycle_recommission(
        cycle=cycle,
        by=by,
        title="Next",
        rationale="Renew",
        outcomes=[kept],
        panels=[panel],
        carry_risks=True,
    )
    carried = Outcome.objects.get(framework__cycle=successor)
    assert carried.statement == "Kept"
    assert carried.indicators.get().name == "Visits"
    assert not carried.indicators.get().measurements.exists()
    new_panel = successor.panels.get()
    assert new_panel.name == "Carers' panel"
    assert list(new_panel.members.seated().values_list("user", flat=True)) == [
        member.pk
    ]
    assert list(successor.risks.values_list("description", flat=True)) == ["Still open"]
    assert cycle.panels.count() == 2 and cycle.risks.count() == 2


def test_a_panel_meeting_with_citizens_satisfies_the_panel_gate(
    cycle,
    people,
    organisation,  # type: ignore[no-untyped-def]
) -> None:
    """ "A panel met" passes only once a panel of this cycle met with a member
    present during the phase."""

    from django.utils import timezone

    from panels.meetings import attendance_record
    from panels.models import Meeting
    from panels.services import panel_join
    from tests.panels.factories import PanelFactory, consenting_citizen

    GateCheckFactory(
        organisation=organisation, kind=GateKind.AUTOMATIC, rule=GateRule.PANEL_MET
    )
    panel = PanelFactory(organisation=organisation, cycle=cycle)
    member = consenting_citizen(organisation)
    panel_join(panel=panel, user=member)
    # Now, not an hour ago: just after midnight an hour ago is before the phase
    # began (the phase starts today).
    meeting = Meeting.objects.create(
        panel=panel,
        title="First",
        starts_at=timezone.now(),
    )
    move = {
        "cycle": cycle,
        "to_phase": Phase.PLAN,
        "by": people["commissioner"],
        "reason": "go",
    }
    attendance_record(meeting=meeting, rows=[(member.pk, False, "not_needed")])
    with pytest.raises(GateBlocked):
        cycle_move_to_phase(**move)
    attendance_record(meeting=meeting, rows=[(member.pk, True, "not_needed")])
    cycle_move_to_phase(**move)
    assert _current(cycle) == Phase.PLAN
