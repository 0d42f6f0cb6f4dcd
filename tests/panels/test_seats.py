"""Right people, right seats (#16): a draw never offers more seats than are free,
top-up draws count the members already seated against the quotas, people who
say yes to a full panel wait on a reserve list, and a meeting's roll lists only
those seated on its day."""

from __future__ import annotations

import datetime
import re
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from panels.models import (
    SEATED,
    Meeting,
    MemberStatus,
    Panel,
    PanelMember,
    Purpose,
    Recruitment,
    Selection,
)
from panels.services import (
    categories_ensure_defaults,
    consent_record,
    panel_invite,
    panel_join,
    panel_member_respond,
    panel_member_step_down,
    panel_seat_next_reserve,
    panel_select_members,
    quotas_import_csv,
)
from tests.panels.factories import PanelFactory, consenting_citizen, post_draw

pytestmark = pytest.mark.django_db

QUOTAS = "category,value,min,max\nGender,Woman,5,7\nGender,Man,5,7\n"
NOON = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC)


def collapsed(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _panel(organisation: Organisation, seats: int = 12, quotas: str = QUOTAS) -> Panel:
    categories_ensure_defaults(organisation=organisation)
    panel = PanelFactory(
        organisation=organisation, recruitment=Recruitment.SELECTION, seats=seats
    )
    quotas_import_csv(panel=panel, data=quotas)
    return panel


def _seat(
    organisation: Organisation,
    panel: Panel,
    genders: list[str],
    on: datetime.date | None = None,
    **user_fields: Any,
) -> list[PanelMember]:
    """People with these genders, invited and then saying yes."""
    members = []
    for gender in genders:
        user = consenting_citizen(organisation, {"Gender": gender}, **user_fields)
        member = PanelMember.objects.create(panel=panel, user=user)
        members.append(panel_member_respond(member=member, accept=True, on=on))
    return members


def _volunteers(organisation: Organisation, panel: Panel, genders: list[str]) -> None:
    for gender in genders:
        panel_join(
            panel=panel, user=consenting_citizen(organisation, {"Gender": gender})
        )


def _select_url(panel: Panel) -> str:
    return reverse(
        "panels:select", kwargs={"org_slug": panel.organisation.slug, "pk": panel.pk}
    )


def _invited_genders(selection: Selection) -> list[str]:
    return sorted(
        selection.members.values_list("user__profile_answers__value__label", flat=True)
    )


def test_a_draw_of_more_seats_than_are_free_is_refused_beside_the_field(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    """12 seats with 10 taken: a draw of 6 is refused, saying 2 are free, and
    nobody is invited."""
    panel = _panel(organisation)
    _seat(organisation, panel, ["Woman"] * 5 + ["Man"] * 5)
    _volunteers(organisation, panel, ["Woman"] * 4 + ["Man"] * 4)
    client.force_login(people["commissioner"])
    page = collapsed(client.get(_select_url(panel)))
    assert "2 seats are free." in page
    response = post_draw(client, _select_url(panel), {"size": "6"})
    assert response.status_code == 400
    page = collapsed(response)
    message = (
        "Only 2 seats are free: the panel has 12 seats and 10 are taken. "
        "Draw 2 or fewer."
    )
    # Beside the field (a field error), not only in the summary at the top.
    assert re.search(
        r'class="govuk-error-message"[^>]*>(?:(?!</p>).)*' + re.escape(message), page
    ), page
    assert not Selection.objects.filter(panel=panel).exists()
    assert not panel.members.filter(status=MemberStatus.INVITED).exists()


def test_the_service_refuses_a_draw_bigger_than_the_free_seats(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """The rule holds below the form too; unanswered invitations count as offered."""
    panel = _panel(organisation)
    _seat(organisation, panel, ["Woman"] * 5 + ["Man"] * 5)
    _volunteers(organisation, panel, ["Woman"] * 4 + ["Man"] * 4)
    panel_invite(panel=panel, emails=["waiting@example.org"])
    with pytest.raises(ValidationError) as caught:
        panel_select_members(panel=panel, size=2, by=people["commissioner"])
    assert caught.value.message_dict["size"] == [
        "Only 1 seat is free: the panel has 12 seats, 10 are taken and 1 "
        "invitations are waiting for an answer. Draw 1 or fewer."
    ]


def test_a_top_up_draw_counts_the_seated_against_the_quotas(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    """7 women and 3 men seated, quotas 5-7 each: the last two seats must go to
    men, and the draw of 2 finds them (it used to ask for at least 10)."""
    panel = _panel(organisation)
    _seat(organisation, panel, ["Woman"] * 7 + ["Man"] * 3)
    _volunteers(organisation, panel, ["Woman"] * 6 + ["Man"] * 3)
    client.force_login(people["commissioner"])
    response = post_draw(client, _select_url(panel), {"size": "2"})
    assert response.status_code == 302
    selection = Selection.objects.get(panel=panel)
    assert selection.succeeded, selection.problems
    assert _invited_genders(selection) == ["Man", "Man"]
    assert {q["value"]: q["seated"] for q in selection.quotas} == {
        "Woman": 7,
        "Man": 3,
    }


def test_a_top_up_that_cannot_meet_the_quotas_says_what_is_short(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    """When the quotas need more than the free seats, the draw page says how many
    more of whom, counting those seated."""
    panel = _panel(
        organisation,
        quotas="category,value,min,max\nGender,Man,7,8\nGender,Woman,0,7\n",
    )
    _seat(organisation, panel, ["Woman"] * 6 + ["Man"] * 4)
    _volunteers(organisation, panel, ["Woman"] * 3 + ["Man"] * 5)
    client.force_login(people["commissioner"])
    response = post_draw(client, _select_url(panel), {"size": "2"})
    page = collapsed(response)
    assert (
        "Counting the members already seated, the Gender quotas still need 3 more "
        "people (Man: 3 more), more than the 2 seats this draw fills."
    ) in page
    assert not panel.members.filter(status=MemberStatus.INVITED).exists()


def _accept(client: Client, member: PanelMember) -> Any:
    assert member.user is not None
    client.force_login(member.user)
    return client.post(
        reverse("taking_part:seat", kwargs={"pk": member.pk}),
        {"action": "accept"},
        follow=True,
    )


def test_a_yes_beyond_the_panel_size_goes_to_the_reserve_list(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    """Two drawn and one invited by e-mail for two free seats: the third to say yes
    is told they are on the reserve list, and the panel shows 12 of 12."""
    panel = _panel(organisation)
    _seat(organisation, panel, ["Woman"] * 5 + ["Man"] * 5)
    _volunteers(organisation, panel, ["Woman"] * 2 + ["Man"] * 2)
    selection = panel_select_members(panel=panel, size=2, by=people["commissioner"])
    assert selection.succeeded
    (extra,) = panel_invite(panel=panel, emails=["late@example.org"])
    # The invited account needs to agree to panels before it can say yes.
    assert extra.user is not None
    consent_record(
        user=extra.user, organisation=organisation, purpose=Purpose.PANEL, given=True
    )
    for member in selection.members.all():
        assert "Welcome to" in collapsed(_accept(client, member))
    page = collapsed(_accept(client, extra))
    assert "so you are on its reserve list" in page
    extra.refresh_from_db()
    assert extra.status == MemberStatus.RESERVE
    assert panel.members.filter(status__in=SEATED).count() == 12
    client.force_login(people["commissioner"])
    page = collapsed(client.get(panel.get_absolute_url()))
    assert "12 of 12 seats" in page
    assert "Reserve list" in page
    assert "late@example.org" in page
    assert "Every seat is taken." in page


def test_staff_seat_the_next_reserve_when_someone_stands_down(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    """While the panel is full the reserve waits (and a forced post changes
    nothing); after a stand-down, the button seats the first on the list."""
    panel = _panel(organisation, seats=2, quotas="category,value,min,max\n")
    seated = _seat(organisation, panel, ["Woman", "Man"])
    first, second = _seat(organisation, panel, ["Woman", "Man"])
    assert first.status == second.status == MemberStatus.RESERVE
    client.force_login(people["commissioner"])
    seat_url = reverse(
        "panels:seat_reserve", kwargs={"org_slug": organisation.slug, "pk": panel.pk}
    )
    page = collapsed(client.post(seat_url, follow=True))
    assert "The panel is full: no seat is free." in page
    assert panel.members.filter(status__in=SEATED).count() == 2
    step_down = reverse(
        "panels:member_step_down",
        kwargs={
            "org_slug": organisation.slug,
            "pk": panel.pk,
            "member_pk": seated[0].pk,
        },
    )
    client.post(step_down)
    page = collapsed(client.get(panel.get_absolute_url()))
    assert f"Give the free seat to {first.user}" in page
    page = collapsed(client.post(seat_url, follow=True))
    assert f"{first.user} now has a seat." in page
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == MemberStatus.ACCEPTED
    assert second.status == MemberStatus.RESERVE
    assert panel.members.filter(status__in=SEATED).count() == 2


def test_only_staff_can_seat_from_the_reserve(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    """A citizen posting the button is refused and nobody is seated."""
    panel = _panel(organisation, seats=1, quotas="category,value,min,max\n")
    (reserve,) = _seat(organisation, panel, ["Woman"])
    reserve.status = MemberStatus.RESERVE
    reserve.save()
    client.force_login(people["citizen"])
    response = client.post(
        reverse(
            "panels:seat_reserve",
            kwargs={"org_slug": organisation.slug, "pk": panel.pk},
        )
    )
    assert response.status_code in (403, 404)
    reserve.refresh_from_db()
    assert reserve.status == MemberStatus.RESERVE


def test_an_open_panel_that_is_full_puts_joiners_on_the_reserve(
    organisation: Organisation,
) -> None:
    """Joining by the invitation link never takes a seat past the panel's size."""
    panel = PanelFactory(organisation=organisation, seats=1)
    seated = panel_join(panel=panel, user=consenting_citizen(organisation))
    waiting = panel_join(panel=panel, user=consenting_citizen(organisation))
    assert isinstance(seated, PanelMember)
    assert isinstance(waiting, PanelMember)
    assert seated.status == MemberStatus.ACCEPTED
    assert waiting.status == MemberStatus.RESERVE
    panel_member_step_down(member=seated)
    assert panel_seat_next_reserve(panel=panel).pk == waiting.pk


@pytest.mark.django_db(transaction=True)
def test_two_yeses_at_once_cannot_both_take_the_last_seat(
    organisation: Organisation,
) -> None:
    """Many invited people accepting at the same moment for one free seat: one is
    seated, the others go to the reserve list."""
    panel = _panel(organisation, seats=3, quotas="category,value,min,max\n")
    _seat(organisation, panel, ["Woman", "Man"])
    invited = [
        PanelMember.objects.create(panel=panel, user=consenting_citizen(organisation))
        for _i in range(6)
    ]
    start = Barrier(len(invited))

    def accept(member: PanelMember) -> str:
        try:
            start.wait()
            return panel_member_respond(member=member, accept=True).status
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(invited)) as pool:
        outcomes = list(pool.map(accept, invited))
    assert outcomes.count(MemberStatus.ACCEPTED) == 1
    assert outcomes.count(MemberStatus.RESERVE) == 5
    assert panel.members.filter(status__in=SEATED).count() == 3


def test_a_past_meeting_lists_only_those_seated_on_its_day(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    """Seated before and still on: listed. Seated after the meeting, or stood down
    before it: not listed. Stood down after it: listed, since they held the seat
    then. Recording someone not seated that day is refused."""
    panel = PanelFactory(organisation=organisation)

    def join(name: str, on: datetime.datetime) -> PanelMember:
        with time_machine.travel(on, tick=False):
            member = panel_join(
                panel=panel, user=consenting_citizen(organisation, display_name=name)
            )
        assert isinstance(member, PanelMember)
        return member

    def stand_down(member: PanelMember, on: datetime.datetime) -> None:
        with time_machine.travel(on, tick=False):
            panel_member_step_down(member=member)

    january = NOON - datetime.timedelta(days=50)
    join("Stays Seated", january)
    join("Joined Later", NOON + datetime.timedelta(days=20))
    stand_down(join("Left Before", january), NOON - datetime.timedelta(days=10))
    stand_down(join("Left After", january), NOON + datetime.timedelta(days=10))
    meeting = Meeting.objects.create(
        panel=panel, title="Spring meeting", starts_at=NOON
    )
    client.force_login(people["commissioner"])
    page = collapsed(client.get(meeting.get_absolute_url()))
    listed = set(re.findall(r"Stays Seated|Joined Later|Left Before|Left After", page))
    assert listed == {"Stays Seated", "Left After"}
    later = panel.members.get(user__display_name="Joined Later")
    response = client.post(
        meeting.get_absolute_url(),
        {
            "form": "attendance",
            f"attended_{later.user_id}": "yes",
            f"needs_{later.user_id}": "not_needed",
        },
    )
    assert "Only members seated on the day of the meeting can be recorded." in (
        collapsed(response)
    )
    assert not meeting.attendance.exists()


def test_a_panel_cannot_shrink_below_the_people_seated(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    """Changing 12 seats to 8 with 10 seated is refused beside the field, so the
    panel never shows more seated than its size."""
    panel = _panel(organisation)
    _seat(organisation, panel, ["Woman"] * 5 + ["Man"] * 5)
    client.force_login(people["commissioner"])
    data = {
        "name": panel.name,
        "kind": panel.kind,
        "purpose": panel.purpose,
        "recruitment": panel.recruitment,
        "seats": "8",
    }
    edit = reverse(
        "panels:edit", kwargs={"org_slug": organisation.slug, "pk": panel.pk}
    )
    page = collapsed(client.post(edit, data))
    assert "10 people hold seats, so the panel needs at least 10." in page
    panel.refresh_from_db()
    assert panel.seats == 12
    data["seats"] = "10"
    assert client.post(edit, data).status_code == 302
    panel.refresh_from_db()
    assert panel.seats == 10


def test_people_on_the_reserve_see_it_and_can_leave_it(
    client: Client, organisation: Organisation
) -> None:
    """Their page says they are on the reserve list; leaving it takes them off."""
    panel = _panel(organisation, seats=1, quotas="category,value,min,max\n")
    _seat(organisation, panel, ["Woman"])
    (waiting,) = _seat(organisation, panel, ["Man"])
    assert waiting.user is not None
    client.force_login(waiting.user)
    page = collapsed(client.get(reverse("participation:participation")))
    assert f'{panel.name}</a> <strong class="govuk-tag govuk-tag--blue">' in page
    assert "On the reserve list" in page
    seat_page = collapsed(client.get(waiting.get_respond_url()))
    assert "so you are on the reserve list" in seat_page
    client.post(waiting.get_respond_url(), {"action": "step_down"})
    waiting.refresh_from_db()
    assert waiting.status == MemberStatus.STEPPED_DOWN
    assert waiting.term_starts is None
