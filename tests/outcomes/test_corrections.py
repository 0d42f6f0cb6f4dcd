"""Correcting and withdrawing measurements through the indicator's page: each with
a reason kept in the history and shown; a withdrawn measurement counts nowhere."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from cycles.models import Cycle
from outcomes.models import Indicator, Measurement, Outcome, OutcomesFramework
from outcomes.services import (
    framework_create,
    indicator_save,
    measurement_record,
    outcome_save,
)
from tests.cycles.factories import CycleFactory

pytestmark = pytest.mark.django_db

JAN = datetime.date(2026, 1, 31)
MAR = datetime.date(2026, 3, 31)


def _text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def cycle(organisation: Organisation, people: dict[str, User]) -> Cycle:
    return CycleFactory(organisation=organisation, by=people["commissioner"])


@pytest.fixture
def framework(
    organisation: Organisation, people: dict[str, User], cycle: Cycle
) -> OutcomesFramework:
    return framework_create(
        organisation=organisation,
        by=people["commissioner"],
        title="The Big Three",
        cycle=cycle,
    )


@pytest.fixture
def indicator(framework: OutcomesFramework, people: dict[str, User]) -> Indicator:
    by = people["commissioner"]
    outcome = outcome_save(
        outcome=Outcome(framework=framework, statement="People recover"), by=by
    )
    return indicator_save(
        indicator=Indicator(
            outcome=outcome,
            name="Referrals",
            unit="a month",
            target_value=Decimal(50),
        ),
        by=by,
    )


def _record(indicator: Indicator, by: User, day: datetime.date, value: str) -> Any:
    return measurement_record(
        indicator=indicator,
        by=by,
        period_end=day,
        value=Decimal(value),
        source="routine",
    )


def _url(name: str, indicator: Indicator, **kwargs: object) -> str:
    framework = indicator.outcome.framework
    return reverse(
        f"outcomes:{name}",
        kwargs={
            "org_slug": framework.organisation.slug,
            "pk": framework.pk,
            "indicator_pk": indicator.pk,
            **kwargs,
        },
    )


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_indicator_page_offers_correct_and_withdraw(
    indicator: Indicator, people: dict[str, User]
) -> None:
    """Each measurement on the indicator's page has its Correct and Withdraw links
    for the team who may change the framework, and none for those who may not."""
    measurement = _record(indicator, people["commissioner"], JAN, "12")
    page = _text(_client(people["commissioner"]).get(_url("indicator", indicator)))
    assert _url("measurement_correct", indicator, measurement_pk=measurement.pk) in page
    assert (
        _url("measurement_withdraw", indicator, measurement_pk=measurement.pk) in page
    )
    viewer = _text(_client(people["decision_maker"]).get(_url("indicator", indicator)))
    assert "/correct/" not in viewer and "/withdraw/" not in viewer


def test_a_correction_changes_the_value_and_keeps_the_old_one_and_the_reason(
    indicator: Indicator, people: dict[str, User]
) -> None:
    """Correcting with a reason shows the new value; the old value, the reason,
    who and when are in the history on the indicator's page."""
    measurement = _record(indicator, people["commissioner"], JAN, "12")
    team = _client(people["commissioner"])
    url = _url("measurement_correct", indicator, measurement_pk=measurement.pk)
    form = _text(team.get(url))
    assert "Reason for the correction" in form and 'value="12"' in form
    answer = team.post(
        url,
        {
            "period_end": "2026-01-31",
            "value": "21",
            "source": "routine",
            "note": "",
            "reason": "Digits swapped when typed in",
        },
    )
    assert answer.status_code == 302
    assert answer["Location"] == _url("indicator", indicator)
    measurement.refresh_from_db()
    assert measurement.value == Decimal(21)
    page = _text(team.get(_url("indicator", indicator)))
    assert "Measurement corrected." in page
    assert "The value for 31 Jan 2026 was corrected on" in page
    assert "value from 12 to 21" in page
    assert "Corrected: Digits swapped when typed in" in page
    assert "Digits swapped when typed in" in page
    assert str(people["commissioner"]) in page.split("Corrections and withdrawals")[1]


def test_a_correction_without_a_reason_is_refused_beside_the_field(
    indicator: Indicator, people: dict[str, User]
) -> None:
    """No reason: the message is beside the field, what was typed is kept and the
    measurement is unchanged. A value that is not a number: the same."""
    measurement = _record(indicator, people["commissioner"], JAN, "12")
    team = _client(people["commissioner"])
    url = _url("measurement_correct", indicator, measurement_pk=measurement.pk)
    data = {"period_end": "2026-01-31", "value": "21", "source": "routine"}
    answer = team.post(url, {**data, "reason": "   "})
    page = _text(answer)
    assert answer.status_code == 400
    assert "<title>Error:" in page
    assert "govuk-error-summary" in page
    assert 'id="id_reason-error"' in page or "govuk-error-message" in page
    assert "Say why you are correcting the measurement" in page
    assert 'value="21"' in page
    answer = team.post(url, {**data, "value": "about 40", "reason": "Typo"})
    page = _text(answer)
    assert answer.status_code == 400
    assert "Enter the value as a number" in page
    assert 'value="about 40"' in page and "Typo</textarea>" in page
    measurement.refresh_from_db()
    assert measurement.value == Decimal(12)


def test_a_correction_onto_a_period_already_recorded_is_refused(
    indicator: Indicator, people: dict[str, User]
) -> None:
    """Moving a value onto another period that has one is refused beside the date."""
    measurement = _record(indicator, people["commissioner"], JAN, "12")
    _record(indicator, people["commissioner"], MAR, "14")
    answer = _client(people["commissioner"]).post(
        _url("measurement_correct", indicator, measurement_pk=measurement.pk),
        {
            "period_end": "2026-03-31",
            "value": "12",
            "source": "routine",
            "reason": "Wrong month",
        },
    )
    assert answer.status_code == 400
    assert "There is already a value for this period" in _text(answer)


def test_withdrawing_needs_a_reason_and_confirmation(
    indicator: Indicator, people: dict[str, User]
) -> None:
    """The withdraw page asks for confirmation; without a reason nothing happens."""
    measurement = _record(indicator, people["commissioner"], JAN, "12")
    team = _client(people["commissioner"])
    url = _url("measurement_withdraw", indicator, measurement_pk=measurement.pk)
    page = _text(team.get(url))
    assert "Withdraw the measurement for the period ending 31 January 2026" in page
    assert "Reason for withdrawing it" in page
    answer = team.post(url, {"reason": ""})
    assert answer.status_code == 400
    assert "Say why you are withdrawing the measurement" in _text(answer)
    assert Measurement.objects.filter(pk=measurement.pk).exists()


def _withdraw(indicator: Indicator, measurement: Any, by: User) -> None:
    answer = _client(by).post(
        _url("measurement_withdraw", indicator, measurement_pk=measurement.pk),
        {"reason": "The provider counted referrals twice"},
    )
    assert answer.status_code == 302


def test_a_withdrawn_measurement_counts_nowhere_but_stays_listed_to_the_team(
    organisation: Organisation,
    cycle: Cycle,
    indicator: Indicator,
    people: dict[str, User],
    django_capture_on_commit_callbacks: Any,
) -> None:
    """After withdrawal the earlier value is the latest again on the indicator,
    framework, scorecard, public outcomes and contract pages, the cycle report and
    the open data; the team still sees the withdrawn one with its reason."""
    from reports.open_data import open_data_zip
    from reports.services import report_request

    by = people["commissioner"]
    _record(indicator, by, JAN, "12")
    wrong = _record(indicator, by, MAR, "987654")
    cycle.visibility = "public"
    cycle.save()
    team = _client(by)
    urls = {
        "indicator": _url("indicator", indicator),
        "framework": indicator.outcome.framework.get_absolute_url(),
        "scorecard": reverse(
            "outcomes:scorecard",
            kwargs={"org_slug": organisation.slug, "cycle_pk": cycle.pk},
        ),
        "public": reverse(
            "public_outcomes", kwargs={"org_slug": organisation.slug, "pk": cycle.pk}
        ),
    }
    before = {name: _text(team.get(url)) for name, url in urls.items()}
    assert all("Target reached" in page for page in before.values()), before.keys()
    assert "987654" in before["framework"]

    _withdraw(indicator, wrong, by)

    after = {name: _text(team.get(url)) for name, url in urls.items()}
    for name, page in after.items():
        assert "Target reached" not in page, name
        assert "Not yet reached" in page, name
    for name in ("framework", "scorecard", "public"):
        assert "987654" not in after[name] and "987,654" not in after[name], name
    # The team still sees it, withdrawn, with the reason.
    listed = after["indicator"].split("Withdrawn measurements")[-1]
    assert "987654" in listed and "The provider counted referrals twice" in listed
    measured = after["indicator"].split("Withdrawn measurements")[0]
    assert "987654" not in measured.split("<caption")[-1]
    # The cycle report and the open data leave it out too.
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(
            organisation=organisation, kind="cycle", subject=cycle, by=by
        )
    report.refresh_from_db()
    with report.html.open("rb") as handle:
        html = re.sub(r"\s+", " ", handle.read().decode())
    assert "Not yet reached" in html and "Target reached" not in html
    with zipfile.ZipFile(io.BytesIO(open_data_zip(organisation))) as package:
        indicators_csv = package.read("indicators.csv").decode()
    assert "987654" not in indicators_csv and "Referrals" in indicators_csv


def test_a_withdrawn_measurement_is_left_out_of_every_reading_query(
    indicator: Indicator, people: dict[str, User]
) -> None:
    """The default manager, the indicator's measurements and ``with_latest`` (which
    the scorecard, reports, contract pages and exports read) all leave it out."""
    by = people["commissioner"]
    _record(indicator, by, JAN, "12")
    wrong = _record(indicator, by, MAR, "987654")
    _withdraw(indicator, wrong, by)
    assert list(Measurement.objects.values_list("value", flat=True)) == [Decimal(12)]
    assert [m.value for m in indicator.measurements.all()] == [Decimal(12)]
    latest = Indicator.objects.with_latest().get(pk=indicator.pk)
    assert latest.latest_value == Decimal(12)  # type: ignore[attr-defined]
    assert Measurement.with_withdrawn.count() == 2


def test_a_new_value_for_a_withdrawn_period_is_accepted(
    indicator: Indicator, people: dict[str, User]
) -> None:
    """After withdrawal the period is free: by the form and by an import."""
    by = people["commissioner"]
    wrong = _record(indicator, by, MAR, "987654")
    _withdraw(indicator, wrong, by)
    team = _client(by)
    answer = team.post(
        _url("measurement_add", indicator),
        {"period_end": "2026-03-31", "value": "41", "source": "routine"},
    )
    assert answer.status_code == 302
    assert indicator.measurements.get().value == Decimal(41)
    _withdraw(indicator, indicator.measurements.get(), by)
    upload = SimpleUploadedFile(
        "m.csv", b"period_end,value\n2026-03-31,42\n", content_type="text/csv"
    )
    answer = team.post(_url("measurement_import", indicator), {"file": upload})
    assert answer.status_code == 302
    assert indicator.measurements.get().value == Decimal(42)
    assert Measurement.with_withdrawn.filter(indicator=indicator).count() == 3


def test_a_second_value_for_a_period_links_to_correcting_the_first(
    indicator: Indicator, people: dict[str, User]
) -> None:
    """The form and the import both refuse a second value and link to correcting
    the one recorded, keeping what was typed."""
    measurement = _record(indicator, people["commissioner"], JAN, "12")
    team = _client(people["commissioner"])
    link = _url("measurement_correct", indicator, measurement_pk=measurement.pk)
    answer = team.post(
        _url("measurement_add", indicator),
        {"period_end": "2026-01-31", "value": "13", "source": "routine"},
    )
    page = _text(answer)
    assert answer.status_code == 400
    assert "Correct that one instead" in page
    assert f'href="{link}"' in page
    assert 'value="13"' in page
    upload = SimpleUploadedFile(
        "m.csv", b"period_end,value\n2026-01-31,13\n", content_type="text/csv"
    )
    answer = team.post(_url("measurement_import", indicator), {"file": upload})
    page = _text(answer)
    assert answer.status_code == 400
    assert "Nothing was imported" in page and "correct that one instead" in page
    assert f'href="{link}"' in page


@pytest.mark.parametrize("name", ["measurement_correct", "measurement_withdraw"])
def test_only_the_team_who_change_frameworks_correct_or_withdraw(
    name: str,
    indicator: Indicator,
    people: dict[str, User],
    other_organisation: Organisation,
    make_member: Any,
) -> None:
    """Another organisation's admin and a citizen get 404, an outsider 404, a
    provider 404 and a decision maker 403; nothing changes. A withdrawn
    measurement has no correct or withdraw page."""
    measurement = _record(indicator, people["commissioner"], JAN, "12")
    url = _url(name, indicator, measurement_pk=measurement.pk)
    data = {
        "period_end": "2026-01-31",
        "value": "99",
        "source": "routine",
        "reason": "Because",
    }
    expected = {
        "citizen": 404,
        "provider": 404,
        "outsider": 404,
        "decision_maker": 403,
    }
    for role, status in expected.items():
        client = _client(people[role])
        assert client.get(url).status_code == status, role
        assert client.post(url, data).status_code == status, role
    stranger = _client(make_member("admin", other_organisation))
    assert stranger.get(url).status_code == 404
    assert stranger.post(url, data).status_code == 404
    assert Client().post(url, data).status_code == 302  # to sign in
    measurement.refresh_from_db()
    assert measurement.value == Decimal(12) and not measurement.withdrawn
    _withdraw(indicator, measurement, people["commissioner"])
    assert _client(people["commissioner"]).get(url).status_code == 404


def test_the_cycle_audit_trail_shows_corrections_and_withdrawals(
    organisation: Organisation,
    cycle: Cycle,
    indicator: Indicator,
    people: dict[str, User],
) -> None:
    """The cycle's audit trail lists a correction and a withdrawal of its
    measurements with who and why; a value only recorded is not listed."""
    by = people["commissioner"]
    first = _record(indicator, by, JAN, "12")
    second = _record(indicator, by, MAR, "14")
    _client(by).post(
        _url("measurement_correct", indicator, measurement_pk=first.pk),
        {
            "period_end": "2026-01-31",
            "value": "21",
            "source": "routine",
            "reason": "Digits swapped",
        },
    )
    _withdraw(indicator, second, by)
    page = _text(
        _client(people["admin"]).get(
            reverse(
                "cycles:history",
                kwargs={"org_slug": organisation.slug, "pk": cycle.pk},
            )
        )
    )
    changed = page.split("Measurement changed: Referrals: 21.000 (2026-01-31)")[1]
    assert "Why: Digits swapped" in changed.split("</li>")[0].split("</td>")[0]
    assert "Why: The provider counted referrals twice" in page
    assert "Measurement created" not in page
