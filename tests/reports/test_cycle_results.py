"""The cycle report carries the results (issue #16): every outcome, saying
plainly where none measures it; each indicator's latest value with its date and
source, its trend with the figures, its cost per unit; every contract with what
its monitoring found. Read from the files the team downloads."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from contracts.models import MonitoringIssue, MonitoringMeeting
from outcomes.models import Indicator, Outcome, OutcomeBeneficiary
from outcomes.services import framework_create, measurement_record
from panels.models import Meeting, Panel
from reports.models import Report
from tests.contracts.factories import make_contract
from tests.cycles.factories import CycleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_files(
    organisation: Organisation,
    people: dict[str, User],
    django_capture_on_commit_callbacks: Any,
) -> dict[str, Any]:
    by = people["commissioner"]
    cycle = CycleFactory(organisation=organisation, by=by, title="Carers' breaks")
    framework = framework_create(organisation=organisation, by=by, title="Carers")
    framework.cycle = cycle
    framework.save()
    measured = Outcome.objects.create(
        framework=framework, statement="Carers rest", value_types=["user", "social"]
    )
    OutcomeBeneficiary.objects.create(
        outcome=measured, body="GP practices", how="fewer carer crises"
    )
    Outcome.objects.create(framework=framework, statement="Carers stay in work")
    nights = Indicator.objects.create(
        outcome=measured,
        name="Nights of respite",
        unit="nights",
        baseline_value=Decimal(100),
        baseline_date=datetime.date(2024, 1, 1),
        target_value=Decimal(300),
        target_date=datetime.date(2027, 1, 1),
        attributed_cost=Decimal(20000),
    )
    Indicator.objects.create(outcome=measured, name="Carers asked", unit="people")
    for month in range(1, 11):
        measurement_record(
            indicator=nights,
            by=by,
            period_end=datetime.date(2025, month, 28),
            value=Decimal(100 + month * 10),
            source="routine" if month < 10 else "survey",
        )
    panel = Panel.objects.create(
        organisation=organisation, name="Carers' monitors", kind="user_group"
    )
    contract = make_contract(
        organisation, cycle=cycle, title="Short breaks", monitoring_panel=panel
    )
    meeting = Meeting.objects.create(
        panel=panel,
        title="Spring check",
        starts_at=datetime.datetime(2025, 4, 2, 18, tzinfo=datetime.UTC),
    )
    monitoring = MonitoringMeeting.objects.create(contract=contract, meeting=meeting)
    MonitoringIssue.objects.create(monitoring_meeting=monitoring, text="Late buses")
    client = Client()
    client.force_login(by)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/o/{organisation.slug}/reports/new/",
            {"kind": "cycle", "subject": cycle.pk},
        )
    report = Report.objects.get()

    def download(fmt: str) -> bytes:
        response = client.get(
            reverse(
                "reports:file",
                kwargs={"org_slug": organisation.slug, "pk": report.pk, "fmt": fmt},
            )
        )
        assert response.status_code == 200, fmt
        return b"".join(response.streaming_content)

    return {fmt: download(fmt) for fmt in ("html", "pdf", "xlsx")}


def test_the_html_report_carries_every_outcome_latest_values_and_contracts(
    report_files: dict[str, Any],
) -> None:
    page = re.sub(r"\s+", " ", report_files["html"].decode())
    outcomes = page.split('id="outcomes"')[1].split('id="contracts"')[0]
    rest = outcomes.split("<h3>Carers rest</h3>")[1].split("<h4>")[0]
    assert "Who else benefits: GP practices (fewer carer crises)." in rest
    assert "Social value: for the community" in rest
    # The outcome nothing measures is there, saying so.
    unmeasured = outcomes.split("Carers stay in work")[1]
    assert "No indicator yet" in unmeasured
    nights = outcomes.split("<h4>Nights of respite")[1].split("<h4>Carers asked")[0]
    assert "200 for the period to 28 October 2025 (" in nights
    assert "Survey" in nights.split("200 for the period")[1][:40]
    assert "Cost per unit" in nights and "£200.00" in nights  # £20,000 / 100 nights
    assert "<polyline" in nights
    # The last eight figures under the trend, and a word on the rest.
    figures = re.findall(r'<td class="num">(\d+)</td>', nights)
    assert figures[-8:] == [str(100 + m * 10) for m in range(3, 11)]
    assert "2 earlier figures are in the data annex." in nights
    asked = outcomes.split("<h4>Carers asked")[1]
    assert "Not measured yet" in asked
    contracts = page.split('id="contracts"')[1].split('id="governance"')[0]
    assert "Short breaks" in contracts
    held = re.search(r"Monitoring meetings held</th> ?<td[^>]*>(\d+)<", contracts)
    assert held and held.group(1) == "1"
    assert re.search(
        r"Issues citizens raised \(still open\)</th> ?<td[^>]*>1 \(1\)<", contracts
    )


def test_the_pdf_and_the_annex_carry_the_same_results(
    report_files: dict[str, Any],
) -> None:
    reader = PdfReader(io.BytesIO(report_files["pdf"]))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Contracts and their monitoring" in text
    assert "No indicator yet" in text
    assert "200 for the period to 28 October 2025" in text

    workbook = load_workbook(io.BytesIO(report_files["xlsx"]), read_only=True)
    rows = list(workbook["Indicators"].iter_rows(values_only=True))
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["No indicator yet"][0] == "Carers stay in work"
    nights = by_name["Nights of respite"]
    assert (
        nights[5] == 200 and nights[6] == "2025-10-28" and nights[7] == "Survey result"
    )
    assert nights[9] == 200
    assert by_name["Carers asked"][5] is None
    measurements = list(workbook["Measurements"].iter_rows(values_only=True))[1:]
    assert len(measurements) == 10  # all of them, not only the last eight
    contracts = list(workbook["Contracts"].iter_rows(values_only=True))
    assert contracts[1][0] == "Short breaks"
    assert contracts[1][5:8] == (1, 1, 1)
