"""Consent, joining, quotas and selection through the services."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cocommission.accounts.models import User
from cocommission.organisations.models import Membership, Organisation, Role
from panels.models import (
    ConsentRecord,
    MemberStatus,
    PanelMember,
    ProfileAnswer,
    Purpose,
    Recruitment,
    Volunteer,
)
from panels.services import (
    categories_ensure_defaults,
    consent_record,
    panel_join,
    panel_join_with_consent,
    panel_member_respond,
    panel_pool,
    panel_select_members,
    profile_answers_save,
    quotas_export_csv,
    quotas_import_csv,
)
from tests.accounts.factories import UserFactory
from tests.panels.factories import PanelFactory, consenting_citizen

pytestmark = pytest.mark.django_db


def test_defaults_are_seeded_once(organisation: Organisation) -> None:
    """A new organisation gets census-style categories with population shares, once."""
    first = categories_ensure_defaults(organisation=organisation)
    again = categories_ensure_defaults(organisation=organisation)
    assert [c.pk for c in first] == [c.pk for c in again]
    age = next(c for c in first if c.name == "Age band")
    assert sum(v.population_share for v in age.values.all()) == 100


def test_consent_records_wording_and_version(organisation: Organisation) -> None:
    """Each consent keeps the words shown and their version; the latest one counts."""
    user = UserFactory()
    consent_record(
        user=user, organisation=organisation, purpose=Purpose.CONTACT, given=True
    )
    record = consent_record(
        user=user, organisation=organisation, purpose=Purpose.CONTACT, given=False
    )
    assert record.version == 1
    assert "e-mail me" in record.wording
    current = ConsentRecord.objects.current(user=user, organisation=organisation)
    assert current == {"panel": False, "contact": False, "equalities": False}


def test_equalities_answers_need_consent(organisation: Organisation) -> None:
    """Without consent to equalities data, such answers are refused."""
    user = UserFactory()
    age = categories_ensure_defaults(organisation=organisation)[0]
    with pytest.raises(ValidationError):
        profile_answers_save(
            user=user, organisation=organisation, answers={age: age.values.first()}
        )


def test_withdrawing_equalities_consent_deletes_the_answers_at_once(
    organisation: Organisation,
) -> None:
    """Turning equalities consent off deletes equalities answers, not the area."""
    categories_ensure_defaults(organisation=organisation)
    area = organisation.demographic_categories.get(name="Area")
    area.values.create(label="Riverside")
    user = consenting_citizen(
        organisation, {"Age band": "25 to 34", "Area": "Riverside"}
    )
    consent_record(
        user=user, organisation=organisation, purpose=Purpose.EQUALITIES, given=False
    )
    assert list(
        ProfileAnswer.objects.filter(user=user).values_list("category__name", flat=True)
    ) == ["Area"]


def test_prefer_not_to_say_and_skip(organisation: Organisation) -> None:
    """None records "prefer not to say"; an empty string removes an answer."""
    user = consenting_citizen(organisation, {"Gender": "Woman"})
    gender = organisation.demographic_categories.get(name="Gender")
    profile_answers_save(user=user, organisation=organisation, answers={gender: None})
    assert ProfileAnswer.objects.get(user=user, category=gender).declined
    profile_answers_save(user=user, organisation=organisation, answers={gender: ""})
    assert not ProfileAnswer.objects.filter(user=user).exists()


def test_joining_needs_panel_consent(organisation: Organisation) -> None:
    """Nobody is put on a panel without agreeing to take part."""
    panel = PanelFactory(organisation=organisation)
    with pytest.raises(ValidationError):
        panel_join(panel=panel, user=UserFactory())


def test_joining_with_consent_records_it_first(organisation: Organisation) -> None:
    """Agreeing on the join page and joining happen together: the consent is
    recorded with its wording, then the seat is given."""
    panel = PanelFactory(organisation=organisation)
    user = UserFactory()
    member = panel_join_with_consent(
        panel=panel, user=user, consent_to=[Purpose.PANEL, Purpose.CONTACT]
    )
    assert isinstance(member, PanelMember) and member.status == MemberStatus.ACCEPTED
    current = ConsentRecord.objects.current(user=user, organisation=organisation)
    assert current[Purpose.PANEL] and current[Purpose.CONTACT]


def test_joining_without_consent_records_nothing(organisation: Organisation) -> None:
    """Refused for want of panel consent, the other consents given are not kept."""
    panel = PanelFactory(organisation=organisation)
    user = UserFactory()
    with pytest.raises(ValidationError):
        panel_join_with_consent(panel=panel, user=user, consent_to=[Purpose.CONTACT])
    assert not ConsentRecord.objects.filter(user=user).exists()


def test_open_call_gives_a_seat_and_a_citizen_membership(
    organisation: Organisation,
) -> None:
    """Answering an open call seats the person and makes them a citizen member;
    joining twice changes nothing."""
    panel = PanelFactory(organisation=organisation)
    user = consenting_citizen(organisation)
    panel_join(panel=panel, user=user)
    panel_join(panel=panel, user=user)
    assert (
        PanelMember.objects.get(panel=panel, user=user).status == MemberStatus.ACCEPTED
    )
    assert (
        Membership.objects.get(user=user, organisation=organisation).role
        == Role.CITIZEN
    )


def test_selection_panels_collect_volunteers(organisation: Organisation) -> None:
    """For a selection panel, joining puts the person in the pool, not in a seat."""
    panel = PanelFactory(
        organisation=organisation, recruitment=Recruitment.SELECTION, seats=4
    )
    user = consenting_citizen(organisation)
    panel_join(panel=panel, user=user)
    assert Volunteer.objects.filter(panel=panel, user=user).exists()
    assert not PanelMember.objects.filter(panel=panel).exists()


def test_withdrawing_panel_consent_ends_seats_and_leaves_pools(
    organisation: Organisation,
) -> None:
    """One click off: the person steps down everywhere and leaves every pool."""
    seat_panel = PanelFactory(organisation=organisation)
    pool_panel = PanelFactory(
        organisation=organisation, recruitment=Recruitment.SELECTION, seats=3
    )
    user = consenting_citizen(organisation)
    panel_join(panel=seat_panel, user=user)
    panel_join(panel=pool_panel, user=user)
    consent_record(
        user=user, organisation=organisation, purpose=Purpose.PANEL, given=False
    )
    assert PanelMember.objects.get(user=user).status == MemberStatus.STEPPED_DOWN
    assert not Volunteer.objects.filter(user=user).exists()


QUOTAS = "category,value,min,max\nGender,Woman,2,3\nGender,Man,2,3\n"


def test_quotas_round_trip_through_csv(organisation: Organisation) -> None:
    """Quotas load from the Sortition Foundation's format and export the same way."""
    categories_ensure_defaults(organisation=organisation)
    panel = PanelFactory(organisation=organisation)
    quotas_import_csv(panel=panel, data=QUOTAS)
    assert quotas_export_csv(panel=panel).replace("\r\n", "\n") == QUOTAS


def test_a_bad_quota_file_changes_nothing_and_says_every_problem(
    organisation: Organisation,
) -> None:
    """Every bad row is reported together; existing quotas stay as they were."""
    categories_ensure_defaults(organisation=organisation)
    panel = PanelFactory(organisation=organisation)
    quotas_import_csv(panel=panel, data=QUOTAS)
    bad = (
        "category,value,min,max\nGender,Woman,1,2\nShoe size,Nine,1,2\n"
        "Gender,Robot,1,1\nGender,Man,3,1\nAge band,16 to 24,one,2\n"
    )
    with pytest.raises(ValidationError) as caught:
        quotas_import_csv(panel=panel, data=bad)
    assert caught.value.messages == [
        "Row 3: there is no category called “Shoe size”.",
        "Row 4: Gender has no value “Robot”.",
        "Row 5: min (3) is more than max (1).",
        "Row 6: min must be a whole number, not “one”.",
    ]
    assert panel.quotas.get(value__label="Woman").minimum == 2


def _pool(organisation: Organisation, panel, genders: list[str]) -> list[User]:  # type: ignore[no-untyped-def]
    people = []
    for i, gender in enumerate(genders):
        user = consenting_citizen(
            organisation, {"Gender": gender}, email=f"v{i}@example.org"
        )
        panel_join(panel=panel, user=user)
        people.append(user)
    return people


def test_selection_meets_quotas_records_the_seed_and_invites(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """A draw meets the quotas, keeps its seed and invites those chosen; the same
    seed on the same pool picks the same people."""
    categories_ensure_defaults(organisation=organisation)
    panel = PanelFactory(
        organisation=organisation, recruitment=Recruitment.SELECTION, seats=4
    )
    _pool(organisation, panel, ["Woman"] * 5 + ["Man"] * 5)
    quotas_import_csv(panel=panel, data=QUOTAS)
    selection = panel_select_members(
        panel=panel, size=4, by=people["commissioner"], seed=77
    )
    assert selection.succeeded
    invited = list(
        selection.members.values_list("user__profile_answers__value__label", flat=True)
    )
    assert sorted(invited) == ["Man", "Man", "Woman", "Woman"]
    assert all(m.status == MemberStatus.INVITED for m in selection.members.all())
    chosen = set(selection.members.values_list("user_id", flat=True))
    selection.members.all().delete()
    again = panel_select_members(
        panel=panel, size=4, by=people["commissioner"], seed=77
    )
    assert set(again.members.values_list("user_id", flat=True)) == chosen


def test_an_impossible_selection_invites_nobody_and_says_why(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """When the pool cannot meet the quotas, nothing is relaxed and nobody is
    invited."""
    categories_ensure_defaults(organisation=organisation)
    panel = PanelFactory(
        organisation=organisation, recruitment=Recruitment.SELECTION, seats=4
    )
    _pool(organisation, panel, ["Woman"] * 5 + ["Man"])
    quotas_import_csv(panel=panel, data=QUOTAS)
    selection = panel_select_members(panel=panel, size=4, by=people["commissioner"])
    assert not selection.succeeded
    assert selection.problems == [
        "Gender – Man needs at least 2, but only 1 volunteers gave that answer."
    ]
    assert not PanelMember.objects.filter(panel=panel).exists()


def test_the_pool_leaves_out_people_who_withdrew_or_are_seated(
    organisation: Organisation,
) -> None:
    """Only volunteers who still consent and hold no seat can be drawn."""
    panel = PanelFactory(
        organisation=organisation, recruitment=Recruitment.SELECTION, seats=2
    )
    stays, withdraws, seated = _pool(organisation, panel, ["Woman", "Man", "Woman"])
    Volunteer.objects.create(panel=panel, user=UserFactory())  # never consented
    # A withdrawal recorded directly, as if the pool had not been cleaned up.
    ConsentRecord.objects.create(
        user=withdraws,
        organisation=organisation,
        purpose=Purpose.PANEL,
        version=1,
        wording="x",
        given=False,
    )
    PanelMember.objects.create(panel=panel, user=seated, status=MemberStatus.ACCEPTED)
    assert set(panel_pool(panel)) == {stays.pk}


def test_declining_an_invitation_frees_the_seat(organisation: Organisation) -> None:
    """An invited person can say no; answering twice is refused."""
    panel = PanelFactory(organisation=organisation)
    member = PanelMember.objects.create(panel=panel, user=UserFactory())
    panel_member_respond(member=member, accept=False)
    assert member.status == MemberStatus.STEPPED_DOWN
    with pytest.raises(ValidationError):
        panel_member_respond(member=member, accept=True)
