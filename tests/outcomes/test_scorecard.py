from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from cycles.models import Cycle
from outcomes.forms import OutcomeForm
from outcomes.models import CycleCost, Indicator, Measurement, Outcome
from outcomes.progress import value_for_money
from outcomes.services import framework_create, indicator_save, outcome_save
from tests.cycles.factories import CycleFactory

pytestmark = pytest.mark.django_db


def _qalys(**fields: object) -> Indicator:
    defaults: dict[str, object] = {
        "baseline_value": Decimal(0),
        "direction": "up",
        "attributed_cost": Decimal("478400"),
        "threshold_per_unit": Decimal("10000"),
    }
    return Indicator(name="QALYs gained", unit="QALYs", **{**defaults, **fields})


def _latest(value: int) -> Measurement:
    return Measurement(period_end=datetime.date(2026, 3, 31), value=Decimal(value))


def test_cost_per_qaly_against_the_threshold() -> None:
    """Health trainers: £478,400 for 100 QALYs is £4,784 each, good value."""
    result = value_for_money(_qalys(), _latest(100))
    assert result is not None
    assert result.cost_per_unit == Decimal(4784)
    assert result.good is True
    above = value_for_money(_qalys(threshold_per_unit=Decimal(4000)), _latest(100))
    assert above is not None and above.good is False


def test_value_for_money_edge_cases() -> None:
    """No cost: nothing shown. No change, no baseline, or a lower-is-better worsening:
    a plain sentence, never a division by zero."""
    assert value_for_money(_qalys(attributed_cost=None), _latest(5)) is None
    for result in (
        value_for_money(_qalys(), _latest(0)),
        value_for_money(_qalys(baseline_value=None), _latest(5)),
        value_for_money(_qalys(), None),
        value_for_money(
            _qalys(direction="down", baseline_value=Decimal(10)), _latest(12)
        ),
    ):
        assert result is not None and result.cost_per_unit is None and result.verdict
    lower = value_for_money(
        _qalys(direction="down", baseline_value=Decimal(100), threshold_per_unit=None),
        _latest(20),
    )
    assert (
        lower is not None
        and lower.cost_per_unit == Decimal(5980)
        and lower.good is None
    )


def test_beneficiaries_are_read_one_a_line(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """ "Police – fewer first-time offenders" becomes a body and how it benefits."""
    framework = framework_create(
        organisation=organisation, by=people["commissioner"], title="F"
    )
    form = OutcomeForm(
        {
            "statement": "Fewer young people offend",
            "value_types": ["social"],
            "priority": "1",
            "beneficiaries": (
                "Police – fewer first-time offenders\nCourts - fewer cases\n\n"
            ),
        },
        instance=Outcome(framework=framework),
        framework=framework,
    )
    assert form.is_valid(), form.errors
    outcome = outcome_save(
        outcome=form.save(commit=False),
        by=people["commissioner"],
        beneficiaries=form.beneficiaries(),
    )
    assert list(outcome.beneficiaries.values_list("body", "how")) == [
        ("Courts", "fewer cases"),
        ("Police", "fewer first-time offenders"),
    ]


@pytest.fixture
def cycle(organisation: Organisation, people: dict[str, User]) -> Cycle:
    return CycleFactory(organisation=organisation, by=people["commissioner"])


@pytest.mark.parametrize(
    ("role", "read", "change"),
    [
        ("admin", 200, 302),
        ("commissioner", 200, 302),
        ("decision_maker", 200, 403),
        ("provider", 404, 404),
        ("citizen", 404, 404),
        ("outsider", 404, 404),
    ],
)
def test_scorecard_and_costs_truth_table(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    cycle: Cycle,
    role: str,
    read: int,
    change: int,
) -> None:
    """The team reads the scorecard; admins and commissioners record costs."""
    kwargs = {"org_slug": organisation.slug, "cycle_pk": cycle.pk}
    client.force_login(people[role])
    assert client.get(reverse("outcomes:scorecard", kwargs=kwargs)).status_code == read
    response = client.post(
        reverse("outcomes:cost_add", kwargs=kwargs),
        {"label": "Venue hire", "amount": "1200"},
    )
    assert response.status_code == change


def test_a_cost_must_be_a_positive_number(
    client: Client, people: dict[str, User], organisation: Organisation, cycle: Cycle
) -> None:
    """Bad amounts are reported beside the field and nothing is saved."""
    kwargs = {"org_slug": organisation.slug, "cycle_pk": cycle.pk}
    client.force_login(people["commissioner"])
    response = client.post(
        reverse("outcomes:cost_add", kwargs=kwargs), {"label": "Venue", "amount": "-5"}
    )
    assert "The amount cannot be negative" in response.content.decode()
    assert not CycleCost.objects.exists()


def test_scorecard_shows_statuses_costs_and_weighted_governance(
    client: Client, people: dict[str, User], organisation: Organisation, cycle: Cycle
) -> None:
    """The scorecard counts statuses, totals costs and weights principle scores."""
    from governance.assessment import governance_assess
    from governance.services import principles_ensure_defaults

    framework = framework_create(
        organisation=organisation, by=people["commissioner"], title="F", cycle=cycle
    )
    outcome = outcome_save(
        outcome=Outcome(framework=framework, statement="Better"),
        by=people["commissioner"],
    )
    indicator_save(
        indicator=_qalys(outcome=outcome, target_value=Decimal(50)),
        by=people["commissioner"],
    )
    CycleCost.objects.create(cycle=cycle, label="Trainers", amount=Decimal("1000.50"))
    CycleCost.objects.create(cycle=cycle, label="Venue", amount=Decimal("99.50"))
    principles = principles_ensure_defaults(organisation=organisation)
    principles[0].weight = 3
    principles[0].save()
    governance_assess(
        cycle=cycle,
        principle=principles[0],
        by=people["commissioner"],
        answers={"overall": "5"},
    )
    governance_assess(
        cycle=cycle,
        principle=principles[1],
        by=people["commissioner"],
        answers={"overall": "1"},
    )
    client.force_login(people["commissioner"])
    response = client.get(
        reverse(
            "outcomes:scorecard",
            kwargs={"org_slug": organisation.slug, "cycle_pk": cycle.pk},
        )
    )
    card = response.context["card"]
    assert card.total_cost == Decimal("1100.00")
    assert card.status_counts["no_data"] == 1 and card.status_counts["unknown"] == 1
    assert card.team_overall == Decimal("4.0")


def test_scorecard_query_count_is_flat(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    cycle: Cycle,
    django_assert_num_queries: object,
) -> None:
    """The scorecard costs the same with 5 or 200 indicators of 50 measurements."""
    framework = framework_create(
        organisation=organisation, by=people["commissioner"], title="F", cycle=cycle
    )

    def add(n: int) -> None:
        outcome = outcome_save(
            outcome=Outcome(framework=framework, statement="More"),
            by=people["commissioner"],
        )
        made = Indicator.objects.bulk_create(
            Indicator(outcome=outcome, name=f"I{i}", unit="%", target_value=Decimal(50))
            for i in range(n)
        )
        Measurement.objects.bulk_create(
            Measurement(
                indicator=ind,
                period_end=datetime.date(2020, 1, 1) + datetime.timedelta(days=30 * k),
                value=Decimal(k),
            )
            for ind in made
            for k in range(50)
        )

    add(5)
    client.force_login(people["commissioner"])
    url = reverse(
        "outcomes:scorecard",
        kwargs={"org_slug": organisation.slug, "cycle_pk": cycle.pk},
    )
    client.get(url)
    with django_assert_num_queries(17) as few:  # type: ignore[operator]
        client.get(url)
    add(195)
    with django_assert_num_queries(len(few.captured_queries)):  # type: ignore[operator]
        client.get(url)


def test_public_outcomes_page_for_anyone_on_public_cycles_only(
    client: Client, people: dict[str, User], organisation: Organisation, cycle: Cycle
) -> None:
    """Anyone reads a public cycle's outcomes and progress in plain words; private
    cycles have no such page; costs and e-mail addresses never show."""
    framework = framework_create(
        organisation=organisation, by=people["commissioner"], title="F", cycle=cycle
    )
    outcome = outcome_save(
        outcome=Outcome(framework=framework, statement="People recover and stay well"),
        by=people["commissioner"],
    )
    indicator_save(
        indicator=_qalys(outcome=outcome, target_value=Decimal(50)),
        by=people["commissioner"],
    )
    CycleCost.objects.create(
        cycle=cycle, label="Secret contract value", amount=Decimal(1)
    )
    url = reverse(
        "public_outcomes", kwargs={"org_slug": organisation.slug, "pk": cycle.pk}
    )
    assert client.get(url).status_code == 404
    cycle.visibility = "public"
    cycle.save()
    content = client.get(url).content.decode()
    assert "People recover and stay well" in content
    assert "We aim for 50 QALYs" in content
    assert "Secret contract value" not in content
    assert "@" not in content.split('id="main-content"')[1]


def test_scorecard_names_under_represented_groups(
    organisation: Organisation, cycle: Cycle
) -> None:
    """Citizen involvement counts the people on the cycle's panels and names the
    groups under-represented among them."""
    from outcomes.scorecard import cycle_scorecard
    from panels.services import panel_join
    from tests.panels.factories import PanelFactory, consenting_citizen

    panel = PanelFactory(organisation=organisation, cycle=cycle)
    for _i in range(6):
        panel_join(
            panel=panel, user=consenting_citizen(organisation, {"Gender": "Woman"})
        )
    card = cycle_scorecard(cycle)
    assert card.participants == 6
    assert "Gender: Man" in card.under_represented
    assert "Gender: Woman" not in card.under_represented
