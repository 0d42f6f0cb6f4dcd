"""Fair panels (#20) through the pages: the draw offers LEXIMIN first and uses
it unless told otherwise, shows each volunteer's chance (adding up to the seats,
with every quota met), keeps a snapshot that repeats the draw exactly after the
pool has changed, names clashing quotas on the form, and the earlier method of
random weights can still be chosen."""

from __future__ import annotations

import html
import re
from collections import Counter
from itertools import combinations
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from panels.models import (
    MemberStatus,
    Panel,
    PanelMember,
    Recruitment,
    Selection,
    SelectionMethod,
)
from panels.services import (
    categories_ensure_defaults,
    panel_join,
    panel_member_respond,
    quotas_import_csv,
)
from tests.panels.factories import PanelFactory, consenting_citizen, post_draw

pytestmark = pytest.mark.django_db

YOUNG, OLD = "16 to 24", "65 to 74"
Person = tuple[str, str]  # (gender, age band)
CATEGORY = {"Woman": "Gender", "Man": "Gender", YOUNG: "Age band", OLD: "Age band"}


def collapsed(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _panel(organisation: Organisation, quotas: str, seats: int | None = None) -> Panel:
    categories_ensure_defaults(organisation=organisation)
    panel = PanelFactory(
        organisation=organisation, recruitment=Recruitment.SELECTION, seats=seats
    )
    quotas_import_csv(panel=panel, data="category,value,min,max\n" + quotas)
    return panel


def _volunteers(
    organisation: Organisation, panel: Panel, pool: list[Person]
) -> dict[int, Person]:
    """People volunteering for the panel, by id with their answers."""
    people = {}
    for gender, age in pool:
        user = consenting_citizen(organisation, {"Gender": gender, "Age band": age})
        panel_join(panel=panel, user=user)
        people[user.pk] = (gender, age)
    return people


def _url(name: str, panel: Panel, **kwargs: Any) -> str:
    return reverse(
        f"panels:{name}",
        kwargs={"org_slug": panel.organisation.slug, "pk": panel.pk, **kwargs},
    )


def _drawn(selection: Selection) -> set[int]:
    return set(selection.members.values_list("user_id", flat=True))


def _chance_table(page: str) -> list[tuple[str, int | str, float | None]]:
    """The rows of the chances table: (answers, volunteers, per cent), where a
    withheld count is its words ("fewer than 5", "hidden") and a withheld
    chance None."""
    if "Chance of selection of" not in page:  # too few to show any group
        return []
    table = page.split("Chance of selection of", 1)[1].split("</table>", 1)[0]
    return [
        (
            html.unescape(who),
            int(count) if count.isdigit() else count,
            None if percent == "hidden" else float(percent),
        )
        for who, count, percent, _hidden in re.findall(
            r'<th scope="row" class="govuk-table__header">(.*?)</th> '
            r'<td class="govuk-table__cell govuk-table__cell--numeric">'
            r"(\d+|fewer than 5|hidden)</td> "
            r'<td class="govuk-table__cell govuk-table__cell--numeric"> ?'
            r"(?:([\d.]+)%|(hidden))</td>",
            table,
        )
        for percent in [percent or "hidden"]
    ]


def test_leximin_is_the_default_method_of_the_draw(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    """The draw page offers both methods with LEXIMIN ticked; the draw records
    the method it used, and a post without a method gets LEXIMIN too."""
    panel = _panel(organisation, "Gender,Woman,1,1\nGender,Man,1,1\n")
    _volunteers(organisation, panel, [("Woman", YOUNG)] * 3 + [("Man", OLD)] * 3)
    client.force_login(people["commissioner"])
    page = collapsed(client.get(_url("select", panel)))
    assert re.search(r'value="leximin" checked="checked"', page)
    assert 'value="stratified"' in page
    assert not re.search(r'value="stratified" checked', page)
    assert "Fair chances (LEXIMIN)" in page
    assert "Random weights (stratified)" in page
    response = post_draw(
        client, _url("select", panel), {"size": "2", "method": "leximin"}
    )
    assert response.status_code == 302
    first = Selection.objects.get(panel=panel)
    assert first.method == SelectionMethod.LEXIMIN
    detail = collapsed(client.get(response["Location"]))
    assert "Fair chances (LEXIMIN)" in detail
    assert (
        "The smallest chance of selection was 33.3%, for volunteers with these "
        "answers: Gender: Man"
    ) in detail
    other = _panel(organisation, "")
    _volunteers(organisation, other, [("Woman", YOUNG)] * 2)
    assert post_draw(client, _url("select", other), {"size": "1"}).status_code == 302
    assert Selection.objects.get(panel=other).method == SelectionMethod.LEXIMIN


def _meets(chosen: list[Person], quotas: list[tuple[str, int, int]]) -> bool:
    counts = Counter(answer for person in chosen for answer in person)
    return all(low <= counts[value] <= high for value, low, high in quotas)


@st.composite
def draws(draw: st.DrawFn) -> tuple[list[Person], list[tuple[str, int, int]], int]:
    """A small pool, quotas on some answers, and a number of seats."""
    pool = draw(
        st.lists(
            st.tuples(st.sampled_from(["Woman", "Man"]), st.sampled_from([YOUNG, OLD])),
            min_size=1,
            max_size=7,
        )
    )
    quotas = []
    for value in ("Woman", "Man", YOUNG, OLD):
        if draw(st.booleans()):
            low, high = sorted(draw(st.tuples(st.integers(0, 3), st.integers(0, 3))))
            quotas.append((value, low, high))
    return pool, quotas, draw(st.integers(1, min(4, len(pool))))


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(problem=draws())
def test_chances_add_up_to_the_seats_and_the_panel_meets_the_quotas(
    client: Client,
    organisation: Organisation,
    people: dict[str, User],
    problem: tuple[list[Person], list[tuple[str, int, int]], int],
) -> None:
    """Whatever the pool and quotas, a LEXIMIN draw through the form either
    invites a panel meeting every quota, with chances that add up to the seats
    (stored exactly: within 1e-9), or, exactly when no panel can meet them,
    invites nobody and says why on the form."""
    pool, quotas, size = problem
    with transaction.atomic():
        rows = "".join(
            f"{CATEGORY[value]},{value},{low},{high}\n" for value, low, high in quotas
        )
        panel = _panel(organisation, rows)
        volunteers = _volunteers(organisation, panel, pool)
        client.force_login(people["commissioner"])
        response = post_draw(
            client, _url("select", panel), {"size": str(size), "method": "leximin"}
        )
        possible = any(
            _meets(list(group), quotas) for group in combinations(pool, size)
        )
        selection = Selection.objects.get(panel=panel)
        if not possible:
            assert response.status_code == 400
            assert "govuk-error-summary" in collapsed(response)
            assert not selection.succeeded and selection.problems
            assert not panel.members.exists()
        else:
            assert response.status_code == 302, selection.problems
            drawn = _drawn(selection)
            assert len(drawn) == size
            assert _meets([volunteers[pk] for pk in drawn], quotas)
            stored = Selection.objects.get(pk=selection.pk).chances["groups"]
            exact = sum(group["volunteers"] * group["chance"] for group in stored)
            assert abs(exact - size) <= 1e-9, stored
            table = _chance_table(collapsed(client.get(response["Location"])))
            printed = [p for _w, _c, p in table if p is not None]
            assert printed == sorted(printed)
            if (
                table
                and all(isinstance(c, int) for _w, c, _p in table)
                and None not in [p for _w, _c, p in table]
            ):
                assert sum(int(c) for _who, c, _p in table) == len(pool)
                shown = sum(int(c) * (p or 0) for _who, c, p in table) / 100
                assert abs(shown - size) <= 0.0005 * len(pool) + 1e-9
        transaction.set_rollback(True)


@pytest.mark.parametrize("method", ["leximin", "stratified"])
def test_a_draw_repeats_from_its_snapshot_after_the_pool_changes(
    client: Client, organisation: Organisation, people: dict[str, User], method: str
) -> None:
    """After a draw, an unselected volunteer leaves the pool (withdrawing their
    consent, which unlinks them from the snapshot) and a newcomer joins;
    repeating the draw from its snapshot and seed gives the same seats, while the
    pool the form would draw from has changed."""
    panel = _panel(organisation, "Gender,Woman,2,2\nGender,Man,2,2\n")
    _volunteers(
        organisation,
        panel,
        [("Woman", YOUNG), ("Woman", OLD)] * 3 + [("Man", YOUNG), ("Man", OLD)] * 3,
    )
    client.force_login(people["commissioner"])
    response = post_draw(client, _url("select", panel), {"size": "4", "method": method})
    assert response.status_code == 302
    selection = Selection.objects.get(panel=panel)
    drawn = _drawn(selection)
    leaver = panel.volunteers.exclude(user_id__in=drawn).first().user
    client.force_login(leaver)
    client.post(
        reverse("taking_part:consent", kwargs={"org_slug": organisation.slug}),
        {"purpose": "panel", "given": "no"},
    )
    _volunteers(organisation, panel, [("Man", YOUNG)])
    # Withdrawing unlinks the leaver from the record; their answers stay.
    people_in_snapshot = Selection.objects.get(pk=selection.pk).snapshot["people"]
    assert leaver.pk not in people_in_snapshot
    assert people_in_snapshot.count(None) == 1
    client.force_login(people["commissioner"])
    page = collapsed(client.get(_url("select", panel)))
    assert "8 volunteers can be drawn from." in page  # 12 - 4 drawn - 1 + 1

    repeat = _url("selection_repeat", panel, selection_pk=selection.pk)
    detail = collapsed(client.get(response["Location"]))
    assert f'action="{repeat}"' in detail
    page = collapsed(client.post(repeat))
    assert "The repeat gave the same panel: the same people, seat for seat." in page
    assert _drawn(Selection.objects.get(pk=selection.pk)) == drawn
    assert Selection.objects.filter(panel=panel).count() == 1


def test_a_changed_record_does_not_repeat(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    """The check can fail: if someone chosen is taken out of the snapshot, the
    repeat says the panel differs."""
    panel = _panel(organisation, "Gender,Woman,1,1\nGender,Man,1,1\n")
    _volunteers(organisation, panel, [("Woman", YOUNG)] * 3 + [("Man", OLD)] * 3)
    client.force_login(people["commissioner"])
    post_draw(client, _url("select", panel), {"size": "2"})
    selection = Selection.objects.get(panel=panel)
    # Tampering with the stored record, as nobody can through the pages: the
    # first person chosen no longer answered the quota question.
    place = selection.snapshot["selected"][0]
    selection.snapshot["pool"][place] = [""]
    selection.save()
    page = collapsed(
        client.post(_url("selection_repeat", panel, selection_pk=selection.pk))
    )
    assert "The repeat gave a different panel" in page
    assert re.search(r"[12] seats? went to someone else\.", page)


def test_a_draw_without_a_snapshot_says_it_cannot_be_repeated(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    """Draws recorded before snapshots were kept are not offered a repeat."""
    panel = _panel(organisation, "")
    _volunteers(organisation, panel, [("Woman", YOUNG)] * 2)
    client.force_login(people["commissioner"])
    post_draw(client, _url("select", panel), {"size": "1"})
    Selection.objects.filter(panel=panel).update(snapshot={})  # as migrated rows
    selection = Selection.objects.get(panel=panel)
    repeat = _url("selection_repeat", panel, selection_pk=selection.pk)
    detail = collapsed(client.get(_url("selection", panel, selection_pk=selection.pk)))
    assert f'action="{repeat}"' not in detail
    for response in (client.get(repeat), client.post(repeat)):
        assert response.status_code == 200
        assert "cannot be repeated exactly" in collapsed(response)


def test_clashing_quotas_are_named_on_the_form(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    """Each quota can be met alone but not together: the LEXIMIN draw comes back
    to the form naming the two clashing limits, in the error summary and beside
    the seats, and records the failed attempt without inviting anybody."""
    panel = _panel(organisation, f"Age band,{YOUNG},3,4\nGender,Man,2,4\n")
    _volunteers(organisation, panel, [("Woman", YOUNG)] * 4 + [("Man", OLD)] * 4)
    client.force_login(people["commissioner"])
    response = post_draw(
        client, _url("select", panel), {"size": "4", "method": "leximin"}
    )
    assert response.status_code == 400
    page = html.unescape(collapsed(response))
    message = (
        "These quotas cannot all be met at once with 8 volunteers and 4 seats: "
        f"Age band – {YOUNG}: at least 3; Gender – Man: at least 2. Change one of "
        "them, or recruit more volunteers in the groups that are short."
    )
    summary = page.split("govuk-error-summary__list", 1)[1].split("</ul>")[0]
    assert message in summary
    assert re.search(
        r'class="govuk-error-message"[^>]*>(?:(?!</p>).)*' + re.escape(message), page
    )
    selection = Selection.objects.get(panel=panel)
    assert selection.method == SelectionMethod.LEXIMIN
    assert selection.problems == [message]
    assert not panel.members.filter(status=MemberStatus.INVITED).exists()
    assert _url("selection", panel, selection_pk=selection.pk) in page


def test_random_weights_can_still_be_chosen(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    """The earlier method is a choice: its draw meets the quotas and its page
    says plainly that chances were not worked out."""
    panel = _panel(organisation, "Gender,Woman,1,1\nGender,Man,1,1\n")
    volunteers = _volunteers(
        organisation, panel, [("Woman", YOUNG)] * 3 + [("Man", OLD)] * 3
    )
    client.force_login(people["commissioner"])
    response = post_draw(
        client, _url("select", panel), {"size": "2", "method": "stratified"}
    )
    assert response.status_code == 302
    selection = Selection.objects.get(panel=panel)
    assert selection.method == SelectionMethod.STRATIFIED
    assert sorted(volunteers[pk][0] for pk in _drawn(selection)) == ["Man", "Woman"]
    page = collapsed(client.get(response["Location"]))
    assert "Random weights (stratified)" in page
    assert "does not work out anyone's chance of selection" in html.unescape(page)
    assert "Chance of selection of" not in page


def test_an_unknown_method_is_refused_beside_the_field(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    panel = _panel(organisation, "")
    _volunteers(organisation, panel, [("Woman", YOUNG)] * 2)
    client.force_login(people["commissioner"])
    response = post_draw(
        client, _url("select", panel), {"size": "1", "method": "fastest"}
    )
    assert response.status_code == 400
    assert "Choose how to draw the panel" in collapsed(response)
    assert not Selection.objects.filter(panel=panel).exists()


def test_the_draw_page_asks_a_fixed_number_of_queries(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    """The chances come from the draw's record: a pool of 20 or of 40 volunteers
    takes the same queries to show. (A pool of 4 shows no group: too small.)"""
    counts = []
    for size in (20, 40):
        panel = _panel(organisation, "Gender,Woman,1,1\nGender,Man,1,1\n")
        _volunteers(
            organisation,
            panel,
            [("Woman", YOUNG), ("Man", OLD), ("Woman", OLD), ("Man", YOUNG)]
            * (size // 4),
        )
        client.force_login(people["commissioner"])
        response = post_draw(client, _url("select", panel), {"size": "2"})
        with CaptureQueriesContext(connection) as captured:
            page = collapsed(client.get(response["Location"]))
        assert "The smallest chance of selection was" in page
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_a_leximin_top_up_counts_the_seated(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    """7 women and 3 men seated, quotas 5-7 each, 12 seats: the two seats left
    must go to men, so the women in the pool have no chance (as recorded); the
    men drawn are invited."""
    panel = _panel(organisation, "Gender,Woman,5,7\nGender,Man,5,7\n", seats=12)
    for gender in ["Woman"] * 7 + ["Man"] * 3:
        user = consenting_citizen(organisation, {"Gender": gender})
        member = PanelMember.objects.create(panel=panel, user=user)
        panel_member_respond(member=member, accept=True)
    volunteers = _volunteers(
        organisation, panel, [("Woman", YOUNG)] * 4 + [("Man", OLD)] * 4
    )
    client.force_login(people["commissioner"])
    response = post_draw(
        client, _url("select", panel), {"size": "2", "method": "leximin"}
    )
    assert response.status_code == 302
    selection = Selection.objects.get(panel=panel)
    assert [volunteers[pk][0] for pk in _drawn(selection)] == ["Man", "Man"]
    page = collapsed(client.get(response["Location"]))
    # 4 women at 0% and 4 men at 50% for 2 seats, in a pool of 8: any chance
    # or count shown would tell there are at least 2 men, so no group is shown.
    assert "The chances of the groups of volunteers are not shown" in page
    assert _chance_table(page) == []
    chances = Selection.objects.get(pk=selection.pk).chances["groups"]
    assert [(g["answers"], g["volunteers"]) for g in chances] == [
        (["Woman"], 4),
        (["Man"], 4),
    ]
    assert abs(chances[0]["chance"]) < 1e-9 and abs(chances[1]["chance"] - 0.5) < 1e-9


def test_an_erased_account_leaves_no_id_in_any_draw(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    """A volunteer who erases their account is unlinked from every snapshot they
    were in, and the draw still repeats the same."""
    panel = _panel(organisation, "Gender,Woman,1,1\nGender,Man,1,1\n")
    _volunteers(organisation, panel, [("Woman", YOUNG), ("Man", OLD)] * 3)
    client.force_login(people["commissioner"])
    response = post_draw(
        client, _url("select", panel), {"size": "2", "method": "leximin"}
    )
    assert response.status_code == 302
    selection = Selection.objects.get(panel=panel)
    drawn = _drawn(selection)
    leaver = panel.volunteers.exclude(user_id__in=drawn).first().user
    assert leaver.pk in selection.snapshot["people"]
    client.force_login(leaver)
    erased = client.post(reverse("participation:erase"), {"confirm": "erase"})
    assert erased.status_code == 302
    snapshot = Selection.objects.get(pk=selection.pk).snapshot
    assert leaver.pk not in snapshot["people"]
    assert snapshot["people"].count(None) == 1
    client.force_login(people["commissioner"])
    repeat = _url("selection_repeat", panel, selection_pk=selection.pk)
    page = collapsed(client.post(repeat))
    assert "The repeat gave the same panel: the same people, seat for seat." in page


@pytest.mark.parametrize("method", ["leximin", "stratified"])
def test_where_an_erased_person_stood_in_a_snapshot_gives_nothing_away(
    client: Client, organisation: Organisation, people: dict[str, User], method: str
) -> None:
    """The pool's places are a random order, not the order of ids: the place an
    erased volunteer leaves empty lies between nobody in particular, and a
    repeat still seats the same people. (A pool of 12 lands in id order by
    chance once in 479 million draws.)"""
    panel = _panel(organisation, "Gender,Woman,2,2\nGender,Man,2,2\n")
    _volunteers(organisation, panel, [("Woman", YOUNG), ("Man", OLD)] * 6)
    client.force_login(people["commissioner"])
    response = post_draw(client, _url("select", panel), {"size": "4", "method": method})
    assert response.status_code == 302
    selection = Selection.objects.get(panel=panel)
    drawn = _drawn(selection)
    snapshot = selection.snapshot
    assert snapshot["version"] == 2
    assert sorted(snapshot["people"]) != snapshot["people"]
    assert {snapshot["people"][place] for place in snapshot["selected"]} == drawn
    leaver = panel.volunteers.exclude(user_id__in=drawn).first().user
    client.force_login(leaver)
    assert (
        client.post(reverse("participation:erase"), {"confirm": "erase"}).status_code
        == 302
    )
    after = Selection.objects.get(pk=selection.pk).snapshot
    assert leaver.pk not in after["people"]
    empty = after["people"].index(None)
    # Nothing else moved: the same answers at the same places, the ids left in
    # the same random order around the empty place.
    assert after["pool"] == snapshot["pool"]
    assert [p for p in after["people"] if p is not None] == [
        p for p in snapshot["people"] if p != leaver.pk
    ]
    assert snapshot["people"][empty] == leaver.pk
    client.force_login(people["commissioner"])
    page = collapsed(
        client.post(_url("selection_repeat", panel, selection_pk=selection.pk))
    )
    assert "The repeat gave the same panel: the same people, seat for seat." in page
