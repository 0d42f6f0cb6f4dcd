"""Demo cycles built through the services, modelled on the Lambeth Living Well
Collaborative (DOMAIN.md section 8). Idempotent: an existing cycle is left alone."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.apps import apps

from assets.models import Asset, ResourceLine
from assets.services import asset_save, pledge_make, pledge_set_status
from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from cycles.catalogue_data import load as load_catalogue
from cycles.models import (
    ActivityStatus,
    CatalogueEntry,
    CatalogueKind,
    Cycle,
    DecisionKind,
    GateCheck,
    GateKind,
    GateRule,
    Level,
    Mode,
    Need,
    Phase,
    Risk,
    ServiceArea,
    Status,
    Visibility,
)
from cycles.risks import risk_save
from cycles.services import (
    activity_create,
    cycle_create,
    cycle_move_to_phase,
    cycle_phase_correct_dates,
    decision_confirm,
    decision_record,
    need_save,
)
from governance.models import Charter, GovernancePrinciple
from governance.services import (
    charter_publish,
    charter_sign,
    principles_ensure_defaults,
)
from outcomes.corrections import measurement_correct, measurement_withdraw
from outcomes.models import CycleCost, Indicator, MeasurementSource, Outcome
from outcomes.services import (
    framework_create,
    indicator_save,
    measurement_record,
    outcome_save,
)

LIVING_WELL = "Living Well: recovery and support in mental health"
CARERS = "Support for unpaid carers"
EARLY_HELP = "Early help for young people"

# (phase, mode, status, title, approach, tasks it covers, participants)
LIVING_WELL_ACTIVITIES: list[tuple[str, str, str, str, str, list[str], str]] = [
    (
        Phase.ANALYSE,
        Mode.CO_DESIGN,
        ActivityStatus.DONE,
        "Fortnightly breakfast meetings",
        "Appreciative inquiry with local communities",
        ["Population needs assessment", "Intended outcomes"],
        "About 30 people: commissioners, providers, service users and carers, in a café "
        "that employs people who have faced adversity",
    ),
    (
        Phase.ANALYSE,
        Mode.CO_DELIVERY,
        ActivityStatus.DONE,
        "Mapping peer support and time banks",
        "'See what you can do' conversations",
        ["Resource analysis"],
        "Service users, carers and community groups",
    ),
    (
        Phase.PLAN,
        Mode.CO_COMMISSIONING,
        ActivityStatus.DONE,
        "Agreeing the Big Three outcomes",
        "Citizens on the commissioning board",
        ["Commissioning strategy"],
        "Collaborative members",
    ),
    (
        Phase.PLAN,
        Mode.CO_DESIGN,
        ActivityStatus.DONE,
        "Designing the new service offer with more than 100 stakeholders",
        "Service redesign with users",
        ["Service design"],
        "More than 100 stakeholders",
    ),
    (
        Phase.DO,
        Mode.CO_DESIGN,
        ActivityStatus.DONE,
        "Testing the offer with 10 people",
        "Innovation lab",
        [],
        "10 service users",
    ),
    (
        Phase.DO,
        Mode.TRADITIONAL,
        ActivityStatus.DONE,
        "Awarding the alliance contract",
        "",
        ["Procuring services"],
        "The commissioning team and procurement",
    ),
    (
        Phase.DO,
        Mode.CO_ASSESSMENT,
        ActivityStatus.RUNNING,
        "Service users at alliance contract monitoring meetings",
        "Citizens at contract monitoring meetings",
        ["Contract management"],
        "Two service-user representatives",
    ),
    (
        Phase.DO,
        Mode.CO_DELIVERY,
        ActivityStatus.PLANNED,
        "Peer support groups in the Living Well Network",
        "Peer support group",
        [],
        "Peer supporters",
    ),
]

# (phase, kind, title, decided, rationale, body, input activity titles)
LIVING_WELL_DECISIONS: list[tuple[str, str, str, str, str, str, list[str]]] = [
    (
        Phase.PLAN,
        DecisionKind.PRIORITY,
        "The Big Three outcomes",
        "People with long-term mental health conditions will recover and stay well, make "
        "their own choices, and take part in daily life on an equal footing with others.",
        "These are the outcomes service users and carers named most often.",
        "Living Well Collaborative board",
        ["Fortnightly breakfast meetings", "Agreeing the Big Three outcomes"],
    ),
    (
        Phase.PLAN,
        DecisionKind.CONTRACT_AWARD,
        "An alliance contract with five partners",
        "Two third-sector providers, the NHS Foundation Trust, the clinical commissioning "
        "group and the council form the Integrated Personalised Support Alliance from "
        "April 2015.",
        "People asked for one front door instead of being passed between services.",
        "Health and Wellbeing Board",
        ["Designing the new service offer with more than 100 stakeholders"],
    ),
]


def _team(organisation: Organisation, email: str) -> User:
    return User.objects.get(email=email, memberships__organisation=organisation)


def _gate_checks(organisation: Organisation) -> None:
    principles = {
        p.name: p for p in principles_ensure_defaults(organisation=organisation)
    }
    checks: list[dict[str, Any]] = [
        {
            "phase": Phase.ANALYSE,
            "title": "Citizens took part in the analysis",
            "principle": "Citizen engagement",
            "kind": GateKind.AUTOMATIC,
            "rule": GateRule.CO_PRODUCED_ACTIVITY_DONE,
        },
        {
            "phase": Phase.ANALYSE,
            "title": "Seldom-heard groups were sought out",
            "principle": "Equalities",
            "kind": GateKind.ATTESTED,
            "rule": "",
            "description": "Say how people who rarely take part were reached.",
        },
        {
            "phase": Phase.PLAN,
            "title": "A decision maker agreed the priorities",
            "principle": "Accountability",
            "kind": GateKind.AUTOMATIC,
            "rule": GateRule.DECISION_MAKER_DECIDED,
        },
        {
            "phase": Phase.PLAN,
            "title": "The priorities are published",
            "principle": "Transparency",
            "kind": GateKind.AUTOMATIC,
            "rule": GateRule.DECISION_PUBLISHED,
        },
        {
            "phase": Phase.DO,
            "title": "Service users monitor the contract",
            "principle": "Citizen engagement",
            "kind": GateKind.AUTOMATIC,
            "rule": GateRule.CO_ASSESSMENT_DONE,
        },
        {
            "phase": Phase.REVIEW,
            "title": "Providers were assessed against our principles",
            "principle": "Fairness and due process",
            "kind": GateKind.ATTESTED,
            "rule": "",
        },
    ]
    for order, spec in enumerate(checks):
        principle: GovernancePrinciple = principles[spec.pop("principle")]
        GateCheck.objects.get_or_create(
            organisation=organisation,
            title=spec.pop("title"),
            defaults={**spec, "principle": principle, "order": order},
        )


def seed_cycles(lambeth: Organisation, surrey: Organisation) -> None:
    """Create the demo cycles if they are not there yet."""
    load_catalogue(apps)
    for organisation in (lambeth, surrey):
        principles_ensure_defaults(organisation=organisation)
    commissioner = _team(lambeth, "commissioner@lambeth.example")
    councillor = _team(lambeth, "councillor@lambeth.example")
    health = ServiceArea.objects.get(name="Health")

    if not Cycle.objects.filter(organisation=lambeth, title=LIVING_WELL).exists():
        cycle = cycle_create(
            organisation=lambeth,
            by=commissioner,
            title=LIVING_WELL,
            service_area=health,
            problem_statement=(
                "People with long-term mental health conditions told us services were "
                "hard to reach and built around crises. Together we want people to "
                "recover and stay well, make their own choices and take part in daily "
                "life on an equal footing."
            ),
            level=Level.MACRO,
            population_served="About 4,000 people on GP serious mental illness "
            "registers and about 2,000 clients of the NHS Foundation Trust",
            budget_envelope=12_500_000,
            start_date=datetime.date(2010, 4, 1),
            visibility=Visibility.PUBLIC,
            status=Status.ACTIVE,
        )
        cycle.team.add(councillor)
        tasks = {
            t.title: t
            for t in CatalogueEntry.objects.filter(
                kind=CatalogueKind.IPC_TASK, organisation__isnull=True
            )
        }
        activities = {}
        for (
            phase,
            mode,
            status,
            title,
            approach,
            covers,
            participants,
        ) in LIVING_WELL_ACTIVITIES:
            activities[title] = activity_create(
                cycle=cycle,
                by=commissioner,
                phase=phase,
                mode=mode,
                status=status,
                title=title,
                approach=approach,
                participants=participants,
                covers_tasks=[tasks[name] for name in covers],
            )
        # Recorded long after the fact: the phases carry the dates they happened.
        cycle_phase_correct_dates(
            cycle=cycle,
            phase=Phase.ANALYSE,
            by=commissioner,
            started=datetime.date(2010, 4, 1),
            finished=None,
            reason="Recorded after the fact: the cycle began in April 2010.",
        )
        cycle_move_to_phase(
            cycle=cycle,
            to_phase=Phase.PLAN,
            by=commissioner,
            reason="The breakfast meetings agreed what people need.",
            on=datetime.date(2011, 6, 6),
        )
        for (
            phase,
            kind,
            title,
            decided,
            rationale,
            body,
            inputs,
        ) in LIVING_WELL_DECISIONS:
            decision = decision_record(
                cycle=cycle,
                by=commissioner,
                phase=phase,
                kind=kind,
                title=title,
                decided=decided,
                rationale=rationale,
                decided_by_body=body,
                board_chair=councillor,
                decided_on=datetime.date(2012, 9, 1),
                citizen_input=[activities[name] for name in inputs],
            )
            # The commissioner recorded it; the councillor, who chaired the
            # board, confirms it, which publishes it in their name.
            decision_confirm(decision=decision, by=councillor)
        cycle_move_to_phase(
            cycle=cycle,
            to_phase=Phase.DO,
            by=commissioner,
            reason="The alliance is in place.",
            on=datetime.date(2014, 4, 1),
        )
        # Recorded by the commissioner in the councillor's name: it waits for the
        # councillor to confirm it (shown on their dashboard), so it is not public.
        decision_record(
            cycle=cycle,
            by=commissioner,
            phase=Phase.DO,
            kind=DecisionKind.OTHER,
            title="Open the recovery café at weekends",
            decided="The recovery café opens on Saturdays and Sundays from April.",
            rationale="People at the breakfast meetings said weekends are hardest.",
            decided_by=councillor,
            decided_on=datetime.date(2015, 3, 2),
            citizen_input=[activities["Fortnightly breakfast meetings"]],
        )

    if not Cycle.objects.filter(organisation=lambeth, title=CARERS).exists():
        carers = cycle_create(
            organisation=lambeth,
            by=commissioner,
            title=CARERS,
            service_area=health,
            problem_statement="Carers of people with mental health conditions say they "
            "are often the last to be asked. We start by finding out what carers need "
            "and already do.",
            level=Level.MICRO,
        )
        activity_create(
            cycle=carers,
            by=commissioner,
            phase=Phase.ANALYSE,
            mode=Mode.CO_ASSESSMENT,
            title="Focus group on the risks carers face",
            approach="Focus group on risk",
            status=ActivityStatus.PLANNED,
        )
        for statement, raised_by, how_many, groups, quiet, ways in [
            (
                "A break now and then, without worrying",
                "Carers at the drop-in",
                14,
                "Carers of adults",
                False,
                ["service", "co_production"],
            ),
            (
                "To be told what is happening with the person I care for",
                "Carers' survey",
                31,
                "Carers of people in hospital",
                False,
                ["service"],
            ),
            (
                "Someone who speaks my language",
                "Outreach at the mosque and the temple",
                6,
                "Carers who speak Bengali or Tamil",
                True,
                ["co_production"],
            ),
        ]:
            need_save(
                need=Need(
                    cycle=carers,
                    statement=statement,
                    raised_by=raised_by,
                    how_many=how_many,
                    groups=groups,
                    quiet_demand=quiet,
                    ways_to_meet=ways,
                ),
                by=commissioner,
            )

    surrey_commissioner = _team(surrey, "commissioner@surrey.example")
    if not Cycle.objects.filter(organisation=surrey, title=EARLY_HELP).exists():
        early_help = cycle_create(
            organisation=surrey,
            by=surrey_commissioner,
            title=EARLY_HELP,
            service_area=ServiceArea.objects.get(name="Children and young people"),
            problem_statement="Reduce first-time entry into the criminal justice "
            "system by working with young people on the services they use.",
        )
        cycle_phase_correct_dates(
            cycle=early_help,
            phase=Phase.ANALYSE,
            by=surrey_commissioner,
            started=datetime.date(2025, 9, 1),
            finished=None,
            reason="Recorded after the fact: the work began in September 2025.",
        )
        cycle_move_to_phase(
            cycle=early_help,
            to_phase=Phase.PLAN,
            by=surrey_commissioner,
            reason="Needs agreed with the youth council.",
            on=datetime.date(2026, 1, 12),
        )
    _gate_checks(lambeth)
    _charter(lambeth)
    _big_three(lambeth)
    _risks(lambeth)
    _assets(lambeth)


def _assets(organisation: Organisation) -> None:
    """The café, peer-support group, time bank and carers' network of the example."""
    if Asset.objects.filter(organisation=organisation).exists():
        return
    cycle = Cycle.objects.get(organisation=organisation, title=LIVING_WELL)
    commissioner = _team(organisation, "commissioner@lambeth.example")
    for name, kind, holder, area, text in [
        (
            "Café that employs people who have faced adversity",
            "place",
            "business",
            "Brixton",
            "Hosts the fortnightly breakfast meetings; a welcoming place to meet.",
        ),
        (
            "Peer support group",
            "group",
            "community",
            "Stockwell",
            "People with lived experience supporting each other, weekly.",
        ),
        (
            "Time bank",
            "time",
            "third_sector",
            "Lambeth-wide",
            "Members swap hours of help; an hour given is an hour received.",
        ),
        (
            "Carers' network",
            "group",
            "community",
            "Norwood",
            "Carers of people with mental health conditions; meets monthly.",
        ),
        (
            "NHS Foundation Trust community team",
            "skills",
            "public",
            "Lambeth-wide",
            "Clinical staff working with the Living Well Network.",
        ),
    ]:
        asset_save(
            asset=Asset(
                organisation=organisation,
                cycle=cycle,
                name=name,
                kind=kind,
                holder_type=holder,
                area=area,
                description=text,
                is_public=True,
            ),
            by=commissioner,
        )
    for source, label, amount in [
        (
            "public_budget",
            "Mental health budget (council and health commissioner)",
            12_150_000,
        ),
        ("co_financing", "Housing association contribution to peer support", 40_000),
        ("crowdfunding", "Clubhouse garden appeal", 6_500),
    ]:
        ResourceLine.objects.create(
            cycle=cycle, source=source, label=label, amount=Decimal(amount)
        )
    pledge = pledge_make(
        organisation=organisation,
        by=_team(organisation, "citizen@lambeth.example"),
        offer="I can help run the Thursday peer support session",
        kind="time",
        hours_per_month=Decimal(8),
    )
    pledge_set_status(pledge=pledge, status="active", by=commissioner, cycle=cycle)


def _risks(organisation: Organisation) -> None:
    """Risks of moving a clubhouse to a fast-tracked 12-week enablement programme."""
    cycle = Cycle.objects.get(organisation=organisation, title=LIVING_WELL)
    if cycle.risks.exists():
        return
    owner = _team(organisation, "commissioner@lambeth.example")
    specs = [
        (
            "Members lose support when the 12 weeks end",
            "users",
            4,
            4,
            "accepted",
            "Clubhouse members' meeting, after discussion",
            "A planned move on to peer support and the time bank, with a named contact",
            "Members can come back to the clubhouse at any time without a new referral",
            2,
            3,
        ),
        (
            "Peer supporters burn out",
            "community",
            3,
            4,
            "not_asked",
            "",
            "Supervision and paid expenses for peer supporters",
            "",
            None,
            None,
        ),
        (
            "Providers cannot recruit enough staff for the faster pace",
            "provider",
            3,
            3,
            "not_asked",
            "",
            "Shared recruitment across the alliance",
            "",
            None,
            None,
        ),
    ]
    for (
        text,
        whose,
        lik,
        imp,
        acceptance,
        source,
        enablement,
        fallback,
        r_lik,
        r_imp,
    ) in specs:
        risk_save(
            risk=Risk(
                cycle=cycle,
                description=text,
                whose=whose,
                likelihood=lik,
                impact=imp,
                acceptance=acceptance,
                acceptance_source=source,
                enablement=enablement,
                resilience=fallback,
                residual_likelihood=r_lik,
                residual_impact=r_imp,
                owner=owner,
                review_date=datetime.date(2026, 10, 31),
            ),
            by=owner,
        )


def _big_three(organisation: Organisation) -> None:
    """The Big Three outcomes of the Living Well example, with indicators."""
    cycle = Cycle.objects.get(organisation=organisation, title=LIVING_WELL)
    if cycle.frameworks.exists():
        return
    commissioner = _team(organisation, "commissioner@lambeth.example")
    framework = framework_create(
        organisation=organisation,
        by=commissioner,
        title="The Big Three",
        cycle=cycle,
        description="Outcomes agreed at the breakfast meetings for people with "
        "long-term mental health conditions.",
        is_template=True,
    )
    priority = cycle.decisions.filter(title="The Big Three outcomes").first()
    recover, choices, participate = (
        outcome_save(
            outcome=Outcome(
                framework=framework,
                statement=statement,
                who_for=who,
                priority=1,
                order=order,
                priority_decision=priority,
                value_types=kinds,
            ),
            by=commissioner,
            pathways=pathways,
            beneficiaries=others,
        )
        for order, (statement, who, pathways, kinds, others) in enumerate(
            [
                (
                    "People recover and stay well",
                    "People with long-term mental health conditions",
                    {
                        "prevention": ["co_production", "behaviour_change"],
                        "treatment": ["services"],
                    },
                    ["user", "economic"],
                    [("Families and carers", "Fewer crises to hold together")],
                ),
                (
                    "People make their own choices",
                    "People using mental health services",
                    {"treatment": ["services", "co_production"]},
                    ["user"],
                    [],
                ),
                (
                    "People take part in daily life on an equal footing with others",
                    "People with long-term mental health conditions",
                    {"rehabilitation": ["co_production", "services"]},
                    ["user", "social"],
                    [("Local employers", "People able to return to work")],
                ),
            ]
        )
    )
    referrals = indicator_save(
        indicator=Indicator(
            outcome=recover,
            name="Referrals to secondary mental health care",
            unit="referrals a month",
            baseline_value=100,
            baseline_date=datetime.date(2013, 1, 31),
            target_value=20,
            target_date=datetime.date(2015, 1, 31),
            direction="down",
            frequency="monthly",
            data_source="NHS Foundation Trust",
            owner=commissioner,
        ),
        by=commissioner,
    )
    admissions = indicator_save(
        indicator=Indicator(
            outcome=recover,
            name="Admissions to in-patient rehabilitation wards",
            unit="admissions a quarter",
            baseline_value=50,
            baseline_date=datetime.date(2015, 4, 30),
            # "Down 60% in a year", written as the change it is.
            target_kind="change",
            target_value=-60,
            target_date=datetime.date(2016, 4, 30),
            direction="down",
            frequency="quarterly",
            data_source="Alliance returns",
        ),
        by=commissioner,
    )
    valued = indicator_save(
        indicator=Indicator(
            outcome=participate,
            name="Members who feel valued, supported and more confident",
            unit="%",
            baseline_value=60,
            baseline_date=datetime.date(2013, 1, 1),
            target_value=80,
            target_date=datetime.date(2015, 12, 31),
            direction="up",
            frequency="annually",
            data_source="Clubhouse members' survey",
            co_assessed=True,
        ),
        by=commissioner,
    )
    indicator_save(
        indicator=Indicator(
            outcome=choices,
            name="People with a personal budget or support plan they wrote",
            unit="%",
            direction="up",
            frequency="quarterly",
        ),
        by=commissioner,
    )
    series = [
        (
            referrals,
            [
                ("2013-01-31", 100),
                ("2013-07-31", 70),
                ("2014-01-31", 45),
                ("2014-07-31", 28),
                ("2015-01-31", 20),
            ],
            "routine",
        ),
        (
            admissions,
            [("2015-04-30", 50), ("2015-10-31", 35), ("2016-04-30", 20)],
            "provider_return",
        ),
        (valued, [("2013-12-31", 64), ("2014-12-31", 76)], "survey"),
    ]
    CycleCost.objects.bulk_create(
        [
            CycleCost(
                cycle=cycle,
                label="Alliance contract, first year",
                amount=Decimal(11_800_000),
            ),
            CycleCost(
                cycle=cycle,
                label="Peer support and time banks",
                amount=Decimal(350_000),
            ),
            CycleCost(
                cycle=cycle,
                label="Breakfast meetings and engagement",
                amount=Decimal(42_000),
            ),
        ]
    )
    for indicator, points, source in series:
        for day, value in points:
            measurement_record(
                indicator=indicator,
                by=commissioner,
                period_end=datetime.date.fromisoformat(day),
                value=Decimal(value),
                source=source,
            )
    _corrections(referrals, commissioner)


def _corrections(indicator: Indicator, by: User) -> None:
    """A measurement corrected and one withdrawn, each with its reason, as the
    indicator's page and the cycle's audit trail show them."""
    first = indicator.measurements.order_by("period_end").first()
    if first is None:
        return
    measurement_correct(
        measurement=first,
        by=by,
        reason="The note named the wrong data source.",
        value=first.value,
        note="From the alliance's referral system, not the GP system.",
    )
    typo = measurement_record(
        indicator=indicator,
        by=by,
        period_end=first.period_end - datetime.timedelta(days=1),
        value=first.value * 10,
        source=MeasurementSource.ROUTINE,
        note="Typed in by hand.",
    )
    measurement_withdraw(
        measurement=typo,
        by=by,
        reason="Entered for the wrong day, with a zero too many.",
    )


CHARTER = """We are experts by experience and experts by profession, working as equals.
We share what we know, including what went wrong.
We meet where people can get to, at times that suit them, and pay people's costs.
We say what we did with what people told us.
We look after each other: nobody has to share more than they want to."""


def _charter(organisation: Organisation) -> None:
    if Charter.objects.latest_for(organisation) is None:
        admin = _team(organisation, "admin@lambeth.example")
        charter = charter_publish(organisation=organisation, by=admin, text=CHARTER)
        charter_sign(charter=charter, by=_team(organisation, "citizen@lambeth.example"))
