"""The draw's page shows how many volunteers share each combination of answers
for the quota categories (often equalities data) under the house rule for small
numbers (#20), tested as an attacker would: everything the page prints (the
pool, who gave no answer, the seats, each group's count and chance) goes into
an integer programme, and no group of 1 to 4 can be pinned below that band."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import highspy
import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from panels.models import Selection
from tests.panels.factories import post_draw
from tests.panels.test_fair_draw import (
    OLD,
    YOUNG,
    _chance_table,
    _panel,
    _url,
    _volunteers,
    collapsed,
)

pytestmark = pytest.mark.django_db

INF = highspy.kHighsInf


def _read_page(page: str) -> dict[str, Any]:
    """Every figure about the groups that the page prints."""
    pool = int(re.search(r"Volunteers in the pool</dt> <dd[^>]*> ?(\d+)", page)[1])
    seats = int(re.search(r"<h1[^>]*> ?(\d+) (?:people|person) selected", page)[1])
    considered = re.search(r"considered \((\d+|fewer than 5|hidden) in all\)", page)[1]
    lowest = float(re.search(r"smallest chance of selection was ([\d.]+)%", page)[1])
    left_out = [int(n) for n in re.findall(r"(\d+) gave no answer for", page)]
    return {
        "pool": pool,
        "seats": seats,
        "considered": considered,
        "lowest": lowest / 100,
        "left_out": left_out,
        "rows": _chance_table(page),
    }


def _reaches(seen: dict[str, Any], row: int, low: float, high: float) -> bool:
    """Whether some numbers agreeing with everything printed put ``row``'s
    count between ``low`` and ``high``. A group's count times its chance is a
    continuous y between the count times the least and most its chance can be
    (printed to 0.1%; withheld: from the smallest chance stated to 1)."""
    rows = seen["rows"]
    n = len(rows)
    h = highspy.Highs()
    h.silent()
    bounds = []
    for _who, count, _p in rows:
        if isinstance(count, int):
            bounds.append((count, count))
        elif count == "fewer than 5":
            bounds.append((1, 4))
        else:
            bounds.append((0, INF))
    bounds[row] = (max(low, bounds[row][0]), min(high, bounds[row][1]))
    if bounds[row][0] > bounds[row][1]:
        return False
    for lo, hi in bounds:  # counts
        h.addVar(lo, hi)
    h.changeColsIntegrality(n, list(range(n)), [highspy.HighsVarType.kInteger] * n)
    for _i in range(n):  # count x chance
        h.addVar(0, INF)
    for i, (_who, _count, percent) in enumerate(rows):
        if percent is None:
            least, most = seen["lowest"] - 0.0005, 1.0
        else:
            least, most = percent / 100 - 0.0005, percent / 100 + 0.0005
        h.addRow(0, INF, 2, [n + i, i], [1.0, -max(least, 0.0)])
        h.addRow(-INF, 0, 2, [n + i, i], [1.0, -most])
    h.addRow(seen["seats"], seen["seats"], n, list(range(n, 2 * n)), [1.0] * n)
    everyone = list(range(n))
    if seen["considered"].isdigit():
        total = int(seen["considered"])
        h.addRow(total, total, n, everyone, [1.0] * n)
    # Those considered are the pool less those who gave no answer.
    h.addRow(seen["pool"] - sum(seen["left_out"]), seen["pool"], n, everyone, [1.0] * n)
    for missing in seen["left_out"]:
        h.addRow(-INF, seen["pool"] - missing, n, everyone, [1.0] * n)
    h.run()
    return h.getModelStatus() == highspy.HighsModelStatus.kOptimal


@st.composite
def pools(draw: st.DrawFn) -> tuple[list[tuple[str, str]], str, int]:
    """A pool with some small groups, quotas and seats a panel can meet."""
    genders = ["Woman", "Man"]
    ages = [YOUNG, OLD]
    pool = draw(
        st.lists(
            st.tuples(st.sampled_from(genders), st.sampled_from(ages)),
            min_size=4,
            max_size=16,
        )
    )
    size = draw(st.integers(1, min(5, len(pool) - 1)))
    counts = Counter(g for g, _a in pool)
    rows = "".join(
        f"Gender,{g},0,{draw(st.integers(min(1, counts[g]), size))}\n"
        for g in genders
        if draw(st.booleans())
    )
    return pool, rows, size


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(problem=pools())
def test_no_group_under_five_can_be_counted_from_the_draws_page(
    client: Client,
    organisation: Organisation,
    people: dict[str, User],
    problem: tuple[list[tuple[str, str]], str, int],
) -> None:
    pool, rows, size = problem
    with transaction.atomic():
        panel = _panel(organisation, rows + f"Age band,{YOUNG},0,{size}\n")
        _volunteers(organisation, panel, pool)
        client.force_login(people["commissioner"])
        response = post_draw(
            client, _url("select", panel), {"size": str(size), "method": "leximin"}
        )
        selection = Selection.objects.get(panel=panel)
        if response.status_code == 302 and selection.chances:
            page = collapsed(client.get(response["Location"]))
            if "Chance of selection of" not in page:
                # Too few to show any group safely: none is shown.
                assert "The chances of the groups of volunteers are not shown" in page
                transaction.set_rollback(True)
                return
            seen = _read_page(page)
            truth = {
                "; ".join(
                    f"{c}: {a}"
                    for c, a in zip(
                        selection.chances["categories"], group["answers"], strict=True
                    )
                ): group["volunteers"]
                for group in selection.chances["groups"]
            }
            for i, (who, count, _percent) in enumerate(seen["rows"]):
                true = truth[who]
                if 0 < true < 5:
                    assert not isinstance(count, int), (who, count)
                    assert _reaches(seen, i, 0, 1), (who, seen)
                    assert _reaches(seen, i, 4, INF), (who, seen)
        transaction.set_rollback(True)
