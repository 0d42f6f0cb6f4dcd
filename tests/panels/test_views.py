"""Panel screens for teams, and taking part for citizens."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from panels.models import (
    ConsentRecord,
    MemberStatus,
    PanelMember,
    ProfileAnswer,
    Purpose,
    Recruitment,
    Selection,
    Volunteer,
)
from panels.services import categories_ensure_defaults, panel_join
from tests.accounts.factories import UserFactory
from tests.csv_cases import broken_files
from tests.cycles.factories import CycleFactory
from tests.panels.factories import PanelFactory, consenting_citizen, post_draw

pytestmark = pytest.mark.django_db


def url(name: str, organisation: Organisation, **kwargs: Any) -> str:
    return reverse(name, kwargs={"org_slug": organisation.slug, **kwargs})


@pytest.mark.parametrize(
    ("role", "list_status", "new_status", "people_status"),
    [
        ("admin", 200, 200, 200),
        ("commissioner", 200, 200, 403),
        ("decision_maker", 200, 403, 403),
        ("provider", 403, 403, 403),
        ("citizen", 403, 403, 403),
        ("outsider", 404, 404, 404),
    ],
)
def test_who_may_see_and_run_panels(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    role: str,
    list_status: int,
    new_status: int,
    people_status: int,
) -> None:
    """The team sees panels; admins and commissioners run them; only admins set
    the profile questions; outsiders learn nothing."""
    client.force_login(people[role])
    assert client.get(url("panels:list", organisation)).status_code == list_status
    assert client.get(url("panels:new", organisation)).status_code == new_status
    assert (
        client.get(url("panels:categories", organisation)).status_code == people_status
    )


def test_another_organisations_panel_is_not_found(
    client: Client, people: dict[str, User], other_organisation: Organisation
) -> None:
    """A commissioner cannot reach another organisation's panels, even by number."""
    panel = PanelFactory(organisation=other_organisation)
    client.force_login(people["commissioner"])
    for name in (
        "panels:detail",
        "panels:quotas",
        "panels:representation",
        "panels:select",
    ):
        assert client.get(url(name, other_organisation, pk=panel.pk)).status_code == 404


def test_panel_list_queries_stay_flat(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    django_assert_num_queries: Any,
) -> None:
    """The list costs the same with 2 or 12 panels."""
    client.force_login(people["commissioner"])
    for _i in range(2):
        PanelFactory(organisation=organisation)
    with django_assert_num_queries(7):
        assert client.get(url("panels:list", organisation)).status_code == 200
    for _i in range(10):
        PanelFactory(
            organisation=organisation, cycle=CycleFactory(organisation=organisation)
        )
    with django_assert_num_queries(7):
        response = client.get(
            url("panels:list", organisation), headers={"HX-Request": "true"}
        )
    assert response.content.decode().count("<tr") == 13


def test_panel_detail_queries_stay_flat(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    django_assert_num_queries: Any,
) -> None:
    """The panel page costs the same with 1 or 11 members."""
    client.force_login(people["commissioner"])
    panel = PanelFactory(organisation=organisation)
    panel_join(panel=panel, user=consenting_citizen(organisation))
    # 18: the quotas on the built-in know / care groups are one more query.
    with django_assert_num_queries(18):
        client.get(url("panels:detail", organisation, pk=panel.pk))
    for _i in range(10):
        panel_join(panel=panel, user=consenting_citizen(organisation))
    with django_assert_num_queries(18):
        response = client.get(url("panels:detail", organisation, pk=panel.pk))
    assert "11 people" in response.content.decode()


def test_setting_up_a_panel_keeps_what_was_typed_on_error(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """A selection panel needs a number of seats; the rest of the form survives."""
    client.force_login(people["commissioner"])
    data = {
        "name": "Home care citizens' panel",
        "kind": "citizens_panel",
        "purpose": "Shape the new home care service.",
        "recruitment": Recruitment.SELECTION,
    }
    response = client.post(url("panels:new", organisation), data)
    content = response.content.decode()
    assert "Enter how many seats a random selection should fill" in content
    assert "Shape the new home care service." in content
    response = client.post(url("panels:new", organisation), {**data, "seats": "12"})
    assert response.status_code == 302
    assert organisation.panels.get().seats == 12


def test_quota_upload_and_selection_through_the_screens(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """A commissioner loads quotas from a file, runs a draw and reads its record."""
    categories_ensure_defaults(organisation=organisation)
    panel = PanelFactory(
        organisation=organisation, recruitment=Recruitment.SELECTION, seats=2
    )
    for gender in ("Woman", "Woman", "Man", "Man"):
        panel_join(
            panel=panel, user=consenting_citizen(organisation, {"Gender": gender})
        )
    client.force_login(people["commissioner"])
    upload = SimpleUploadedFile(
        "quotas.csv", b"category,value,min,max\nGender,Woman,1,1\nGender,Man,1,1\n"
    )
    response = client.post(
        url("panels:quotas", organisation, pk=panel.pk), {"file": upload}
    )
    assert response.status_code == 302
    response = post_draw(
        client, url("panels:select", organisation, pk=panel.pk), {"size": "2"}
    )
    selection = Selection.objects.get()
    assert response.url == url(
        "panels:selection", organisation, pk=panel.pk, selection_pk=selection.pk
    )
    page = client.get(response.url).content.decode()
    assert "2 people selected" in page
    assert str(selection.seed) in page
    assert panel.members.filter(status=MemberStatus.INVITED).count() == 2


def test_a_bad_quota_paste_is_shown_beside_the_field(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """Row errors show next to the pasted text, which is kept."""
    panel = PanelFactory(organisation=organisation)
    client.force_login(people["commissioner"])
    text = "category,value,min,max\nGender,Robot,1,2\n"
    response = client.post(
        url("panels:quotas", organisation, pk=panel.pk), {"text": text}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Row 2: Gender has no value “Robot”." in content
    assert "Gender,Robot,1,2" in content


def test_representation_hides_small_groups(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    django_assert_num_queries: Any,
) -> None:
    """Groups under five show as "fewer than 5"; shortfalls against the population
    are flagged (for a group under five, only when any number under five would
    be); the page costs a fixed number of queries."""
    panel = PanelFactory(organisation=organisation)
    for gender in ["Woman"] * 12 + ["Man"] * 2:
        panel_join(
            panel=panel, user=consenting_citizen(organisation, {"Gender": gender})
        )
    client.force_login(people["commissioner"])
    with django_assert_num_queries(20):
        response = client.get(url("panels:representation", organisation, pk=panel.pk))
    content = response.content.decode()
    for _i in range(5):
        panel_join(
            panel=panel, user=consenting_citizen(organisation, {"Gender": "Man"})
        )
    with django_assert_num_queries(20):
        client.get(url("panels:representation", organisation, pk=panel.pk))
    assert "fewer than 5" in content
    assert ">2<" not in content
    assert "Under-represented" in content


def test_get_involved_lists_open_panels_only(
    client: Client, organisation: Organisation
) -> None:
    """The public page lists standing panels and those of public cycles that
    accept volunteers; nothing private shows."""
    PanelFactory(organisation=organisation, name="Open standing panel")
    PanelFactory(
        organisation=organisation, name="Closed panel", is_open_for_volunteers=False
    )
    PanelFactory(
        organisation=organisation,
        name="Private cycle panel",
        cycle=CycleFactory(organisation=organisation),
    )
    content = client.get(
        reverse("taking_part:get_involved", kwargs={"org_slug": organisation.slug})
    ).content.decode()
    assert "Open standing panel" in content
    assert "Closed panel" not in content
    assert "Private cycle panel" not in content


def test_a_newcomer_joins_with_an_emailed_code(
    client: Client, organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    """From the invitation link: e-mail, code, consent, and a seat; no password."""
    panel = PanelFactory(organisation=organisation)
    join_url = panel.get_join_url()
    assert "Send me a code" in client.get(join_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(join_url, {"email": "New.Person@example.org"})
    assert response.status_code == 302
    code = re.search(r"^\s*(\d{6})\s*$", mail.outbox[0].body, re.MULTILINE).group(1)  # type: ignore[union-attr]
    response = client.post(
        reverse("account_confirm_login_code"), {"code": code, "next": join_url}
    )
    assert response.url == join_url
    response = client.post(join_url, {"consent_contact": "yes"})
    assert response.status_code == 400
    assert "Tick the box to agree to taking part in panels" in response.content.decode()
    response = client.post(join_url, {"consent_panel": "yes", "consent_contact": "yes"})
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.org")
    assert PanelMember.objects.get(panel=panel, user=user).is_seated
    assert ConsentRecord.objects.current(user=user, organisation=organisation) == {
        "panel": True,
        "contact": True,
        "equalities": False,
    }


def test_topic_interest_is_saved_when_joining_a_cycle_panel(
    client: Client, organisation: Organisation
) -> None:
    """Joining a cycle's panel may record where the person sits on know / care."""
    cycle = CycleFactory(organisation=organisation, visibility="public")
    panel = PanelFactory(organisation=organisation, cycle=cycle)
    user = UserFactory()
    client.force_login(user)
    client.post(
        panel.get_join_url(), {"consent_panel": "yes", "knowledge": "2", "care": "5"}
    )
    assert user.topic_interests.get().quadrant == "care"


def test_consent_is_one_click_each_way(
    client: Client, organisation: Organisation
) -> None:
    """Giving and withdrawing are single posts and take effect at once."""
    user = consenting_citizen(organisation, {"Age band": "16 to 24"})
    client.force_login(user)
    consent_url = reverse("taking_part:consent", kwargs={"org_slug": organisation.slug})
    client.post(consent_url, {"purpose": Purpose.EQUALITIES, "given": "no"})
    assert not ProfileAnswer.objects.filter(user=user).exists()
    content = client.get(consent_url).content.decode()
    assert "turned off" in content


def test_profile_asks_equalities_only_with_consent_and_saves_skips(
    client: Client, organisation: Organisation
) -> None:
    """Without equalities consent, only the area and access questions show; a
    skipped question stores nothing."""
    categories_ensure_defaults(organisation=organisation)
    user = UserFactory()
    consenting = consenting_citizen(organisation)
    profile_url = reverse("taking_part:profile", kwargs={"org_slug": organisation.slug})
    client.force_login(user)
    from cocommission.organisations.models import Membership

    Membership.objects.create(user=user, organisation=organisation, role="citizen")
    assert "How old are you?" not in client.get(profile_url).content.decode()
    client.force_login(consenting)
    assert "How old are you?" in client.get(profile_url).content.decode()
    age = organisation.demographic_categories.get(name="Age band")
    response = client.post(
        profile_url,
        {
            f"category_{age.pk}": "declined",
            "access_needs": ["step_free"],
            "languages": "Welsh",
        },
    )
    assert response.status_code == 302
    answer = ProfileAnswer.objects.get(user=consenting)
    assert answer.declined
    assert consenting.participant_profile.access_needs == ["step_free"]


def test_a_citizen_only_sees_their_own_seat(
    client: Client, organisation: Organisation
) -> None:
    """Another person's seat is not found."""
    panel = PanelFactory(organisation=organisation)
    mine = PanelMember.objects.create(
        panel=panel, user=consenting_citizen(organisation)
    )
    other = UserFactory()
    client.force_login(other)
    assert (
        client.get(reverse("taking_part:seat", kwargs={"pk": mine.pk})).status_code
        == 404
    )


def test_an_invited_person_accepts_with_consent(
    client: Client, organisation: Organisation
) -> None:
    """Accepting without consent shows the reason; ticking the box seats them."""
    panel = PanelFactory(organisation=organisation)
    user = UserFactory()
    member = PanelMember.objects.create(panel=panel, user=user)
    client.force_login(user)
    seat_url = reverse("taking_part:seat", kwargs={"pk": member.pk})
    response = client.post(seat_url, {"action": "accept"})
    assert response.status_code == 400
    response = client.post(seat_url, {"action": "accept", "consent_panel": "yes"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == MemberStatus.ACCEPTED


def test_inviting_by_email_sends_a_link(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Invited people get an e-mail with the link to answer; bad addresses are named."""
    panel = PanelFactory(organisation=organisation, recruitment=Recruitment.INVITATION)
    client.force_login(people["commissioner"])
    invite_url = url("panels:invite", organisation, pk=panel.pk)
    response = client.post(invite_url, {"emails": "ok@example.org\nnot-an-address"})
    assert "not-an-address" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(invite_url, {"emails": "ok@example.org\nfriend@example.org"})
    assert len(mail.outbox) == 2
    member = panel.members.get(user__email="ok@example.org")
    assert member.get_respond_url() in mail.outbox[0].body + mail.outbox[1].body


def test_participation_page_shows_invitations_and_pools(
    client: Client, organisation: Organisation, django_assert_num_queries: Any
) -> None:
    """A citizen's page lists invitations, seats and pools at a fixed cost."""
    user = consenting_citizen(organisation)
    client.force_login(user)
    PanelMember.objects.create(
        panel=PanelFactory(organisation=organisation, name="Invited one"), user=user
    )
    Volunteer.objects.create(
        panel=PanelFactory(organisation=organisation, name="Pool one"), user=user
    )
    PanelMember.objects.create(
        panel=PanelFactory(organisation=organisation, name="Invited two"), user=user
    )
    # One more for the organisations whose pool the person is in.
    with django_assert_num_queries(10):
        content = client.get(reverse("participation:participation")).content.decode()
    assert "Invited one" in content
    assert "Pool one" in content


def test_a_citizen_cannot_open_another_organisations_profile_or_consent(
    client: Client, organisation: Organisation, other_organisation: Organisation
) -> None:
    """Profile and consent pages exist only for organisations the person is in."""
    client.force_login(consenting_citizen(organisation))
    for name in ("taking_part:profile", "taking_part:consent"):
        own = reverse(name, kwargs={"org_slug": organisation.slug})
        other = reverse(name, kwargs={"org_slug": other_organisation.slug})
        assert client.get(own).status_code == 200
        assert client.get(other).status_code == 404


QUOTA_HEADER = b"category,value,min,max\n"
QUOTA_ROW = b"Gender,Woman,1,1\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(content, message, id=name)
        for name, content, message in broken_files(QUOTA_HEADER, QUOTA_ROW)
    ],
)
def test_a_broken_quota_file_names_the_line_and_changes_nothing(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    content: bytes,
    message: str,
) -> None:
    """A quota file with a NUL byte, text that is not UTF-8 or a field too big to
    read gets a message naming the line beside the file field; no quota is kept."""
    categories_ensure_defaults(organisation=organisation)
    panel = PanelFactory(organisation=organisation)
    client.force_login(people["commissioner"])
    response = client.post(
        url("panels:quotas", organisation, pk=panel.pk),
        {"file": SimpleUploadedFile("quotas.csv", content)},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not panel.quotas.exists()


@pytest.mark.parametrize("maximum", ["32768", "1" + "0" * 30, "٣", "²"])
def test_a_quota_beyond_its_column_is_a_row_error_beside_the_text(
    client: Client, people: dict[str, User], organisation: Organisation, maximum: str
) -> None:
    """A maximum that does not fit the column (or is not written in digits) is
    a row error shown beside the pasted text, which is kept."""
    categories_ensure_defaults(organisation=organisation)
    panel = PanelFactory(organisation=organisation)
    client.force_login(people["commissioner"])
    text = f"category,value,min,max\nGender,Woman,1,{maximum}\n"
    response = client.post(
        url("panels:quotas", organisation, pk=panel.pk), {"text": text}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Row 2: max " in content
    assert f"Gender,Woman,1,{maximum}" in content
    assert not panel.quotas.exists()
