"""Right people, right seats (#16): one pool per organisation. Someone who
volunteers for one panel and agrees may be drawn for the organisation's other
panels; without that, or once they leave the pool, they are not."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from panels.models import (
    MemberStatus,
    Panel,
    PanelMember,
    PoolMember,
    Recruitment,
    Selection,
)
from tests.accounts.factories import UserFactory
from tests.panels.factories import PanelFactory, post_draw

pytestmark = pytest.mark.django_db


def collapsed(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _selection_panel(organisation: Organisation, seats: int = 5) -> Panel:
    return PanelFactory(
        organisation=organisation, recruitment=Recruitment.SELECTION, seats=seats
    )


def _volunteer(client: Client, panel: Panel, *, pool: bool, **fields: Any) -> User:
    """A newcomer volunteers through the join page, ticking the shared pool box
    or not."""
    user = UserFactory(**fields)
    client.force_login(user)
    data = {"consent_panel": "yes"}
    if pool:
        data["consent_org_pool"] = "yes"
    response = client.post(panel.get_join_url(), data)
    assert response.status_code == 302, response.content
    client.logout()
    return user


def _draw(
    client: Client, staff: User, panel: Panel, size: int, refused: bool = False
) -> Selection:
    """A draw through the page: it goes on to its record, or, when nobody can be
    drawn, the form comes back with why (the attempt is recorded all the same)."""
    client.force_login(staff)
    url = reverse(
        "panels:select", kwargs={"org_slug": panel.organisation.slug, "pk": panel.pk}
    )
    response = post_draw(client, url, {"size": str(size)})
    assert response.status_code == (400 if refused else 302), collapsed(response)
    client.logout()
    return Selection.objects.filter(panel=panel).latest("pk")


def _drawn(selection: Selection) -> set[int]:
    return set(selection.members.values_list("user_id", flat=True))


def test_the_join_page_asks_with_an_unticked_box(
    client: Client, organisation: Organisation
) -> None:
    panel = _selection_panel(organisation)
    client.force_login(UserFactory())
    page = collapsed(client.get(panel.get_join_url()))
    box = re.search(r'<input[^>]*id="consent_org_pool"[^>]*>', page)
    assert box is not None
    assert "checked" not in box.group(0)
    assert "may also consider me for its other panels" in page


def test_with_consent_another_panel_draws_them_without_it_cannot(
    client: Client,
    organisation: Organisation,
    other_organisation: Organisation,
    people: dict[str, User],
) -> None:
    first = _selection_panel(organisation)
    second = _selection_panel(organisation, seats=10)
    elsewhere = _selection_panel(other_organisation, seats=10)
    willing = _volunteer(client, first, pool=True, email="willing@example.org")
    unwilling = _volunteer(client, first, pool=False, email="unwilling@example.org")
    assert PoolMember.objects.filter(user=willing, organisation=organisation).exists()
    assert not PoolMember.objects.filter(user=unwilling).exists()
    own = _volunteer(client, second, pool=False, email="own@example.org")

    client.force_login(people["commissioner"])
    page = collapsed(
        client.get(
            reverse(
                "panels:select",
                kwargs={"org_slug": organisation.slug, "pk": second.pk},
            )
        )
    )
    assert "2 volunteers can be drawn from." in page
    assert "1 volunteered for this panel" in page
    assert "1 comes from the organisation's pool" in page
    client.logout()

    selection = _draw(client, people["commissioner"], second, 2)
    assert selection.succeeded
    assert _drawn(selection) == {willing.pk, own.pk}
    assert selection.from_organisation_pool == 1
    # Another organisation's panel never sees them.
    admin = people["admin"]
    from tests.organisations.factories import MembershipFactory

    MembershipFactory(user=admin, organisation=other_organisation, role="admin")
    elsewhere_selection = _draw(client, admin, elsewhere, 1, refused=True)
    assert not elsewhere_selection.succeeded
    assert elsewhere_selection.pool_size == 0


def test_nobody_is_drawn_twice(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    """People seated, invited or on the reserve of a panel are not in its pool,
    even through the organisation's pool; a second draw picks only the rest."""
    first = _selection_panel(organisation)
    second = _selection_panel(organisation, seats=10)
    pooled = [
        _volunteer(client, first, pool=True, email=f"p{i}@example.org")
        for i in range(4)
    ]
    PanelMember.objects.create(panel=second, user=pooled[0], status=MemberStatus.ACTIVE)
    PanelMember.objects.create(
        panel=second, user=pooled[1], status=MemberStatus.RESERVE
    )
    selection = _draw(client, people["commissioner"], second, 1)
    assert _drawn(selection) <= {pooled[2].pk, pooled[3].pk}
    again = _draw(client, people["commissioner"], second, 1)
    assert _drawn(selection) | _drawn(again) == {pooled[2].pk, pooled[3].pk}
    refused = _draw(client, people["commissioner"], second, 1, refused=True)
    assert not refused.succeeded
    assert refused.pool_size == 0


def test_leaving_the_pool_from_the_participation_page(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    first = _selection_panel(organisation)
    second = _selection_panel(organisation)
    user = _volunteer(client, first, pool=True, email="leaver@example.org")
    client.force_login(user)
    page = collapsed(client.get(reverse("participation:participation")))
    assert f"In the pool of {organisation.name} since" in page
    leave = reverse(
        "taking_part:leave_organisation_pool", kwargs={"org_slug": organisation.slug}
    )
    assert f'action="{leave}"' in page
    response = client.post(leave, follow=True)
    assert "You have left the pool of" in collapsed(response)
    assert not PoolMember.objects.filter(user=user).exists()
    # Still a volunteer for the panel they chose.
    assert first.volunteers.filter(user=user).exists()
    client.logout()
    selection = _draw(client, people["commissioner"], second, 1, refused=True)
    assert not selection.succeeded
    assert selection.pool_size == 0
    first_draw = _draw(client, people["commissioner"], first, 1)
    assert _drawn(first_draw) == {user.pk}


def test_withdrawing_panel_consent_empties_the_pool_place(
    client: Client, organisation: Organisation
) -> None:
    panel = _selection_panel(organisation)
    user = _volunteer(client, panel, pool=True, email="withdraw@example.org")
    client.force_login(user)
    client.post(
        reverse("taking_part:consent", kwargs={"org_slug": organisation.slug}),
        {"purpose": "panel", "given": "no"},
    )
    assert not PoolMember.objects.filter(user=user).exists()


def test_personal_data_lists_the_pool_and_erasure_removes_it(
    client: Client, organisation: Organisation
) -> None:
    panel = _selection_panel(organisation)
    user = _volunteer(client, panel, pool=True, email="mine@example.org")
    client.force_login(user)
    data = client.get(reverse("participation:my_data") + "?format=json").json()
    [place] = data["organisation_pools"]["rows"]
    assert place["organisation"] == organisation.name
    assert place["consented_at"]
    page = collapsed(client.get(reverse("participation:my_data")))
    assert "Organisations whose panels may consider you" in page
    client.post(reverse("participation:erase"), {"confirm": "erase"})
    assert not PoolMember.objects.exists()
