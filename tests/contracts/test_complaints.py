"""The complaints log: recording without personal data, and the patterns."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from contracts.complaints import complaint_patterns
from contracts.models import Complaint, ComplaintOutcome
from panels.models import Panel, PanelMember
from tests.contracts.factories import make_contract, make_provider
from tests.panels.factories import consenting_citizen

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


def _add(contract: Any, received: datetime.date, category: str, **fields: Any) -> None:
    Complaint.objects.create(
        contract=contract, received_on=received, category=category, **fields
    )


def test_patterns_by_quarter_with_upheld_share_and_median_days(
    organisation: Organisation,
) -> None:
    contract = make_contract(organisation)
    for day in (1, 2, 3, 4):  # four access complaints this quarter
        _add(
            contract,
            datetime.date(2026, 10, day),
            "access",
            outcome=ComplaintOutcome.UPHELD,
            resolved_on=datetime.date(2026, 10, day + 2 * day),
        )
    _add(contract, datetime.date(2026, 5, 1), "access")  # one the quarter before last
    _add(
        contract,
        datetime.date(2025, 2, 1),
        "staff",
        outcome=ComplaintOutcome.NOT_UPHELD,
        resolved_on=datetime.date(2025, 2, 11),
    )
    _add(contract, datetime.date(2020, 1, 1), "staff")  # older than eight quarters
    patterns = complaint_patterns(contract, today=TODAY)
    assert patterns.quarters[0] == datetime.date(2025, 1, 1)
    assert patterns.quarters[-1] == datetime.date(2026, 10, 1)
    access, staff = patterns.categories
    assert access.by_quarter == [0, 0, 0, 0, 0, 1, 0, 4]
    assert (access.total, access.upheld, access.median_days) == (5, 4, 5.0)
    assert access.rising  # 4 now against an average of 0.25 before
    assert staff.by_quarter == [1, 0, 0, 0, 0, 0, 0, 0]
    assert (staff.total, staff.upheld, staff.median_days) == (2, 0, 10)
    assert not staff.rising
    assert (patterns.total, patterns.still_open) == (7, 2)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    offsets=st.lists(st.integers(0, 1500), max_size=30),
    category=st.sampled_from(["access", "staff", "safety"]),
)
def test_every_recent_complaint_is_counted_once(
    organisation: Organisation, offsets: list[int], category: str
) -> None:
    contract = make_contract(organisation)
    for offset in offsets:
        _add(contract, TODAY - datetime.timedelta(days=offset), category)
    patterns = complaint_patterns(contract, today=TODAY)
    recent = sum(
        1 for o in offsets if TODAY - datetime.timedelta(days=o) >= patterns.quarters[0]
    )
    assert sum(sum(c.by_quarter) for c in patterns.categories) == recent
    assert patterns.total == len(offsets)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_recording_with_clear_errors_and_who_may(
    organisation: Organisation,
    other_organisation: Organisation,
    people: dict[str, User],
    make_member: Any,
) -> None:
    panel = Panel.objects.create(organisation=organisation, name="Monitors")
    monitor = consenting_citizen(organisation)
    PanelMember.objects.create(panel=panel, user=monitor, status="active")
    provider = make_provider(
        organisation, "Peer Pathways", representatives=[people["provider"].email]
    )
    contract = make_contract(organisation, [provider], monitoring_panel=panel)
    url = f"{contract.get_absolute_url()}complaints/"
    team = _client(people["commissioner"])
    wrong = team.post(
        url,
        {
            "received_on": "2026-10-10",
            "category": "access",
            "outcome": "upheld",
            "summary": "Waited six weeks",
        },
    )
    assert wrong.status_code == 400
    assert "Enter the date it was resolved" in wrong.content.decode()
    assert "Waited six weeks" in wrong.content.decode()
    backwards = team.post(
        url,
        {
            "received_on": "2026-10-10",
            "resolved_on": "2026-10-01",
            "category": "access",
            "outcome": "upheld",
        },
    )
    assert "on or after the date received" in backwards.content.decode()
    future = team.post(url, {"received_on": "2099-01-01", "category": "staff"})
    assert "cannot be in the future" in future.content.decode()
    assert (
        team.post(url, {"received_on": "2026-10-10", "category": "staff"}).status_code
        == 302
    )
    rep = _client(people["provider"])
    assert (
        rep.post(url, {"received_on": "2026-10-11", "category": "staff"}).status_code
        == 302
    )
    assert Complaint.objects.count() == 2
    # The monitoring panel scrutinises the patterns but does not record.
    citizen = _client(monitor)
    page = citizen.get(url).content.decode()
    assert "By category and quarter" in page and "Record a complaint" not in page
    assert (
        citizen.post(
            url, {"received_on": "2026-10-12", "category": "staff"}
        ).status_code
        == 403
    )
    assert _client(people["citizen"]).get(url).status_code == 404
    assert _client(make_member("admin", other_organisation)).get(url).status_code == 404


def test_the_page_costs_the_same_with_many_complaints(
    organisation: Organisation, people: dict[str, User]
) -> None:
    contract = make_contract(organisation)
    team = _client(people["commissioner"])
    url = f"{contract.get_absolute_url()}complaints/"

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert team.get(url).status_code == 200
        return len(context)

    _add(contract, TODAY, "access")
    few = queries()
    for offset in range(200):
        _add(contract, TODAY - datetime.timedelta(days=offset * 3), "quality")
    assert queries() == few
