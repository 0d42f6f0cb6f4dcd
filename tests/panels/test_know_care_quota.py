"""Right people, right seats (#16): "who knows and who cares" counts the pool as
well as the seated, and is a category a draw's quota can be set on."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from panels.models import (
    KnowCareGroup,
    KnowCareQuota,
    MemberStatus,
    Panel,
    PanelMember,
    Recruitment,
    Selection,
    TopicInterest,
)
from panels.selection import QuotaRule, select_stratified
from tests.accounts.factories import UserFactory
from tests.cycles.factories import CycleFactory
from tests.panels.factories import PanelFactory, post_draw

pytestmark = pytest.mark.django_db

KC = "Who knows and who cares"


def collapsed(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _panel(organisation: Organisation, seats: int = 10) -> Panel:
    return PanelFactory(
        organisation=organisation,
        cycle=CycleFactory(organisation=organisation),
        recruitment=Recruitment.SELECTION,
        seats=seats,
    )


def _volunteer(
    client: Client, panel: Panel, rating: tuple[int, int] | None, pool: bool = False
) -> User:
    """A newcomer volunteers through the join page, rating the topic or not."""
    user = UserFactory()
    client.force_login(user)
    data = {"consent_panel": "yes"}
    if rating is not None:
        data |= {"knowledge": str(rating[0]), "care": str(rating[1])}
    if pool:
        data["consent_org_pool"] = "yes"
    assert client.post(panel.get_join_url(), data).status_code == 302
    client.logout()
    return user


def _set_quotas(client: Client, staff: User, panel: Panel, rows: str) -> Any:
    client.force_login(staff)
    url = reverse(
        "panels:quotas", kwargs={"org_slug": panel.organisation.slug, "pk": panel.pk}
    )
    return client.post(url, {"text": "category,value,min,max\n" + rows})


def _know_care_row(page: str, group: str) -> str:
    match = re.search(
        rf"<th scope=\"row\"[^>]*>{re.escape(group)}</th>(.*?)</tr>", page
    )
    assert match is not None, page
    return match.group(1)


def test_the_page_counts_the_pool_and_the_seated_apart(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    panel = _panel(organisation)
    for _i in range(6):
        _volunteer(client, panel, (5, 5))
    seated = [_volunteer(client, panel, (1, 5)) for _i in range(5)]
    for user in seated:
        panel.volunteers.filter(user=user).delete()
        PanelMember.objects.create(panel=panel, user=user, status=MemberStatus.ACTIVE)
    # Someone from another panel of the organisation who joined its pool.
    other = _panel(organisation)
    _volunteer(client, other, None, pool=True)
    client.force_login(people["commissioner"])
    page = collapsed(
        client.get(
            reverse(
                "panels:representation",
                kwargs={"org_slug": organisation.slug, "pk": panel.pk},
            )
        )
    )
    assert "In the pool" in page
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", _know_care_row(page, "Know and care"))
    assert [c.strip() for c in cells] == ["0", "6"]
    cells = re.findall(
        r"<td[^>]*>([^<]*)</td>", _know_care_row(page, "Care, know less")
    )
    assert [c.strip() for c in cells] == ["5", "0"]


def test_a_draw_meets_a_quota_on_the_know_care_groups(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    panel = _panel(organisation, seats=4)
    knowers = [_volunteer(client, panel, (5, 5)) for _i in range(6)]
    carers = [_volunteer(client, panel, (1, 5)) for _i in range(3)]
    unrated = [_volunteer(client, panel, None) for _i in range(6)]
    response = _set_quotas(
        client,
        people["commissioner"],
        panel,
        f"{KC},Care, know less,2,3\n{KC},Not rated,1,1\n{KC},Know and care,0,1\n",
    )
    assert response.status_code == 400  # the comma in "Care, know less"
    response = _set_quotas(
        client,
        people["commissioner"],
        panel,
        f'{KC},"Care, know less",2,3\n{KC},Not rated,1,1\n{KC},Know and care,0,1\n',
    )
    assert response.status_code == 302, collapsed(response)
    assert KnowCareQuota.objects.filter(panel=panel).count() == 3
    page = collapsed(client.get(response["Location"]))
    assert "Care, know less" in page
    url = reverse(
        "panels:select", kwargs={"org_slug": organisation.slug, "pk": panel.pk}
    )
    assert post_draw(client, url, {"size": "4"}).status_code == 302
    selection = Selection.objects.get(panel=panel)
    assert selection.succeeded, selection.problems
    drawn = set(selection.members.values_list("user_id", flat=True))
    assert len(drawn) == 4
    assert 2 <= len(drawn & {u.pk for u in carers}) <= 3
    assert len(drawn & {u.pk for u in unrated}) == 1
    assert len(drawn & {u.pk for u in knowers}) <= 1
    assert {q["value"] for q in selection.quotas} == {
        "Care, know less",
        "Not rated",
        "Know and care",
    }


def test_a_know_care_quota_needs_a_cycle(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    panel = PanelFactory(organisation=organisation, recruitment=Recruitment.SELECTION)
    response = _set_quotas(
        client, people["commissioner"], panel, f"{KC},Neither yet,1,2\n"
    )
    assert response.status_code == 400
    assert "belongs to no cycle" in collapsed(response)
    assert not KnowCareQuota.objects.exists()


def _group(rating: tuple[int, int] | None) -> str:
    if rating is None:
        return str(KnowCareGroup.NOT_RATED.label)
    interest = TopicInterest(knowledge=rating[0], care=rating[1])
    return str(KnowCareGroup(interest.quadrant).label)


ratings = st.one_of(st.none(), st.tuples(st.integers(1, 5), st.integers(1, 5)))


@settings(max_examples=60, deadline=None)
@given(
    pool=st.lists(ratings, min_size=1, max_size=8),
    bounds=st.dictionaries(
        st.sampled_from(list(KnowCareGroup)),
        st.tuples(st.integers(0, 3), st.integers(0, 3)).map(sorted),
        max_size=3,
    ),
    size=st.integers(1, 4),
    seed=st.integers(0, 2**31),
)
def test_the_selection_meets_the_quota_whenever_it_can(
    pool: list[tuple[int, int] | None],
    bounds: dict[KnowCareGroup, list[int]],
    size: int,
    seed: int,
) -> None:
    """Over random ratings and quotas: when some group of the size meets every
    quota, the draw succeeds and meets them; when none does, it fails."""
    people = {i: {KC: _group(r)} for i, r in enumerate(pool)}
    rules = [QuotaRule(KC, str(g.label), lo, hi) for g, (lo, hi) in bounds.items()]

    def meets(chosen: tuple[int, ...]) -> bool:
        return all(
            rule.minimum
            <= sum(people[p][KC] == rule.value for p in chosen)
            <= rule.maximum
            for rule in rules
        )

    feasible = any(meets(c) for c in itertools.combinations(sorted(people), size))
    draw = select_stratified(pool=people, quotas=rules, size=size, seed=seed)
    assert draw.succeeded == feasible
    if feasible:
        assert len(draw.selected) == size
        assert meets(tuple(draw.selected))


def test_the_cycle_page_counts_its_pool_too(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    panel = _panel(organisation)
    for _i in range(5):
        _volunteer(client, panel, (2, 2))
    client.force_login(people["commissioner"])
    page = collapsed(
        client.get(
            reverse(
                "panels:cycle_representation",
                kwargs={"org_slug": organisation.slug, "cycle_pk": panel.cycle_id},
            )
        )
    )
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", _know_care_row(page, "Neither yet"))
    assert [c.strip() for c in cells] == ["0", "5"]
