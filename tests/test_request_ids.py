"""Ids and numbers read from query strings and POST fields: a Unicode digit
("²" passes ``str.isdigit()``, ``int()`` refuses it), a number beyond ``bigint`` or
a word is treated as "no such thing", never a server error. These are the
places an outside review found answering 500."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from tests import inventory

pytestmark = pytest.mark.django_db

HOSTILE = ["²", "٣x", "1" + "0" * 30, "abc", "-4"]

#: (URL name, role, method, parameter, the answer to a value that is not an id).
#: 404: the thing asked for does not exist; 200: the page ignores the value.
CASES = [
    ("taking_part:get_involved", "anonymous", "GET", "cycle", 404),
    ("cycles:decision_new", "commissioner", "GET", "corrects", 404),
    ("cycles:need_new", "commissioner", "GET", "survey", 200),
    ("cycles:activity_new", "commissioner", "GET", "entry", 200),
    ("outcomes:measurement_from_survey", "commissioner", "GET", "question", 200),
    ("outcomes:measurement_from_survey", "commissioner", "POST", "question", 400),
    ("outcomes:framework_new", "commissioner", "GET", "cycle", 200),
    ("panels:new", "commissioner", "GET", "cycle", 200),
    ("contracts:new", "commissioner", "GET", "cycle", 200),
    ("contracts:return_new", "provider", "GET", "again", 200),
    ("surveys:new", "commissioner", "GET", "activity", 404),
    ("surveys:ballot_new", "commissioner", "GET", "activity", 404),
    ("reports:new", "commissioner", "POST", "subject", 404),
]


@pytest.fixture
def demo() -> dict[str, inventory.Entry]:
    call_command("seed_demo", stdout=io.StringIO())
    return {entry.name: entry for entry in inventory.entries()}


def _send(role: str, method: str, url: str, data: dict[str, Any]) -> int:
    client = inventory.client_for(role)
    return inventory.request_rolled_back(client, method, url, data).status_code


def test_ids_that_are_not_ids_are_no_such_thing(
    demo: dict[str, inventory.Entry],
) -> None:
    """Each query or POST id that answered 500 now answers 404 (nothing by that
    id) or the page without it."""
    wrong = []
    for name, role, method, param, expected in CASES:
        entry = demo[name]
        for value in HOSTILE:
            data = {param: value}
            if name == "reports:new":
                data["kind"] = "cycle"
            status = _send(role, method, entry.url, data)
            if status != expected:
                wrong.append(f"{method} {entry.url} {param}={value!r}: {status}")
    assert wrong == []


def test_ballot_options_that_are_not_ids_are_left_out(
    demo: dict[str, inventory.Entry],
) -> None:
    """A vote naming options as "²" or beyond bigint counts as choosing nothing:
    the ballot page says so, with no vote stored twice or broken."""
    from surveys.models import Vote

    url = demo["ballot_vote"].url
    before = Vote.objects.count()
    for value in HOSTILE:
        status = _send("citizen", "POST", url, {"options": [value, value]})
        assert status in {200, 400}, (value, status)
    assert Vote.objects.count() == before


def test_a_meeting_action_that_is_not_an_id_is_not_found(
    demo: dict[str, inventory.Entry],
) -> None:
    """Ticking off a meeting action by a malformed id is a 404."""
    url = demo["panels:meeting"].url
    for value in HOSTILE:
        status = _send("commissioner", "POST", url, {"form": "done", "action": value})
        assert status == 404, (value, status)


def test_attendance_rows_with_malformed_people_are_skipped(
    demo: dict[str, inventory.Entry],
) -> None:
    """Attendance posted for "needs_²" or a huge id leaves those rows out."""
    url = demo["panels:meeting"].url
    for value in HOSTILE:
        status = _send(
            "commissioner",
            "POST",
            url,
            {"form": "attendance", f"needs_{value}": "", f"attended_{value}": "yes"},
        )
        assert status < 500, (value, status)
