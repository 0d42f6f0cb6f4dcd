"""The public value equation: demand, routes, partners, built through the pages."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from assets.models import Pledge, PledgeStatus
from cycles.models import InfluenceStrategy, Need, NeedRoute, NeedStatus
from outcomes.models import Indicator, Outcome, Partner, PartnerBenefit
from outcomes.services import (
    framework_create,
    indicator_save,
    measurement_record,
    outcome_save,
)
from tests.contracts.factories import make_contract
from tests.cycles.factories import CycleFactory

pytestmark = pytest.mark.django_db


def _text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def setting(organisation: Any, people: dict[str, Any]) -> dict[str, Any]:
    return make_setting(organisation, people)


def make_setting(organisation: Any, people: dict[str, Any]) -> dict[str, Any]:
    """A cycle with a priority need, an indicator of its demand measured from 100
    to 20, a £300,000 contract and a pledge of 10 hours a month."""
    commissioner = people["commissioner"]
    cycle = CycleFactory(organisation=organisation, by=commissioner)
    cycle.team.add(*[people[r] for r in ("admin", "commissioner", "decision_maker")])
    need = Need.objects.create(
        cycle=cycle,
        statement="Help before crisis",
        status=NeedStatus.RECOGNISED,
        priority=1,
    )
    framework = framework_create(
        organisation=organisation, by=commissioner, title="Outcomes", cycle=cycle
    )
    outcome = outcome_save(
        outcome=Outcome(
            framework=framework,
            statement="People stay well",
            value_types=["user", "economic"],
        ),
        by=commissioner,
    )
    referrals = indicator_save(
        indicator=Indicator(
            outcome=outcome,
            name="Referrals to secondary care",
            unit="referrals a month",
            baseline_value=Decimal(100),
            direction="down",
        ),
        by=commissioner,
    )
    peer = indicator_save(
        indicator=Indicator(
            outcome=outcome, name="People helped by peers", unit="referrals a month"
        ),
        by=commissioner,
    )
    for day, value in [("2025-01-31", 100), ("2025-07-31", 60), ("2026-01-31", 20)]:
        measurement_record(
            indicator=referrals,
            by=commissioner,
            period_end=datetime.date.fromisoformat(day),
            value=Decimal(value),
            source="routine",
        )
    measurement_record(
        indicator=peer,
        by=commissioner,
        period_end=datetime.date(2026, 1, 31),
        value=Decimal(30),
        source="routine",
    )
    contract = make_contract(organisation, cycle=cycle, value=Decimal(300_000))
    pledge = Pledge.objects.create(
        organisation=organisation,
        cycle=cycle,
        pledged_by_name="Peer group",
        offer="Weekly peer support",
        hours_per_month=Decimal(10),
        status=PledgeStatus.ACTIVE,
    )
    return {
        "cycle": cycle,
        "need": need,
        "referrals": referrals,
        "peer": peer,
        "contract": contract,
        "pledge": pledge,
        "outcome": outcome,
    }


def _url(name: str, s: dict[str, Any], **extra: Any) -> str:
    cycle = s["cycle"]
    kwargs = {"org_slug": cycle.organisation.slug, "pk": cycle.pk, **extra}
    return reverse(name, kwargs=kwargs)


def _login(
    client: Client, people: dict[str, Any], role: str = "commissioner"
) -> Client:
    client.force_login(people[role])
    return client


def _build(client: Client, s: dict[str, Any]) -> None:
    """Demand, three routes and a partner's benefit, each through its form."""
    need = s["need"]
    response = client.post(
        _url("cycles:need_demand", s, need_pk=need.pk),
        {
            "demand_measure": "referrals to secondary care a month",
            "demand_source": "NHS Trust referral system",
            "demand_baseline": "100",
            "demand_baseline_date_0": "31",
            "demand_baseline_date_1": "1",
            "demand_baseline_date_2": "2025",
            "demand_indicators": [s["referrals"].pk],
        },
    )
    assert response.status_code == 302, _text(response)
    peer_support = InfluenceStrategy.objects.get(name="Peer support")
    for data in (
        {
            "route": "behaviour_change",
            "planned_share": "20",
            "strategies": [peer_support.pk],
            "public_cost": "20000",
        },
        {
            "route": "co_production",
            "planned_share": "30",
            "pledges": [s["pledge"].pk],
            "indicators": [s["peer"].pk],
        },
        {
            "route": "service",
            "planned_share": "50",
            "contracts": [s["contract"].pk],
        },
    ):
        response = client.post(_url("cycles:need_route_new", s, need_pk=need.pk), data)
        assert response.status_code == 302, _text(response)
    org = s["cycle"].organisation.slug
    cycle_pk = s["cycle"].pk
    response = client.post(
        reverse("outcomes:partner_new", kwargs={"org_slug": org, "cycle_pk": cycle_pk}),
        {"name": "County police", "kind": "police"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("outcomes:benefit_new", kwargs={"org_slug": org, "cycle_pk": cycle_pk}),
        {
            "partner": Partner.objects.get(name="County police").pk,
            "benefit": "Fewer call-outs to people in crisis",
            "outcome": s["outcome"].pk,
            "estimated_value": "150000",
            "how_estimated": "Call-outs avoided times the cost of one",
            "is_public": "on",
        },
    )
    assert response.status_code == 302, _text(response)


def test_the_equation_shows_the_figures_built_through_the_forms(
    client: Client, people: dict[str, Any], setting: dict[str, Any]
) -> None:
    """Demand fell by 80% (100 to 20); public inputs are the contract and the
    campaign (£320,000); the pledge is valued at 10 hours x 12 x £12 = £1,440;
    cost per unit is £320,000 / 80 = £4,000; the police gain £150,000."""
    _login(client, people)
    _build(client, setting)
    cycle = setting["cycle"]
    response = client.get(
        reverse(
            "reports:equation",
            kwargs={"org_slug": cycle.organisation.slug, "cycle_pk": cycle.pk},
        )
    )
    page = _text(response)
    assert response.status_code == 200
    figures = dict(re.findall(r'data-figure="([^"]+)"> ?([^<]*?) ?<', page))
    assert figures["public"] == "£320,000"
    assert figures["community"] == "£1,440"
    assert figures["cost-per-unit"] == "£4,000"
    assert figures["partners"] == "£150,000"
    assert "fell by 80%, from 100 to 20" in page
    assert "communities put in £1,440 (valued)" in page
    assert "County police" in page and "Fewer call-outs" in page
    # Planned against achieved: the peers' indicator took 30 of 100.
    assert re.search(r'data-route="co_production">.*?30%.*?30%', page)
    assert "Peer support" in page
    # The chart and its table.
    assert "<svg" in page and 'id="equation-chart-data"' in page
    assert "NaN" not in page


def test_shares_over_100_together_are_refused_next_to_the_field(
    client: Client, people: dict[str, Any], setting: dict[str, Any]
) -> None:
    """Two routes planning 70% and 40% of one need are refused, saying how much
    room is left, and what was typed stays in the form."""
    _login(client, people)
    need = setting["need"]
    url = _url("cycles:need_route_new", setting, need_pk=need.pk)
    assert (
        client.post(url, {"route": "service", "planned_share": "70"}).status_code == 302
    )
    response = client.post(url, {"route": "co_production", "planned_share": "40"})
    page = _text(response)
    assert response.status_code == 400
    assert "more than 100%" in page and "enter 30 or less" in page
    assert 'value="40"' in page
    assert NeedRoute.objects.filter(need=need).count() == 1


@pytest.mark.parametrize(
    ("share", "message"),
    [
        ("-5", "0 or more"),
        ("101", "100 or less"),
        ("lots", "as a number"),
        ("", "Enter the planned share"),
    ],
)
def test_a_share_outside_0_to_100_is_refused(
    client: Client,
    people: dict[str, Any],
    setting: dict[str, Any],
    share: str,
    message: str,
) -> None:
    """A share below 0, above 100, not a number or missing gets a clear message."""
    _login(client, people)
    url = _url("cycles:need_route_new", setting, need_pk=setting["need"].pk)
    response = client.post(url, {"route": "service", "planned_share": share})
    assert response.status_code == 400
    assert message in _text(response)
    assert not NeedRoute.objects.exists()


def test_the_same_route_twice_is_refused(
    client: Client, people: dict[str, Any], setting: dict[str, Any]
) -> None:
    """A need has one route of each kind."""
    _login(client, people)
    url = _url("cycles:need_route_new", setting, need_pk=setting["need"].pk)
    client.post(url, {"route": "service", "planned_share": "10"})
    response = client.post(url, {"route": "service", "planned_share": "10"})
    assert response.status_code == 400
    assert "already has this route" in _text(response)


def test_an_empty_equation_says_what_to_add(
    client: Client, people: dict[str, Any], organisation: Any
) -> None:
    """A cycle with no demand yet says so and links to where to add it."""
    cycle = CycleFactory(organisation=organisation, by=people["commissioner"])
    _login(client, people)
    response = client.get(
        reverse(
            "reports:equation",
            kwargs={"org_slug": organisation.slug, "cycle_pk": cycle.pk},
        )
    )
    page = _text(response)
    assert response.status_code == 200
    assert "No demand recorded yet" in page
    assert (
        reverse("cycles:needs", kwargs={"org_slug": organisation.slug, "pk": cycle.pk})
        in page
    )
    assert "NaN" not in page


def test_a_benefit_with_a_value_says_how_it_was_estimated(
    client: Client, people: dict[str, Any], setting: dict[str, Any]
) -> None:
    """An estimated value without how it was estimated is refused."""
    _login(client, people)
    cycle = setting["cycle"]
    partner = Partner.objects.create(organisation=cycle.organisation, name="Courts")
    response = client.post(
        reverse(
            "outcomes:benefit_new",
            kwargs={"org_slug": cycle.organisation.slug, "cycle_pk": cycle.pk},
        ),
        {"partner": partner.pk, "benefit": "Fewer hearings", "estimated_value": "5"},
    )
    assert response.status_code == 400
    assert "Say how the value was estimated" in _text(response)
    assert not PartnerBenefit.objects.exists()


def test_another_organisations_partner_cannot_be_chosen(
    client: Client,
    people: dict[str, Any],
    setting: dict[str, Any],
    other_organisation: Any,
) -> None:
    """The partner picker holds only the organisation's own partners."""
    _login(client, people)
    cycle = setting["cycle"]
    theirs = Partner.objects.create(organisation=other_organisation, name="Theirs")
    response = client.post(
        reverse(
            "outcomes:benefit_new",
            kwargs={"org_slug": cycle.organisation.slug, "cycle_pk": cycle.pk},
        ),
        {"partner": theirs.pk, "benefit": "x"},
    )
    assert response.status_code == 400
    assert not PartnerBenefit.objects.exists()


def _pages(s: dict[str, Any], route: NeedRoute) -> list[tuple[str, str]]:
    cycle = s["cycle"]
    org = cycle.organisation.slug
    need = s["need"].pk
    return [
        (
            "get",
            reverse("reports:equation", kwargs={"org_slug": org, "cycle_pk": cycle.pk}),
        ),
        ("get", _url("cycles:need_routes", s, need_pk=need)),
        ("post", _url("cycles:need_demand", s, need_pk=need)),
        ("post", _url("cycles:need_route_new", s, need_pk=need)),
        ("post", _url("cycles:need_route_edit", s, need_pk=need, route_pk=route.pk)),
        ("post", _url("cycles:need_route_remove", s, need_pk=need, route_pk=route.pk)),
        (
            "get",
            reverse(
                "outcomes:who_gains", kwargs={"org_slug": org, "cycle_pk": cycle.pk}
            ),
        ),
        (
            "post",
            reverse(
                "outcomes:benefit_new", kwargs={"org_slug": org, "cycle_pk": cycle.pk}
            ),
        ),
        (
            "post",
            reverse(
                "outcomes:partner_new", kwargs={"org_slug": org, "cycle_pk": cycle.pk}
            ),
        ),
        (
            "post",
            reverse(
                "outcomes:agreement_new", kwargs={"org_slug": org, "cycle_pk": cycle.pk}
            ),
        ),
    ]


@pytest.mark.parametrize("role", ["outsider", "citizen", "provider"])
def test_people_outside_the_team_get_404_and_change_nothing(
    client: Client, people: dict[str, Any], setting: dict[str, Any], role: str
) -> None:
    """Outsiders, citizens and providers of the organisation reach none of the
    equation's pages, and their posts change nothing."""
    route = NeedRoute.objects.create(
        need=setting["need"], route="service", planned_share=Decimal(10)
    )
    _login(client, people, role)
    for method, url in _pages(setting, route):
        response = getattr(client, method)(
            url, {"route": "co_production", "planned_share": "5", "name": "X"}
        )
        assert response.status_code in (403, 404), (url, response.status_code)
    assert NeedRoute.objects.count() == 1 and not Partner.objects.exists()


def test_a_decision_maker_sees_the_equation_but_only_commissioners_change_partners(
    client: Client, people: dict[str, Any], setting: dict[str, Any]
) -> None:
    """Who gains is changed by those who may change frameworks."""
    cycle = setting["cycle"]
    _login(client, people, "decision_maker")
    org = cycle.organisation.slug
    assert (
        client.get(
            reverse("reports:equation", kwargs={"org_slug": org, "cycle_pk": cycle.pk})
        ).status_code
        == 200
    )
    response = client.post(
        reverse("outcomes:partner_new", kwargs={"org_slug": org, "cycle_pk": cycle.pk}),
        {"name": "Police", "kind": "police"},
    )
    assert response.status_code == 403


def test_the_report_holds_the_equation_in_pdf_and_xlsx(
    client: Client,
    people: dict[str, Any],
    setting: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The cycle report's PDF states the equation's figures and the partner's
    benefit; its Excel annex has them as numbers."""
    import io

    from openpyxl import load_workbook
    from pypdf import PdfReader

    from reports.models import Report
    from reports.services import report_request

    _login(client, people)
    _build(client, setting)
    cycle = setting["cycle"]
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(
            organisation=cycle.organisation,
            kind="cycle",
            subject=cycle,
            by=people["commissioner"],
        )
    report = Report.objects.get(pk=report.pk)
    with report.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    for figure in ("£320,000", "£1,440", "£4,000", "£150,000", "County police"):
        assert figure in text, figure
    assert "fell by 80%" in text
    with report.xlsx.open("rb") as handle:
        workbook = load_workbook(io.BytesIO(handle.read()), read_only=True)
    figures = {
        row[0]: row[1]
        for row in workbook["Public value equation"].iter_rows(values_only=True)
    }
    assert figures["Public sector inputs (£)"] == 320000
    assert figures["Cost per unit of demand taken away (£)"] == 4000
    routes = list(workbook["Demand and routes"].iter_rows(values_only=True))[1:]
    assert {(r[5], r[6]) for r in routes} == {
        ("Behaviour change by citizens", 20),
        ("Co-production by users and communities", 30),
        ("A commissioned service", 50),
    }
    partners = list(workbook["Who gains"].iter_rows(values_only=True))[1:]
    assert partners[0][0] == "County police" and partners[0][2] == 150000


def test_the_scorecard_and_public_page_show_who_gains(
    client: Client, people: dict[str, Any], setting: dict[str, Any]
) -> None:
    """The scorecard lists every partner benefit; the public page of a public
    cycle only those marked public."""
    from cycles.models import Visibility

    _login(client, people)
    _build(client, setting)
    cycle = setting["cycle"]
    Partner.objects.create(organisation=cycle.organisation, name="Hidden trust")
    PartnerBenefit.objects.create(
        cycle=cycle,
        partner=Partner.objects.get(name="Hidden trust"),
        benefit="Internal saving",
        is_public=False,
    )
    org = cycle.organisation.slug
    card = _text(
        client.get(
            reverse(
                "outcomes:scorecard", kwargs={"org_slug": org, "cycle_pk": cycle.pk}
            )
        )
    )
    assert "County police" in card and "Hidden trust" in card and "£150,000" in card
    cycle.visibility = Visibility.PUBLIC
    cycle.save()
    client.logout()
    public = _text(
        client.get(reverse("public_outcomes", kwargs={"org_slug": org, "pk": cycle.pk}))
    )
    assert "County police" in public and "£150,000" in public
    assert "Hidden trust" not in public and "Internal saving" not in public
