"""The demo alliance contract: the Living Well Network's five-partner alliance,
with its specification and what it answers for. Idempotent."""

from __future__ import annotations

import datetime
from decimal import Decimal

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from contracts.complaints import complaint_record
from contracts.models import (
    CoAssessmentReport,
    Complaint,
    Contract,
    ContractStatus,
    Provider,
    RegisterScheme,
    ReportKind,
    Route,
    Sector,
    Specification,
)
from contracts.monitoring import issue_raise, monitoring_meeting_arrange
from contracts.returns import return_accept, return_submit
from contracts.services import contract_save, provider_save, specification_add
from cycles.models import Cycle
from governance.models import GovernancePrinciple
from outcomes.models import Indicator, Outcome
from panels.models import Meeting

from .cycles_data import LIVING_WELL

ALLIANCE = "Integrated Personalised Support Alliance"
PARTNERS = [
    ("Brixton Recovery Trust (demo)", Sector.THIRD, RegisterScheme.CHARITY, "1190001"),
    ("Peer Pathways CIC (demo)", Sector.THIRD, RegisterScheme.COMPANIES, "09000001"),
    (
        "South Thames NHS Foundation Trust (demo)",
        Sector.PUBLIC,
        RegisterScheme.NHS,
        "RV9",
    ),
    (
        "Lambeth Clinical Commissioning Group (demo)",
        Sector.PUBLIC,
        RegisterScheme.NHS,
        "08X",
    ),
    (
        "Lambeth Council adult social care (demo)",
        Sector.PUBLIC,
        RegisterScheme.NONE,
        "",
    ),
]
SPECIFICATION = """Who it is for: adults in Lambeth with long-term mental health \
conditions, on GP registers or known to the Foundation Trust.

What the alliance does: one front door (the Living Well Network) open to \
self-referral; a named worker and a support plan the person writes; peer support \
and a time bank; help with work, money and housing; crisis support the same day.

How it is judged: against the Big Three outcomes and their indicators, reported \
each quarter to the contract monitoring meeting, where service users sit with \
the commissioners and the partners."""


#: (received, category, outcome, days to resolve): evening access is rising.
COMPLAINTS = [
    (datetime.date(2025, 11, 3), "communication", "partly", 12),
    (datetime.date(2026, 1, 20), "staff", "not_upheld", 20),
    (datetime.date(2026, 2, 9), "access", "upheld", 9),
    (datetime.date(2026, 4, 14), "quality", "partly", 15),
    (datetime.date(2026, 6, 2), "access", "not_upheld", 11),
    (datetime.date(2026, 8, 19), "communication", "upheld", 6),
    (datetime.date(2026, 10, 5), "access", "upheld", 7),
    (datetime.date(2026, 10, 12), "access", "upheld", 10),
    (datetime.date(2026, 10, 28), "access", "partly", 8),
    (datetime.date(2026, 11, 9), "access", "open", None),
]


def seed_contracts(organisation: Organisation, commissioner: User) -> None:
    if Contract.objects.filter(title__startswith="Living Well alliance").exists():
        return
    partners = []
    for name, sector, scheme, number in PARTNERS:
        partners.append(
            provider_save(
                provider=Provider(
                    organisation=organisation,
                    name=name,
                    sector=sector,
                    register_scheme=scheme,
                    register_id=number,
                )
            )
        )
    alliance = provider_save(
        provider=Provider(
            organisation=organisation,
            name=ALLIANCE,
            sector=Sector.ALLIANCE,
            contact_name="Alliance manager",
            contact_email="alliance@lambeth.example",
        ),
        members=partners,
        representative_emails=["provider@lambeth.example"],
    )
    cycle = Cycle.objects.get(organisation=organisation, title=LIVING_WELL)
    panel = organisation.panels.filter(name="Living Well citizens' panel").first()
    contract = contract_save(
        contract=Contract(
            cycle=cycle,
            title="Living Well alliance: integrated personalised support",
            route=Route.COMPETITIVE,
            status=ContractStatus.ACTIVE,
            value=Decimal("32000000"),
            starts_on=datetime.date(2015, 4, 1),
            ends_on=datetime.date(2027, 3, 31),
            awarded_on=datetime.date(2015, 1, 12),
            signed_on=datetime.date(2015, 2, 20),
            monitoring_panel=panel,
        ),
        providers=[alliance],
        outcomes=list(Outcome.objects.filter(framework__cycle=cycle)),
        indicators=list(Indicator.objects.filter(outcome__framework__cycle=cycle)),
        principles=list(
            GovernancePrinciple.objects.filter(organisation=organisation)[:3]
        ),
    )
    specification_add(
        specification=Specification(
            contract=contract,
            text=SPECIFICATION,
            agreed_on=datetime.date(2015, 2, 20),
            co_agreed_by=panel,
            agreement_note="and the alliance's five partners",
        ),
        by=commissioner,
    )
    if panel is not None:
        monitoring_meeting_arrange(
            contract=contract,
            meeting=Meeting(
                title="Contract monitoring: quarter 1",
                starts_at=datetime.datetime(2026, 7, 15, 17, 0, tzinfo=datetime.UTC),
                place="Brixton Recovery Café",
                agenda="The alliance's first return of the year.",
                minutes="The alliance reported referrals steady at 21 a month. The "
                "panel asked for evening appointments to be counted separately.",
            ),
        )
        monitoring = monitoring_meeting_arrange(
            contract=contract,
            meeting=Meeting(
                title="Contract monitoring: quarter 2",
                starts_at=datetime.datetime(2026, 10, 14, 17, 0, tzinfo=datetime.UTC),
                place="Brixton Recovery Café",
                agenda="The alliance's return for the quarter; waiting times; "
                "issues from the panel.",
            ),
        )
        issue_raise(
            monitoring_meeting=monitoring,
            text="Evening appointments at the Network are booked weeks ahead.",
            by=commissioner,
            team=True,
        )
    CoAssessmentReport.objects.create(
        contract=contract,
        kind=ReportKind.VISIT,
        visited_on=datetime.date(2026, 9, 17),
        ratings={"welcome": 4, "access": 3, "information": 3, "respect": 5},
        worked_well="Peer supporters made us feel at home straight away.",
        to_improve="The evening drop-in list was full by six o'clock.",
    )
    for received, category, outcome, days in COMPLAINTS:
        complaint_record(
            complaint=Complaint(
                contract=contract,
                received_on=received,
                category=category,
                outcome=outcome,
                resolved_on=received + datetime.timedelta(days=days)
                if days is not None
                else None,
            ),
            by=commissioner,
        )
    indicators = list(contract.indicators.all())
    if indicators:
        accepted = return_submit(
            contract=contract,
            provider=alliance,
            period_end=datetime.date(2026, 6, 30),
            figures={indicators[0]: Decimal("21")},
            note="",
            by=User.objects.get(email="provider@lambeth.example"),
        )
        return_accept(provider_return=accepted, by=commissioner)
        return_submit(
            contract=contract,
            provider=alliance,
            period_end=datetime.date(2026, 9, 30),
            figures={indicators[0]: Decimal("21")},
            note="Referrals held steady over the summer.",
            by=User.objects.get(email="provider@lambeth.example"),
        )
