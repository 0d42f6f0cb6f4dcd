"""A report can be made in Welsh: the choice on the request form, kept on the job,
and the HTML, PDF and XLSX all written in it."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from reports.models import Report
from tests.cycles.factories import CycleFactory

pytestmark = pytest.mark.django_db


def _files(
    client: Client, organisation: Organisation, report: Report
) -> dict[str, bytes]:
    def download(fmt: str) -> bytes:
        url = reverse(
            "reports:file",
            kwargs={"org_slug": organisation.slug, "pk": report.pk, "fmt": fmt},
        )
        response = client.get(url)
        assert response.status_code == 200, fmt
        return b"".join(response.streaming_content)

    return {fmt: download(fmt) for fmt in ("html", "pdf", "xlsx")}


def test_the_request_form_offers_the_language_and_a_welsh_report_is_welsh(
    organisation: Organisation,
    people: dict[str, User],
    django_capture_on_commit_callbacks: Any,
) -> None:
    cycle = CycleFactory(organisation=organisation, title="Respite care")
    client = Client()
    client.force_login(people["commissioner"])
    page = " ".join(client.get(cycle.get_absolute_url()).content.decode().split())
    assert 'name="language" type="radio" value="cy"' in page
    assert "Language of the report" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/o/{organisation.slug}/reports/new/",
            {"kind": "cycle", "subject": cycle.pk, "language": "cy"},
        )
    report = Report.objects.get()
    assert report.language == "cy" and report.status == "done"
    files = _files(client, organisation, report)
    html = " ".join(files["html"].decode().split())
    assert (
        "Contractau a'u monitro" in html
        and "Contracts and their monitoring" not in html
    )
    reader = PdfReader(io.BytesIO(files["pdf"]))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Contractau a'u monitro" in text
    workbook = load_workbook(io.BytesIO(files["xlsx"]), read_only=True)
    assert (
        "Dangosyddion" in workbook.sheetnames
        and "Indicators" not in workbook.sheetnames
    )


def test_an_english_report_stays_english(
    organisation: Organisation,
    people: dict[str, User],
    django_capture_on_commit_callbacks: Any,
) -> None:
    cycle = CycleFactory(organisation=organisation, title="Respite care")
    client = Client()
    client.force_login(people["commissioner"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/o/{organisation.slug}/reports/new/",
            {"kind": "cycle", "subject": cycle.pk, "language": "en-gb"},
        )
    report = Report.objects.get()
    workbook = load_workbook(
        io.BytesIO(_files(client, organisation, report)["xlsx"]), read_only=True
    )
    assert "Indicators" in workbook.sheetnames
