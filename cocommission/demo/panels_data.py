"""Demo panels: a citizens' panel drawn at random from forty volunteers, service-user
inspectors, and an invitation waiting for the demo citizen. Idempotent."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.utils import timezone

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from cycles.models import Cycle, Decision
from panels.meetings import (
    attendance_record,
    contribution_record,
    meeting_action_add,
    meeting_save,
)
from panels.models import (
    AccessNeed,
    Availability,
    CalendarFeed,
    CategoryValue,
    Contribution,
    ContributionKind,
    DemographicCategory,
    Meeting,
    MeetingAction,
    MemberStatus,
    NeedsMet,
    Panel,
    PanelKind,
    PanelMember,
    Profile,
    Purpose,
    Recruitment,
    TopicInterest,
)
from panels.services import (
    categories_ensure_defaults,
    category_save,
    consent_record,
    panel_draw_ask,
    panel_draw_run,
    panel_join,
    panel_join_with_consent,
    panel_member_respond,
    profile_answers_save,
    quotas_import_csv,
)

from .cycles_data import CARERS, LIVING_WELL

WARDS = [
    ("Brixton", "18"),
    ("Clapham", "16"),
    ("Norwood", "17"),
    ("Stockwell", "15"),
    ("Streatham", "19"),
    ("Vauxhall", "15"),
]

QUOTAS = """category,value,min,max
Gender,Woman,5,7
Gender,Man,5,7
Age band,16 to 24,1,3
Age band,25 to 34,1,3
Age band,35 to 49,2,4
Age band,50 to 64,2,4
Age band,65 to 74,1,2
Age band,75 or over,1,2
Disability,"Yes, a lot",1,3
Area,Brixton,1,3
Area,Clapham,1,3
Area,Norwood,1,3
Area,Stockwell,1,3
Area,Streatham,1,3
Area,Vauxhall,1,3
"""


def _consent(user: User, organisation: Organisation, *purposes: str) -> None:
    for purpose in purposes:
        consent_record(
            user=user, organisation=organisation, purpose=purpose, given=True
        )


def _volunteers(organisation: Organisation, panel: Panel, cycle: Cycle) -> None:
    rng = random.Random(2026)  # noqa: S311 - demo data, not secrets
    categories = {
        c.name: c for c in categories_ensure_defaults(organisation=organisation)
    }
    for number in range(1, 41):
        email = f"volunteer{number:02d}@lambeth.example"
        # No password: volunteers would sign in with a code (and hashing forty
        # passwords would make every `make run` slower).
        user = User.objects.create_user(email=email, display_name=f"Volunteer {number}")
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        _consent(user, organisation, Purpose.PANEL, Purpose.CONTACT, Purpose.EQUALITIES)
        answers: dict[DemographicCategory, CategoryValue | None] = {}
        for name, category in categories.items():
            values = list(category.values.all())
            if rng.random() < 0.08:
                answers[category] = None  # prefers not to say
            else:
                weights = [float(v.population_share or 1) for v in values]
                answers[category] = rng.choices(values, weights=weights)[0]
            if name == "Gender" and answers[category] is None:
                answers[category] = rng.choice(values[:2])
        profile_answers_save(user=user, organisation=organisation, answers=answers)
        if number % 4 == 1:
            Profile.objects.create(
                user=user,
                access_needs=rng.sample(
                    [
                        AccessNeed.STEP_FREE,
                        AccessNeed.LARGE_PRINT,
                        AccessNeed.HEARING_LOOP,
                    ],
                    k=1,
                ),
                availability=[Availability.WEEKDAY_EVENING],
            )
        TopicInterest.objects.create(
            user=user, cycle=cycle, knowledge=rng.randint(1, 5), care=rng.randint(2, 5)
        )
        # Every third volunteer also lets the council's other panels draw them.
        panel_join_with_consent(
            panel=panel, user=user, organisation_pool=number % 3 == 0
        )


def _meetings(panel: Panel) -> None:
    """One meeting held (with attendance and an action), one coming up."""
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    held = meeting_save(
        meeting=Meeting(
            panel=panel,
            title="First meeting: what matters to you",
            starts_at=now - datetime.timedelta(days=14, hours=2),
            duration_hours=Decimal("2.5"),
            place="Brixton Library, Brixton Oval, London SW2 1JQ",
            agenda="Welcome and ground rules\nWhat recovery means to us\nThe options "
            "for the new service",
            minutes="Members agreed that peer support should sit at the heart of the "
            "new service, and asked to see the costs of each option.",
        ),
        decisions=list(Decision.objects.filter(cycle=panel.cycle).published()[:1])
        if panel.cycle
        else [],
    )
    seated = list(panel.members.seated().values_list("user_id", flat=True))
    attendance_record(
        meeting=held,
        rows=[
            (user_id, i != 0, NeedsMet.MET if i % 4 == 1 else NeedsMet.NOT_NEEDED)
            for i, user_id in enumerate(seated)
        ],
    )
    meeting_action_add(
        action=MeetingAction(
            meeting=held,
            description="Send members the costs of each option",
            owner="Chris Doyle",
            due_on=timezone.localdate() - datetime.timedelta(days=3),
        )
    )
    Meeting.objects.create(
        panel=panel,
        title="Second meeting: weighing the options",
        starts_at=now + datetime.timedelta(days=10),
        duration_hours=Decimal("2.5"),
        place="Brixton Library, Brixton Oval, London SW2 1JQ",
        agenda="The costs of each option\nOur recommendation to the board",
    )


def seed_panels(lambeth: Organisation, commissioner: User) -> None:
    categories_ensure_defaults(organisation=lambeth)
    area = lambeth.demographic_categories.get(name="Area")
    if not area.values.exists():
        category_save(
            category=area, values=[(name, Decimal(share)) for name, share in WARDS]
        )
    living_well = Cycle.objects.get(organisation=lambeth, title=LIVING_WELL)
    citizen = User.objects.get(email="citizen@lambeth.example")

    if not lambeth.panels.filter(name="Living Well citizens' panel").exists():
        panel = Panel.objects.create(
            organisation=lambeth,
            cycle=living_well,
            name="Living Well citizens' panel",
            kind=PanelKind.CITIZENS_PANEL,
            purpose="Twelve Lambeth residents who weigh up the options for mental "
            "health support and tell the board what they recommend.",
            commitment="Four evening meetings between March and June; travel and "
            "care costs paid.",
            recruitment=Recruitment.SELECTION,
            seats=12,
        )
        _volunteers(lambeth, panel, living_well)
        quotas_import_csv(panel=panel, data=QUOTAS)
        # As the form does: the draw runs as a background job (here, at once).
        job = panel_draw_ask(panel=panel, size=12, by=commissioner, seed=2026)
        panel_draw_run(job.pk)
        job.refresh_from_db()
        selection = job.selection
        if selection is None:
            raise RuntimeError(f"the demo draw failed: {job.error}")
        # Seated before the demo's meetings (the contract monitoring ones are on
        # fixed dates), so each meeting lists them for attendance.
        seated_on = min(
            timezone.localdate() - datetime.timedelta(days=60),
            datetime.date(2026, 6, 1),
        )
        for member in selection.members.order_by("pk")[:10]:
            panel_member_respond(member=member, accept=True, on=seated_on)
        _meetings(panel)

    # Its coming meetings are public (page and calendar feed), and the
    # commissioner has a calendar address, so the crawls reach both.
    lambeth.panels.filter(name="Living Well citizens' panel").update(
        meetings_public=True
    )
    CalendarFeed.objects.get_or_create(user=commissioner)

    if not lambeth.panels.filter(name="Service-user inspectors").exists():
        inspectors = Panel.objects.create(
            organisation=lambeth,
            name="Service-user inspectors",
            kind=PanelKind.INSPECTORS,
            purpose="People who use mental health services visit them and report "
            "what works and what should change.",
            commitment="One visit a month, with training first.",
            recruitment=Recruitment.OPEN_CALL,
        )
        _consent(citizen, lambeth, Purpose.PANEL, Purpose.CONTACT)
        panel_join(panel=inspectors, user=citizen)
        contribution_record(
            contribution=Contribution(
                organisation=lambeth,
                panel=inspectors,
                user=citizen,
                kind=ContributionKind.INSPECTION,
                hours=Decimal("6"),
                given_on=timezone.localdate() - datetime.timedelta(days=20),
                note="Visit to the recovery college with a written report.",
            ),
            by=commissioner,
        )

    carers = Cycle.objects.filter(organisation=lambeth, title=CARERS).first()
    if carers and not lambeth.panels.filter(name="Carers' procurement panel").exists():
        procurement = Panel.objects.create(
            organisation=lambeth,
            cycle=carers,
            name="Carers' procurement panel",
            kind=PanelKind.PROCUREMENT,
            purpose="Carers score the bids for the new carers' support service "
            "alongside officers.",
            commitment="Two half-day sessions in the autumn.",
            recruitment=Recruitment.INVITATION,
            is_open_for_volunteers=False,
        )
        PanelMember.objects.create(
            panel=procurement, user=citizen, status=MemberStatus.INVITED
        )
