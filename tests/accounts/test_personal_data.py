"""A person's data: handed over whole, erased for good, and kept no longer than
each organisation says."""

from __future__ import annotations

import datetime
import html
import json
import uuid
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assets.models import Pledge
from cocommission.accounts import personal_data as pd
from cocommission.accounts.models import User
from cocommission.accounts.personal_data import (
    ERASED_NAME,
    account_erase,
    inactive_citizens,
)
from cocommission.accounts.tasks import erase_inactive_citizens
from cocommission.organisations.models import Organisation
from contracts.models import MonitoringIssue
from contracts.monitoring import issue_raise, monitoring_meeting_arrange
from governance.models import GovernanceAssessment
from governance.services import principles_ensure_defaults
from panels.models import (
    CategoryValue,
    DemographicCategory,
    Meeting,
    MemberStatus,
    PanelMember,
    Recruitment,
)
from panels.services import panel_join, panel_join_with_consent
from tests.contracts.factories import make_contract
from tests.cycles.factories import ActivityFactory, CycleFactory
from tests.panels.factories import PanelFactory, consenting_citizen

pytestmark = pytest.mark.django_db

EMAIL = "sam.taylor@example.org"


def _everything(
    organisation: Organisation, team: dict[str, User], tag: str, **user_fields: Any
) -> User:
    """A citizen who has done a bit of everything a citizen can do, each item
    carrying ``tag`` in its words so it can be found in their copy (and not in
    anyone else's)."""
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount

    from assets.services import pledge_make
    from cocommission.notifications.models import Notice
    from cocommission.notifications.services import unsubscribe
    from contracts.assessment import governance_rate, report_file
    from contracts.models import Bid, CoAssessmentReport, Criterion
    from contracts.tender import bid_add, criterion_add, scores_save, tender_start
    from cycles.models import ServiceArea
    from governance.services import charter_publish, charter_sign
    from panels.meetings import attendance_record, contribution_record
    from panels.models import Contribution, Profile, TopicInterest
    from panels.residences import residence_record
    from surveys.ballots import ballot_publish, option_save, vote_cast
    from surveys.models import Ballot, BallotOption, Draft, Kind
    from surveys.submission import survey_submit_response
    from tests.contracts.factories import make_provider
    from tests.surveys.factories import make_survey

    user = consenting_citizen(
        organisation, {"Age band": "35 to 49", "Gender": "Man"}, **user_fields
    )
    commissioner = team["commissioner"]
    cycle = CycleFactory(organisation=organisation, visibility="public")
    # About them.
    profile = Profile.objects.create(
        user=user,
        languages=f"{tag} Polish",
        availability=["weekday_evening"],
        access_needs=["step_free"],
        access_needs_other=f"{tag} needs a quiet room",
    )
    area, _new = ServiceArea.objects.get_or_create(name=f"{tag} mental health")
    profile.lived_experience.add(area)
    TopicInterest.objects.create(user=user, cycle=cycle, knowledge=4, care=5)
    areas = DemographicCategory.objects.get_or_create(
        organisation=organisation, name="Area", defaults={"question": "Where?"}
    )[0]
    ward = CategoryValue.objects.get_or_create(category=areas, label=f"{tag} ward")[0]
    residence_record(
        organisation=organisation,
        email=user.email,
        area=ward,
        method="register",
        by=commissioner,
    )
    unsubscribe(user=user, kind="surveys")
    Notice.objects.create(user=user, key=f"{tag}-notice", subject=f"{tag} reminder")
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": f"{tag}SECRET"}
    )
    # What an organisation's sign-on provider told us (staff sign in this way; the
    # copy of one's data is the same whoever asks for it).
    SocialAccount.objects.create(
        user=user,
        provider="org-1",
        uid=f"{tag}-subject",
        extra_data={"name": f"{tag} as the provider knows them"},
    )
    # Panels, meetings and hours.
    panel = PanelFactory(organisation=organisation, name=f"{tag} carers panel")
    panel_join(panel=panel, user=user)
    panel_join_with_consent(
        panel=PanelFactory(
            organisation=organisation,
            name=f"{tag} draw panel",
            recruitment=Recruitment.SELECTION,
            seats=3,
        ),
        user=user,
        organisation_pool=True,
    )
    PanelMember.objects.filter(panel=panel, user=user).update(
        status=MemberStatus.ACTIVE
    )
    meeting = Meeting.objects.create(
        panel=panel, title=f"{tag} June meeting", starts_at=timezone.now()
    )
    attendance_record(meeting=meeting, rows=[(user.pk, True, "partly")])
    contribution_record(
        contribution=Contribution(
            organisation=organisation,
            user=user,
            kind="peer_support",
            hours=Decimal("3"),
            given_on=datetime.date(2026, 5, 1),
            note=f"{tag} ran the coffee morning",
        ),
        by=commissioner,
    )
    # Surveys: identified, anonymous, and one not finished.
    named = make_survey(
        organisation,
        cycle=cycle,
        title=f"{tag} named survey",
        is_anonymous=False,
        questions=[{"kind": Kind.LONG_TEXT, "text": "What would help?"}],
    )
    question = named.questions.get()
    survey_submit_response(
        survey=named,
        answers={question.field_name: f"{tag} wants evening visits"},
        user=user,
        submission_key=uuid.uuid4(),
    )
    anonymous = make_survey(
        organisation,
        cycle=cycle,
        title=f"{tag} anonymous survey",
        is_anonymous=True,
        questions=[{"kind": Kind.LONG_TEXT, "text": "Anything else?"}],
    )
    survey_submit_response(
        survey=anonymous,
        answers={anonymous.questions.get().field_name: f"{tag} ANONYMOUS WORDS"},
        user=user,
        submission_key=uuid.uuid4(),
    )
    unfinished = make_survey(
        organisation, cycle=cycle, title=f"{tag} paged survey", is_anonymous=False
    )
    Draft.objects.create(
        survey=unfinished,
        user=user,
        answers={unfinished.questions.first().field_name: "Carer"},
    )
    # A budget vote by account.
    ballot = Ballot.objects.create(
        activity=ActivityFactory(cycle=cycle),
        title=f"{tag} community chest",
        budget=Decimal("100"),
    )
    option = option_save(
        option=BallotOption(ballot=ballot, title=f"{tag} garden", cost=Decimal(40))
    )
    option_save(option=BallotOption(ballot=ballot, title="Mural", cost=Decimal(10)))
    ballot_publish(ballot=ballot)
    vote_cast(ballot=ballot, user=user, option_ids=[option.pk])
    # Offers, assessments and the charter.
    pledge_make(
        organisation=organisation,
        by=user,
        offer=f"{tag} can drive on Tuesdays",
        hours_per_month=Decimal("6"),
    )
    from assets.models import AssetSuggestion
    from assets.suggestions import asset_suggest

    asset_suggest(
        suggestion=AssetSuggestion(
            organisation=organisation,
            name=f"{tag} knows the allotment",
            what="Shared plots for growing food",
        ),
        by=user,
    )
    principle = principles_ensure_defaults(organisation=organisation)[0]
    GovernanceAssessment.objects.create(
        cycle=cycle,
        principle=principle,
        assessor=user,
        perspective="citizen",
        score=Decimal("4.00"),
        evidence=f"{tag} saw the minutes published",
    )
    charter = charter_publish(
        organisation=organisation, by=team["admin"], text=f"We share power ({tag})."
    )
    charter_sign(charter=charter, by=user)
    # Contracts: issues, reports, ratings and tender scores.
    monitoring_panel = PanelFactory(organisation=organisation)
    PanelMember.objects.create(
        panel=monitoring_panel, user=user, status=MemberStatus.ACTIVE
    )
    contract = make_contract(
        organisation, monitoring_panel=monitoring_panel, title=f"{tag} home care"
    )
    monitoring = monitoring_meeting_arrange(
        contract=contract,
        meeting=Meeting(title="Monitoring", starts_at=timezone.now()),
    )
    issue_raise(
        monitoring_meeting=monitoring,
        text=f"{tag} found the ramp broken",
        by=user,
        team=False,
    )
    report_file(
        report=CoAssessmentReport(
            contract=contract,
            kind="visit",
            visited_on=datetime.date(2026, 5, 2),
            ratings={"welcome": 4},
            worked_well=f"{tag} liked the welcome",
        ),
        by=user,
    )
    governance_rate(
        contract=contract,
        ratings={principle: (4, f"{tag} was asked first")},
        by=user,
    )
    tendered = make_contract(organisation, status="planned", title=f"{tag} tender")
    tender = tender_start(contract=tendered, panel=monitoring_panel)
    criterion = criterion_add(
        criterion=Criterion(tender=tender, name=f"{tag} quality", weight=100)
    )
    bid = bid_add(
        bid=Bid(
            tender=tender,
            provider=make_provider(organisation, f"{tag} Care Co"),
            price=Decimal(1000),
        )
    )
    scores_save(
        tender=tender,
        by=user,
        scores={(bid, criterion): (7, f"{tag} liked their plan")},
    )
    from ideas.models import Kind as IdeaKind
    from ideas.services import (
        comment_add,
        comment_report,
        idea_publish,
        idea_raise,
        support_set,
    )

    idea = idea_raise(
        cycle=cycle,
        author=user,
        kind=IdeaKind.NEED,
        title=f"{tag} raised a need",
        body=f"{tag} needs a bench",
        anonymous=True,
    )
    idea_publish(idea=idea, by=commissioner)
    support_set(idea=idea, user=user, supports=True)
    said = comment_add(idea=idea, author=user, body=f"{tag} commented")
    comment_report(comment=said, reporter=user, reason=f"{tag} reported it")
    from panels.models import CalendarFeed

    CalendarFeed.objects.create(user=user)
    return user


#: Words from each item the person above gave, as they should find them.
def _their_words(tag: str) -> list[str]:
    return [
        f"{tag} as the provider knows them",
        f"{tag} Polish",
        f"{tag} needs a quiet room",
        "Step-free venue",
        f"{tag} mental health",
        f"{tag} ward",
        f"{tag} reminder",
        f"{tag} carers panel",
        f"{tag} draw panel",
        f"{tag} June meeting",
        "Partly met",
        f"{tag} ran the coffee morning",
        f"{tag} named survey",
        f"{tag} wants evening visits",
        f"{tag} anonymous survey",
        f"{tag} paged survey",
        f"{tag} community chest",
        f"{tag} garden",
        f"{tag} can drive on Tuesdays",
        f"{tag} knows the allotment",
        f"{tag} saw the minutes published",
        f"{tag} found the ramp broken",
        f"{tag} liked the welcome",
        f"{tag} was asked first",
        f"{tag} Care Co",
        f"{tag} liked their plan",
        f"{tag} raised a need",
        f"{tag} needs a bench",
        f"{tag} commented",
        f"{tag} reported it",
        "35 to 49",
    ]


@pytest.fixture
def citizen(organisation: Organisation, people: dict[str, User]) -> User:
    """A citizen who has done a bit of everything."""
    return _everything(
        organisation, people, "Sam", email=EMAIL, display_name="Sam Taylor"
    )


def test_a_person_who_did_everything_finds_all_of_it_and_nobody_elses(
    client: Client,
    citizen: User,
    organisation: Organisation,
    people: dict[str, User],
) -> None:
    """The page and the JSON file hold every item the person gave, in every
    section a citizen can have; another person's items, the words of their
    anonymous answers and their secrets never appear."""
    _everything(organisation, people, "Alex", display_name="Alex Morgan")
    client.force_login(citizen)
    response = client.get(reverse("participation:my_data") + "?format=json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    page = html.unescape(client.get(reverse("participation:my_data")).content.decode())
    as_text = json.dumps(data, ensure_ascii=False)
    for words in [*_their_words("Sam"), EMAIL, "Sam Taylor"]:
        assert words in as_text, words
        assert words in page, words
    for words in [*_their_words("Alex"), "Alex Morgan", "SamSECRET", "ANONYMOUS"]:
        if words in {"Partly met", "35 to 49", "Step-free venue"}:
            continue
        assert words not in as_text, words
        assert words not in page, words
    owned = {s.key for s in pd.sections() if s.owned}
    empty = sorted(k for k in owned if not data[k]["rows"])
    assert empty == [], f"sections this person should have rows in: {empty}"
    assert data["budget_votes"]["rows"][0]["choices"] == ["Sam garden (£40.00)"]
    assert data["meetings"]["fields"]["access_needs_met"] == (
        "Were your access needs met?"
    )


def test_the_copy_costs_the_same_queries_with_more_of_everything(
    client: Client,
    citizen: User,
    organisation: Organisation,
    people: dict[str, User],
    django_assert_num_queries: Any,
    django_assert_max_num_queries: Any,
) -> None:
    """One query per section whatever the number of rows in it."""
    client.force_login(citizen)
    url = reverse("participation:my_data")
    client.get(url)
    with django_assert_max_num_queries(200) as few:
        client.get(url)
    extra = _everything(organisation, people, "Kim")
    # Kim's items become Sam's too, so every section holds more rows.
    for relation in pd.person_relations():
        if relation.field and not relation.many and pd.section_for(relation):
            rows = relation.model._default_manager.filter(**{relation.field: extra})
            try:
                with transaction.atomic():
                    rows.update(**{relation.field: citizen})
            except IntegrityError:
                pass  # one per person (a profile, a seat): stays Kim's
    with django_assert_num_queries(len(few.captured_queries)):  # type: ignore[operator]
        client.get(url)


def _references(user_pk: int) -> list[str]:
    """Every row in every table that still points at the user."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if (
                isinstance(field, models.ForeignKey)
                and field.related_model is User
                and model._default_manager.filter(**{field.attname: user_pk}).exists()
            ):
                found.append(f"{model._meta.label}.{field.name}")
    return found


def _mentions(*texts: str) -> list[str]:
    """Every text or JSON column, in every table, that still contains one of the
    texts."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if isinstance(
                field, models.CharField | models.TextField | models.EmailField
            ):
                for text in texts:
                    lookup = {f"{field.attname}__icontains": text}
                    if model._default_manager.filter(**lookup).exists():
                        found.append(f"{model._meta.label}.{field.name}")
    return found


def test_erasure_leaves_nothing_personal_and_keeps_aggregates(
    client: Client, citizen: User, organisation: Organisation
) -> None:
    """After erasure no table points at the person or holds their e-mail, name or
    words; the pledge's hours, the governance score and the seat count remain."""
    client.force_login(citizen)
    pk = citizen.pk
    response = client.post(reverse("participation:erase"), {})
    assert response.status_code == 400
    response = client.post(reverse("participation:erase"), {"confirm": "erase"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=pk).exists()
    assert _references(pk) == []
    assert (
        _mentions(
            EMAIL,
            "Sam Taylor",
            "Sam can drive",
            "Sam saw",
            "Sam found",
            "Sam liked",
            "Sam was asked",
            "Sam ran the coffee",
            "Sam Polish",
            "Sam reminder",
        )
        == []
    )
    pledge = Pledge.objects.get()
    assert (pledge.pledged_by_name, pledge.hours_per_month) == (
        ERASED_NAME,
        Decimal("6.0"),
    )
    assert GovernanceAssessment.objects.get().score == Decimal("4.00")
    # Both seats stay, unlinked, so the panels' histories still add up.
    assert PanelMember.objects.filter(user__isnull=True).count() == 2
    assert MonitoringIssue.objects.get().raised_by is None
    assert client.get(reverse("participation:participation")).status_code == 302


def test_team_members_cannot_erase_themselves(
    client: Client, people: dict[str, User]
) -> None:
    """A commissioner is told to ask their admin; nothing is deleted."""
    client.force_login(people["commissioner"])
    response = client.post(reverse("participation:erase"), {"confirm": "erase"})
    assert response.status_code == 400
    assert "Ask your organisation" in response.content.decode()
    assert User.objects.filter(pk=people["commissioner"].pk).exists()


def test_erasing_an_account_that_changed_history_clears_the_author(
    citizen: User, organisation: Organisation
) -> None:
    """Audit rows the person authored stay, without their name."""
    from panels.models import Panel

    panel = Panel.objects.first()
    assert panel is not None
    panel.name = "Renamed"
    panel._history_user = citizen  # type: ignore[attr-defined]
    panel.save()
    account_erase(user=citizen)
    assert panel.history.filter(name="Renamed", history_user__isnull=True).exists()


def test_retention_erases_only_inactive_citizens(
    organisation: Organisation, other_organisation: Organisation, people: dict[str, Any]
) -> None:
    """Citizens who have not signed in for longer than every organisation keeps
    their data are erased by the nightly task; the active and the team stay."""
    organisation.retention_months = 12
    organisation.save()
    other_organisation.retention_months = 36
    other_organisation.save()
    with time_machine.travel(datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)):
        quiet = consenting_citizen(organisation)
        in_both = consenting_citizen(organisation)
        from tests.organisations.factories import MembershipFactory

        MembershipFactory(user=in_both, organisation=other_organisation, role="citizen")
        active = consenting_citizen(organisation)
    active.last_login = datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC)
    active.save()
    with time_machine.travel(datetime.datetime(2025, 6, 2, tzinfo=datetime.UTC)):
        assert [u.pk for u in inactive_citizens()] == [quiet.pk]
        assert erase_inactive_citizens.apply().get() == 1
        assert erase_inactive_citizens.apply().get() == 0
    assert not User.objects.filter(pk=quiet.pk).exists()
    assert User.objects.filter(pk__in=[in_both.pk, active.pk]).count() == 2
    assert User.objects.filter(pk=people["commissioner"].pk).exists()


def _relations_to_people() -> set[tuple[str, str]]:
    """Every relation to a person, found here by walking the models afresh: each
    foreign key and one-to-one to the user model, and each many-to-many to it (by
    its field, not its automatic table)."""
    m2m_tables = {
        f.remote_field.through
        for model in apps.get_models()
        for f in model._meta.many_to_many
        if f.related_model is User
    }
    found = {("accounts.User", "")}
    for model in apps.get_models(include_auto_created=True):
        if model in m2m_tables:
            continue
        for f in model._meta.get_fields():
            if f.is_relation and not f.auto_created and f.related_model is User:
                found.add((model._meta.label, f.name))
    return found


def _rows_under(model: type[models.Model]) -> set[tuple[str, str]]:
    """Rows one level under ``model``'s rows, deleted with them: tables whose key
    to it cascades, and its many-to-many fields."""
    found = {(model._meta.label, f.name) for f in model._meta.many_to_many}
    for child in apps.get_models(include_auto_created=True):
        if child._meta.auto_created:
            continue
        for f in child._meta.concrete_fields:
            if (
                isinstance(f, models.ForeignKey)
                and f.related_model is model
                and f.remote_field.on_delete is models.CASCADE
            ):
                found.add((child._meta.label, f.name))
    return found


def _shown_or_excluded(label: str, name: str) -> bool:
    relation = pd.Relation(apps.get_model(label), name)
    return bool(pd.section_for(relation) or pd.exclusion_for(relation))


def test_every_relation_to_a_person_is_shown_or_excluded_with_a_reason() -> None:
    """A new model that points at a person fails here until its app registers
    how it is shown in the person's copy (or excludes it, saying why); the walk
    the copy and erasure share finds the same relations."""
    relations = _relations_to_people()
    assert {r.key for r in pd.person_relations()} == relations
    missing = sorted(f"{m}.{f}" for m, f in relations if not _shown_or_excluded(m, f))
    assert missing == [], f"register these with personal_data, or exclude: {missing}"
    for relation in pd.person_relations():
        excluded = pd.exclusion_for(relation)
        assert excluded is None or excluded.reason.strip()


def test_rows_under_a_persons_own_rows_are_shown_or_excluded() -> None:
    """What hangs off a person's own rows (a vote's choices, the lived experience
    in a profile, the outbox marker of a response) is shown as a part of the row,
    registered itself, or excluded with a reason."""
    missing = []
    for section in pd.sections():
        if not section.owned or not section.person_fields:
            continue
        parts = {p.relation for p in section.parts}
        for label, name in _rows_under(section.model):
            own_model = label == section.model._meta.label
            if own_model and name in parts:
                continue
            if not own_model and _shown_or_excluded(label, name):
                continue
            missing.append(f"{section.key}: {label}.{name}")
    assert missing == [], missing


def test_relations_that_protect_the_public_record_stop_erasure_cleanly() -> None:
    """Every relation whose rows cannot be deleted with the person (PROTECT) is
    registered to refuse erasure with a message, so erasure never fails midway."""
    wrong = []
    for relation in pd.person_relations():
        if not relation.field or relation.many:
            continue
        f = relation.model._meta.get_field(relation.field)
        if f.remote_field.on_delete is models.PROTECT:  # type: ignore[union-attr]
            section = pd.section_for(relation)
            excluded = pd.exclusion_for(relation)
            erase = section.erase if section else excluded.erase if excluded else None
            if erase is None or erase.kind != "refuse":
                wrong.append(str(relation))
    assert wrong == [], wrong


def test_someone_named_in_a_decision_is_told_why_their_account_stays(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """A former decision maker, now only a citizen, who confirmed a decision gets
    a clear answer rather than an error, and nothing is deleted."""
    from cycles.models import Phase
    from cycles.services import decision_record

    councillor = people["decision_maker"]
    decision_record(
        cycle=CycleFactory(organisation=organisation),
        by=councillor,
        phase=Phase.ANALYSE,
        title="Fund the hub",
        decided="Yes",
        decided_by=councillor,
        decided_on=datetime.date(2026, 11, 2),
    )
    membership = councillor.memberships.get()
    membership.role = "citizen"
    membership.save()
    client.force_login(councillor)
    response = client.post(reverse("participation:erase"), {"confirm": "erase"})
    assert response.status_code == 400
    assert "public record" in response.content.decode()
    assert User.objects.filter(pk=councillor.pk).exists()


def test_an_unregistered_relation_still_reaches_the_copy(
    citizen: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Were an app to forget to register a model, its rows would still be in
    the person's copy, field by field, without secrets."""
    from assets.models import Pledge

    relation = pd.Relation(Pledge, "pledger")
    section = pd.section_for(relation)
    monkeypatch.delitem(pd._by_relation, relation.key)
    monkeypatch.delitem(pd._sections, section.key)  # type: ignore[union-attr]
    data = pd.personal_data(citizen)
    assert "pledges" not in data
    fallback = data["assets.pledge.pledger"]
    assert fallback["rows"][0]["offer"] == "Sam can drive on Tuesdays"
    assert "What they offer" in fallback["fields"].values()
