"""Moving governance out of outcomes keeps every row and what points at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

# Unapplying governance 0001 also unapplies what depends on it (cycles 0011,
# contracts 0009, outcomes 0007): the database as it was before the move.
BEFORE = [("governance", None)]


def _migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


@pytest.fixture
def before_the_move() -> Iterator[MigrationExecutor]:
    """The schema before the move; the latest again afterwards, whatever happens."""
    executor = _migrate(BEFORE)
    try:
        yield executor
    finally:
        latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
        _migrate(latest)


def test_governance_rows_survive_the_move_from_outcomes(
    before_the_move: MigrationExecutor,
) -> None:
    """Principles, questions, charters, assessments, history and the gate checks
    and contracts naming a principle are all found in the governance app after
    migrating, and their content types (with permissions) follow them."""
    loader = before_the_move.loader
    old = loader.project_state(list(loader.applied_migrations)).apps
    with pytest.raises(LookupError):
        old.get_model("governance", "GovernancePrinciple")
    organisation = old.get_model("organisations", "Organisation").objects.create(
        name="Test Borough", slug="test-borough"
    )
    user = old.get_model("accounts", "User").objects.create(email="a@example.com")
    principle = old.get_model("outcomes", "GovernancePrinciple").objects.create(
        organisation=organisation, name="Power is shared", weight=2
    )
    old.get_model("outcomes", "HistoricalGovernancePrinciple").objects.create(
        id=principle.pk,
        organisation=organisation,
        name="Power is shared",
        weight=2,
        order=0,
        is_retired=False,
        history_date="2026-01-01T00:00:00Z",
        history_type="+",
    )
    old.get_model("outcomes", "PrincipleCriterion").objects.create(
        principle=principle, question="Did citizens decide?"
    )
    charter = old.get_model("outcomes", "Charter").objects.create(
        organisation=organisation, version=1, text="We share power."
    )
    old.get_model("outcomes", "CharterSignature").objects.create(
        charter=charter, user=user, role="citizen"
    )
    cycle = old.get_model("cycles", "Cycle").objects.create(
        organisation=organisation, title="Living well"
    )
    old.get_model("outcomes", "GovernanceAssessment").objects.create(
        cycle=cycle,
        principle=principle,
        assessor=user,
        perspective="team",
        score="4.00",
    )
    old.get_model("cycles", "GateCheck").objects.create(
        organisation=organisation,
        phase="plan",
        title="Citizens agreed the plan",
        kind="attested",
        principle=principle,
    )
    contract = old.get_model("contracts", "Contract").objects.create(
        cycle=cycle, title="Recovery college", route="open"
    )
    contract.principles.add(principle)
    old_ct = old.get_model("contenttypes", "ContentType").objects
    principle_type = old_ct.get(app_label="outcomes", model="governanceprinciple")

    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    after = _migrate(latest).loader.project_state(latest).apps

    found = after.get_model("governance", "GovernancePrinciple").objects.get()
    assert (found.pk, found.name, found.weight) == (principle.pk, "Power is shared", 2)
    assert found.criteria.get().question == "Did citizens decide?"
    history = after.get_model("governance", "HistoricalGovernancePrinciple")
    assert history.objects.get(id=principle.pk).name == "Power is shared"
    assert after.get_model("governance", "Charter").objects.get().signatures.count()
    assessment = after.get_model("governance", "GovernanceAssessment").objects.get()
    assert (assessment.cycle_id, assessment.principle_id) == (cycle.pk, principle.pk)
    check = after.get_model("cycles", "GateCheck").objects.get()
    assert check.principle.name == "Power is shared"
    contract = after.get_model("contracts", "Contract").objects.get()
    assert list(contract.principles.values_list("name", flat=True)) == [
        "Power is shared"
    ]
    new_ct = after.get_model("contenttypes", "ContentType").objects
    moved = new_ct.get(pk=principle_type.pk)
    assert (moved.app_label, moved.model) == ("governance", "governanceprinciple")
    assert not new_ct.filter(app_label="outcomes", model__contains="governance")
