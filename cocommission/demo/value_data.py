"""Demo data for the public value equation: demand, the three routes and who
gains, for the Lambeth and Surrey cycles.

Figures from the case studies: Lambeth's referrals to secondary care fell from
100 to 20 a month and in-patient rehabilitation admissions fell 60%; Surrey's
co-produced young people's services saved 25% of the council's budget and cut
first-time entrants to the criminal justice system by 90%, with the savings in
policing and courts going to other bodies. Money amounts the cases do not give
(Surrey's budget, the count of first-time entrants) are illustrative and say
so. Seeding again changes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

from assets.models import Asset, AssetSuggestion, ResourceLine, ResourceSource
from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from contracts.models import Contract
from cycles.models import (
    Cycle,
    InfluenceStrategy,
    Need,
    NeedRoute,
    NeedStatus,
    Status,
    Visibility,
)
from cycles.services import need_demand_save, need_route_save
from outcomes.models import (
    CostSharingAgreement,
    Indicator,
    Outcome,
    Partner,
    PartnerBenefit,
)
from outcomes.services import (
    framework_create,
    indicator_save,
    measurement_record,
    outcome_save,
)

from .cycles_data import EARLY_HELP, LIVING_WELL

LIVING_WELL_NEED = "Help to stay well without reaching a crisis"
SURREY_NEED = "Young people kept away from crime and the courts"
SURREY_BEFORE = "Young people's services before the redesign"
SURREY_ILLUSTRATIVE = (
    "Surrey County Council case study (the 90% fall); the counts are illustrative"
)


def _strategies(*names: str) -> list[InfluenceStrategy]:
    return list(InfluenceStrategy.objects.filter(name__in=names))


def _route(need: Need, by: User, route: str, share: int, **links: object) -> None:
    cost = links.pop("public_cost", None)
    description = str(links.pop("description", ""))
    need_route_save(
        route=NeedRoute(
            need=need,
            route=route,
            planned_share=Decimal(share),
            public_cost=Decimal(str(cost)) if cost is not None else None,
            description=description,
        ),
        by=by,
        links=links,
    )


def seed_public_value(lambeth: Organisation, surrey: Organisation) -> None:
    """The equation for the demo's Lambeth and Surrey cycles, once."""
    _lambeth(lambeth)
    _surrey(surrey)
    _suggestion(lambeth)


def _suggestion(organisation: Organisation) -> None:
    """An asset a citizen suggested, waiting for the team."""
    citizen = User.objects.get(email="citizen@lambeth.example")
    AssetSuggestion.objects.get_or_create(
        organisation=organisation,
        suggested_by=citizen,
        name="Stockwell community garden",
        defaults={
            "what": "A garden where people grow food together on Saturday mornings.",
            "where": "Behind the library on Stockwell Road",
            "holder": "The Friends of Stockwell Garden",
        },
    )


def _lambeth(organisation: Organisation) -> None:
    cycle = Cycle.objects.get(organisation=organisation, title=LIVING_WELL)
    if cycle.needs.filter(statement=LIVING_WELL_NEED).exists():
        return
    by = User.objects.get(email="commissioner@lambeth.example")
    referrals = Indicator.objects.get(
        outcome__framework__cycle=cycle,
        name="Referrals to secondary mental health care",
    )
    need = Need.objects.create(
        cycle=cycle,
        statement=LIVING_WELL_NEED,
        raised_by="Service users and carers at the breakfast meetings",
        status=NeedStatus.RECOGNISED,
        priority=1,
        ways_to_meet=["behaviour_change", "co_production", "service"],
        demand_measure="referrals to secondary mental health care a month",
        demand_source="NHS Foundation Trust referral figures",
        demand_baseline=Decimal(100),
        demand_baseline_date=datetime.date(2013, 1, 31),
    )
    need_demand_save(need=need, by=by, indicators=[referrals])
    _route(
        need,
        by,
        "behaviour_change",
        10,
        public_cost=42_000,
        description="People find help early through the Living Well Network.",
        strategies=_strategies("Information", "Easier access"),
    )
    _route(
        need,
        by,
        "co_production",
        30,
        public_cost=350_000,
        description="Peer support groups and time banks run with service users.",
        pledges=list(cycle.pledges.all()),
        assets=list(Asset.objects.filter(organisation=organisation, cycle=cycle)),
    )
    _route(
        need,
        by,
        "service",
        40,
        description="The alliance contract: one front door and personalised support.",
        contracts=list(Contract.objects.filter(cycle=cycle)),
    )
    trust, _ = Partner.objects.get_or_create(
        organisation=organisation,
        name="South Thames NHS Foundation Trust (demo)",
        defaults={"kind": "health"},
    )
    PartnerBenefit.objects.create(
        cycle=cycle,
        partner=trust,
        outcome=Outcome.objects.filter(framework__cycle=cycle).first(),
        benefit="Fewer admissions to in-patient rehabilitation wards (down 60% "
        "in a year)",
        how_estimated="Not yet valued in money: the alliance returns count the "
        "admissions avoided.",
        is_public=True,
    )
    commissioners, _ = Partner.objects.get_or_create(
        organisation=organisation,
        name="Lambeth Clinical Commissioning Group (demo)",
        defaults={"kind": "health"},
    )
    alliance = CostSharingAgreement.objects.create(
        cycle=cycle,
        title="The alliance contract (April 2015)",
        terms="Five partners (two charities, the NHS Foundation Trust, the CCG and "
        "the council) hold one contract and share its risks and rewards.",
        is_public=True,
    )
    alliance.partners.set([trust, commissioners])


def _surrey(organisation: Organisation) -> None:
    cycle = Cycle.objects.get(organisation=organisation, title=EARLY_HELP)
    if cycle.needs.filter(statement=SURREY_NEED).exists():
        return
    by = User.objects.get(email="commissioner@surrey.example")
    before = _surrey_before(organisation, by)
    cycle.predecessor = before
    cycle.visibility = Visibility.PUBLIC
    cycle.start_date = cycle.start_date or datetime.date(2025, 9, 1)
    cycle.save(update_fields=["predecessor", "visibility", "start_date"])
    framework = framework_create(
        organisation=organisation,
        by=by,
        title="Young people's outcomes",
        cycle=cycle,
    )
    outcome = outcome_save(
        outcome=Outcome(
            framework=framework,
            statement="Young people stay out of the criminal justice system",
            who_for="Young people in Surrey",
            value_types=["user", "social", "economic"],
        ),
        by=by,
    )
    entrants = indicator_save(
        indicator=Indicator(
            outcome=outcome,
            name="First-time entrants to the criminal justice system",
            unit="young people a year",
            baseline_value=Decimal(1000),
            baseline_date=datetime.date(2025, 9, 1),
            target_kind="change",
            target_value=Decimal(-90),
            direction="down",
            frequency="quarterly",
            data_source=SURREY_ILLUSTRATIVE,
        ),
        by=by,
    )
    for day, value in [("2025-12-31", 600), ("2026-03-31", 350), ("2026-09-30", 100)]:
        measurement_record(
            indicator=entrants,
            by=by,
            period_end=datetime.date.fromisoformat(day),
            value=Decimal(value),
            source="routine",
        )
    need = Need.objects.create(
        cycle=cycle,
        statement=SURREY_NEED,
        raised_by="The youth council",
        status=NeedStatus.RECOGNISED,
        priority=1,
        ways_to_meet=["behaviour_change", "co_production", "service"],
        demand_measure="first-time entrants to the criminal justice system a year",
        demand_source=SURREY_ILLUSTRATIVE,
        demand_baseline=Decimal(1000),
        demand_baseline_date=datetime.date(2025, 9, 1),
    )
    need_demand_save(need=need, by=by, indicators=[entrants])
    # Public inputs: £9m against £12m before, the 25% saving (amounts illustrative).
    _route(
        need,
        by,
        "behaviour_change",
        20,
        public_cost=400_000,
        description="Young people commit to plans of their own, with peers.",
        strategies=_strategies("Peer support", "Commitments"),
    )
    _route(
        need,
        by,
        "co_production",
        40,
        public_cost=1_100_000,
        description="Young people help design and run the services they use.",
    )
    _route(
        need,
        by,
        "service",
        30,
        public_cost=7_500_000,
        description="Commissioned youth support, redesigned with young people.",
    )
    ResourceLine.objects.create(
        cycle=cycle,
        source=ResourceSource.OTHER_COMMUNITY,
        label="Young people's and volunteer mentors' time, valued (illustrative)",
        amount=Decimal(250_000),
    )
    police, _ = Partner.objects.get_or_create(
        organisation=organisation,
        name="Surrey Police (demo)",
        defaults={"kind": "police"},
    )
    courts, _ = Partner.objects.get_or_create(
        organisation=organisation,
        name="Courts and youth justice (demo)",
        defaults={"kind": "courts"},
    )
    for partner, gain in [
        (
            police,
            "Less policing: 90% fewer young people entering the criminal "
            "justice system for the first time",
        ),
        (courts, "Fewer court cases for young people"),
    ]:
        PartnerBenefit.objects.create(
            cycle=cycle,
            partner=partner,
            outcome=outcome,
            benefit=gain,
            how_estimated="The case study reports a significant saving but gives no "
            "sum; the council could not recoup it.",
            is_public=True,
        )
    agreement = CostSharingAgreement.objects.create(
        cycle=cycle,
        title="Sharing the savings of early help (proposed)",
        terms="The police and the council talk about funding youth workers "
        "together, since both gain when fewer young people offend.",
        is_public=False,
    )
    agreement.partners.set([police, courts])


def _surrey_before(organisation: Organisation, by: User) -> Cycle:
    """The earlier cycle the redesign recommissions: demand and public spending
    before, so the equation can show what changed."""
    from cycles.services import cycle_create

    before = Cycle.objects.filter(
        organisation=organisation, title=SURREY_BEFORE
    ).first()
    if before is not None:
        return before
    before = cycle_create(
        organisation=organisation,
        by=by,
        title=SURREY_BEFORE,
        problem_statement="Youth services as they were commissioned before young "
        "people were involved.",
        start_date=datetime.date(2024, 4, 1),
        end_date=datetime.date(2025, 8, 31),
        status=Status.CLOSED,
    )
    need = Need.objects.create(
        cycle=before,
        statement=SURREY_NEED,
        status=NeedStatus.RECOGNISED,
        priority=1,
        demand_measure="first-time entrants to the criminal justice system a year",
        demand_source=SURREY_ILLUSTRATIVE,
        demand_baseline=Decimal(1000),
        demand_baseline_date=datetime.date(2024, 4, 1),
    )
    _route(
        need,
        by,
        "service",
        100,
        public_cost=12_000_000,
        description="Youth services as commissioned before (illustrative budget).",
    )
    return before
