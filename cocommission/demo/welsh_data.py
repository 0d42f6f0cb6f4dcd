"""A Welsh council in the demo, writing everything for citizens in Welsh and
English (Welsh required): a public cycle, its decision, a panel open to
volunteers, a survey, a vote, the charter and the principles. Built through the
services like the rest of the demo, the Welsh written before each thing is
published, as the council's own pages demand. Idempotent."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import models
from django.utils import translation

from cocommission import translations as translated
from cocommission.accounts.models import User
from cocommission.organisations.models import (
    Membership,
    Organisation,
    OrganisationKind,
    Role,
)
from cocommission.translations import Piece
from cycles.models import (
    ActivityStatus,
    Cycle,
    DecisionKind,
    Mode,
    Phase,
    ServiceArea,
    Visibility,
)
from cycles.services import (
    activity_create,
    cycle_create,
    cycle_update,
    decision_confirm,
    decision_record,
)
from governance.models import Charter
from governance.principles_data import DEFAULT_PRINCIPLES
from governance.services import charter_publish, principles_ensure_defaults
from panels.models import Panel, PanelKind, Recruitment
from panels.services import panel_save
from surveys.ballots import ballot_publish, option_save
from surveys.models import Ballot, BallotOption, Question, Survey
from surveys.services import question_save, survey_publish

SLUG = "teifi-demo"
#: (address, name, role, language of their pages and e-mails)
PEOPLE = [
    ("admin@teifi.example", "Dafydd Price", Role.ADMIN, "en-gb"),
    ("commissioner@teifi.example", "Rhian Evans", Role.COMMISSIONER, "cy"),
    ("councillor@teifi.example", "Cllr Siân Morgan", Role.DECISION_MAKER, "cy"),
    ("citizen@teifi.example", "Gareth Jones", Role.CITIZEN, "cy"),
]
ORGANISATION: dict[str, Any] = {
    "slug": SLUG,
    "name": "Cyngor Dyffryn Teifi – Teifi Valley Council (demo)",
    "kind": OrganisationKind.COUNCIL,
    "description": "A Welsh council redesigning day opportunities with older "
    "people, in Welsh and English. Demo data.",
    "content_languages": ["cy"],
    "required_languages": ["cy"],
}

CYCLE = {
    "title": ("Day opportunities for older people", "Cyfleoedd dydd i bobl hŷn"),
    "problem_statement": (
        "Older people in the valley told us the day centres close too early and "
        "are hard to reach without a car. We want to redesign day opportunities "
        "with them, so people stay connected and active close to home.",
        "Dywedodd pobl hŷn yn y dyffryn wrthym fod y canolfannau dydd yn cau yn "
        "rhy gynnar a'u bod yn anodd eu cyrraedd heb gar. Rydym am ailgynllunio "
        "cyfleoedd dydd gyda nhw, fel bod pobl yn aros yn gysylltiedig ac yn "
        "egnïol yn agos at adref.",
    ),
    "population_served": (
        "About 2,300 people over 75 living in the Teifi valley",
        "Tua 2,300 o bobl dros 75 oed sy'n byw yn nyffryn Teifi",
    ),
}

PANEL = {
    "name": ("Older people's panel", "Panel pobl hŷn"),
    "purpose": (
        "Older residents and carers who shape the new day opportunities with the "
        "council and check that they work.",
        "Preswylwyr hŷn a gofalwyr sy'n llunio'r cyfleoedd dydd newydd gyda'r "
        "cyngor ac yn gwirio eu bod yn gweithio.",
    ),
    "commitment": (
        "Three afternoon meetings in Lampeter; travel paid.",
        "Tri chyfarfod prynhawn yn Llanbedr Pont Steffan; telir costau teithio.",
    ),
}

SURVEY = {
    "title": ("What makes a good day?", "Beth sy'n gwneud diwrnod da?"),
    "welcome": (
        "Four questions, about three minutes. Answer in Welsh or English.",
        "Pedwar cwestiwn, tua thri munud. Atebwch yn Gymraeg neu yn Saesneg.",
    ),
    "thank_you": (
        "Thank you. We will share what we heard at the panel in the spring.",
        "Diolch. Byddwn yn rhannu'r hyn a glywsom yn y panel yn y gwanwyn.",
    ),
}
QUESTIONS: list[dict[str, Any]] = [
    {
        "kind": "single",
        "text": (
            "How do you usually get to the day centre?",
            "Sut ydych chi'n cyrraedd y ganolfan ddydd fel arfer?",
        ),
        "options": (
            [
                "Bus",
                "A lift from family or friends",
                "Community transport",
                "I do not go",
            ],
            [
                "Bws",
                "Lifft gan deulu neu ffrindiau",
                "Trafnidiaeth gymunedol",
                "Dydw i ddim yn mynd",
            ],
        ),
        "required": True,
    },
    {
        "kind": "multiple",
        "text": (
            "What would you like to do more of?",
            "Beth hoffech chi ei wneud yn amlach?",
        ),
        "options": (
            [
                "Meeting friends",
                "Gentle exercise",
                "Singing and music",
                "Learning something new",
            ],
            [
                "Cwrdd â ffrindiau",
                "Ymarfer corff ysgafn",
                "Canu a cherddoriaeth",
                "Dysgu rhywbeth newydd",
            ],
        ),
    },
    {
        "kind": "agreement",
        "text": (
            "The day centre is open when I need it.",
            "Mae'r ganolfan ddydd ar agor pan fydd ei hangen arnaf.",
        ),
    },
    {
        "kind": "long_text",
        "text": (
            "What one change would make the biggest difference?",
            "Pa un newid fyddai'n gwneud y gwahaniaeth mwyaf?",
        ),
    },
]

BALLOT = {
    "title": (
        "Small grants for day activities",
        "Grantiau bach ar gyfer gweithgareddau dydd",
    ),
    "description": (
        "£20,000 for activities that older people choose.",
        "£20,000 ar gyfer gweithgareddau y mae pobl hŷn yn eu dewis.",
    ),
}
BALLOT_OPTIONS = [
    (
        ("Community minibus on Fridays", "Bws mini cymunedol ar ddydd Gwener"),
        (
            "It runs between the villages and Lampeter.",
            "Mae'n teithio rhwng y pentrefi a Llanbedr Pont Steffan.",
        ),
        9000,
    ),
    (
        ("Welsh singing group", "Grŵp canu Cymraeg"),
        (
            "A weekly group with a paid leader.",
            "Grŵp wythnosol gydag arweinydd cyflogedig.",
        ),
        6000,
    ),
    (
        ("Chair-based exercise classes", "Dosbarthiadau ymarfer corff mewn cadair"),
        (
            "Twice a week in the village halls.",
            "Ddwywaith yr wythnos yn neuaddau'r pentrefi.",
        ),
        7000,
    ),
    (
        ("Digital skills drop-in", "Sesiwn galw heibio sgiliau digidol"),
        (
            "Help with phones, tablets and video calls.",
            "Help gyda ffonau, tabledi a galwadau fideo.",
        ),
        5000,
    ),
]

DECISION = {
    "title": (
        "Keep the day centres open until 6pm",
        "Cadw'r canolfannau dydd ar agor tan 6pm",
    ),
    "decided": (
        "From April the day centres in Lampeter and Llandysul stay open until 6pm "
        "on weekdays.",
        "O fis Ebrill bydd y canolfannau dydd yn Llanbedr Pont Steffan a Llandysul "
        "ar agor tan 6pm yn ystod yr wythnos.",
    ),
    "rationale": (
        "The survey and the panel showed that the afternoon is when people most "
        "want company.",
        "Dangosodd yr arolwg a'r panel mai yn y prynhawn y mae pobl fwyaf eisiau "
        "cwmni.",
    ),
}

CHARTER = (
    "We, older residents, carers and council staff, agree to listen to each other "
    "as equals, to use plain words in Welsh and English, to share what we know "
    "early, to pay people for their time, and to report back on what changed.",
    "Rydym ni, preswylwyr hŷn, gofalwyr a staff y cyngor, yn cytuno i wrando ar "
    "ein gilydd fel pobl gyfartal, i ddefnyddio geiriau plaen yn Gymraeg ac yn "
    "Saesneg, i rannu'r hyn a wyddom yn gynnar, i dalu pobl am eu hamser, ac i "
    "adrodd yn ôl ar yr hyn a newidiodd.",
)


def english(spec: dict[str, tuple[str, str]]) -> dict[str, str]:
    return {field: pair[0] for field, pair in spec.items()}


def write_welsh(obj: models.Model, spec: dict[str, tuple[str, str]]) -> None:
    """Write the Welsh of ``obj``'s fields, as the team's languages page does."""
    pieces = [Piece(obj, field, field) for field in spec]
    translated.save(pieces, "cy", {p.name: spec[p.field][1] for p in pieces})


def write_welsh_list(obj: models.Model, field: str, welsh: list[str]) -> None:
    pieces = [Piece(obj, field, field, index) for index in range(len(welsh))]
    translated.save(pieces, "cy", {p.name: welsh[p.index or 0] for p in pieces})


def _person(email: str, name: str, language: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=settings.COCOMMISSION_DEMO_PASSWORD,
            display_name=name,
            preferred_language=language,
        )
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def seed_welsh() -> list[tuple[str, str, str]]:
    """The Welsh council, its people and its bilingual content; returns each
    person's (address, role, organisation) for the demo's list of logins."""
    organisation, _created = Organisation.objects.update_or_create(
        slug=SLUG, defaults={k: v for k, v in ORGANISATION.items() if k != "slug"}
    )
    logins = []
    people: dict[Role, User] = {}
    for email, name, role, language in PEOPLE:
        people[role] = _person(email, name, language)
        Membership.objects.get_or_create(
            user=people[role], organisation=organisation, defaults={"role": role}
        )
        logins.append((email, str(Role(role).label), organisation.name))
    _principles(organisation)
    _charter(organisation, people[Role.ADMIN])
    if not Cycle.objects.filter(organisation=organisation).exists():
        _cycle(organisation, people)
    return logins


def _principles(organisation: Organisation) -> None:
    """The six default principles, their Welsh from the catalogue's."""
    principles = {
        p.name: p for p in principles_ensure_defaults(organisation=organisation)
    }
    for name, description in DEFAULT_PRINCIPLES:
        principle = principles.get(str(name))
        if principle is None:
            continue
        with translation.override("cy"):
            welsh = {"name": str(name), "description": str(description)}
        write_welsh(
            principle, {f: (getattr(principle, f), w) for f, w in welsh.items()}
        )


def _charter(organisation: Organisation, admin: User) -> None:
    if not Charter.objects.filter(organisation=organisation).exists():
        charter_publish(
            organisation=organisation,
            by=admin,
            text=CHARTER[0],
            translations={"cy": CHARTER[1]},
        )


def _cycle(organisation: Organisation, people: dict[Role, User]) -> None:
    commissioner = people[Role.COMMISSIONER]
    cycle = cycle_create(
        organisation=organisation,
        by=commissioner,
        service_area=ServiceArea.objects.filter(name="Adult social care").first(),
        **english(CYCLE),
    )
    write_welsh(cycle, CYCLE)
    cycle_update(cycle=cycle, by=commissioner, visibility=Visibility.PUBLIC)
    activity = activity_create(
        cycle=cycle,
        by=commissioner,
        phase=Phase.ANALYSE,
        mode=Mode.CO_DESIGN,
        title="What a good day looks like",
        approach="Survey and panel",
        status=ActivityStatus.RUNNING,
    )
    _survey(activity, commissioner)
    _ballot(activity)
    panel = panel_save(
        panel=Panel(
            organisation=organisation,
            cycle=cycle,
            kind=PanelKind.USER_GROUP,
            recruitment=Recruitment.OPEN_CALL,
            is_open_for_volunteers=False,
            **english(PANEL),
        )
    )
    write_welsh(panel, PANEL)
    panel.is_open_for_volunteers = True
    panel_save(panel=panel)
    decision = decision_record(
        cycle=cycle,
        by=commissioner,
        phase=Phase.ANALYSE,
        kind=DecisionKind.OTHER,
        decided_by_body="Cabinet / Y Cabinet",
        board_chair=people[Role.DECISION_MAKER],
        decided_on=datetime.date(2026, 11, 4),
        citizen_input=[activity],
        title=DECISION["title"][0],
        decided=DECISION["decided"][0],
        rationale=DECISION["rationale"][0],
    )
    write_welsh(decision, DECISION)
    decision_confirm(decision=decision, by=people[Role.DECISION_MAKER])


def _survey(activity: Any, commissioner: User) -> None:
    survey = Survey.objects.create(
        activity=activity, created_by=commissioner, **english(SURVEY)
    )
    write_welsh(survey, SURVEY)
    for spec in QUESTIONS:
        fields = {"kind": spec["kind"], "text": spec["text"][0]}
        if "options" in spec:
            fields["options"] = spec["options"][0]
        question = question_save(
            question=Question(
                survey=survey, required=spec.get("required", False), **fields
            )
        )
        write_welsh(question, {"text": spec["text"]})
        if "options" in spec:
            write_welsh_list(question, "options", spec["options"][1])
    survey_publish(survey=survey)


def _ballot(activity: Any) -> None:
    ballot = Ballot.objects.create(
        activity=activity, budget=Decimal(20000), **english(BALLOT)
    )
    write_welsh(ballot, BALLOT)
    for position, ((title_en, title_cy), (about_en, about_cy), cost) in enumerate(
        BALLOT_OPTIONS
    ):
        option = option_save(
            option=BallotOption(
                ballot=ballot,
                title=title_en,
                description=about_en,
                cost=Decimal(cost),
                position=position,
            )
        )
        write_welsh(
            option,
            {"title": (title_en, title_cy), "description": (about_en, about_cy)},
        )
    ballot_publish(ballot=ballot)
