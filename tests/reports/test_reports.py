"""Reports: every kind renders from the demo data as HTML, a tagged PDF with
its sections and page numbers, and an XLSX annex; files are private and expire;
making one again gives the same report."""

from __future__ import annotations

import datetime
import hashlib
import io
import time
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from contracts.models import Contract
from cycles.models import Cycle
from reports.models import Report, ReportStatus
from reports.services import report_make, report_request
from surveys.models import Ballot, Survey
from tests.cycles.factories import CycleFactory

pytestmark = pytest.mark.django_db


def _make(kind: str, subject: Any, by: User, capture: Any) -> Report:
    organisation = (
        subject.organisation
        if kind == "cycle"
        else subject.cycle.organisation
        if kind == "contract"
        else subject.activity.cycle.organisation
    )
    with capture(execute=True):
        report = report_request(
            organisation=organisation, kind=kind, subject=subject, by=by
        )
    report.refresh_from_db()
    return report


def _pdf_text(report: Report) -> str:
    with report.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


SECTIONS = {
    "cycle": [
        "Contents",
        "Phases and activities",
        "The Four Co's",
        "Participation and representativeness",
        "What people told us",
        "How do you use Living Well services?",
        "Decisions",
        "Outcomes and indicators",
        "Contracts and their monitoring",
        "Governance",
        "Risks",
        "Resources",
        "Public value scorecard",
        "The public value equation",
    ],
    "survey": ["Contents", "How do you use Living Well services?"],
    "ballot": ["Contents", "The result by both rules", "Equal Shares"],
    "contract": ["Contents", "Performance", "What citizens found", "Complaints"],
}
SHEETS = {
    "cycle": [
        "Activities",
        "Decisions",
        "Indicators",
        "Measurements",
        "Contracts",
        "Governance",
        "Risks",
        "Resources",
        "Public value equation",
        "Demand and routes",
        "Who gains",
    ],
    "survey": ["Answers"],
    "ballot": ["Options"],
    "contract": ["Indicators", "Citizens' ratings", "Complaints"],
}


def test_every_kind_renders_from_the_demo(
    django_capture_on_commit_callbacks: Any,
) -> None:
    call_command("seed_demo")
    by = User.objects.get(email="commissioner@lambeth.example")
    subjects = {
        "cycle": Cycle.objects.get(title__startswith="Living Well"),
        "survey": Survey.objects.get(title__startswith="How is the Living Well"),
        "ballot": Ballot.objects.get(title="Living Well community fund"),
        "contract": Contract.objects.get(title__startswith="Living Well alliance"),
    }
    for kind, subject in subjects.items():
        report = _make(kind, subject, by, django_capture_on_commit_callbacks)
        assert report.status == ReportStatus.DONE, report.error
        assert report.progress == 100
        text = _pdf_text(report)
        for section in SECTIONS[kind]:
            assert section in text, (kind, section)
        assert "Page 1 of" in text
        with report.pdf.open("rb") as handle:
            root = PdfReader(io.BytesIO(handle.read())).trailer["/Root"]
        assert "/StructTreeRoot" in root  # a tagged PDF, for screen readers
        with report.xlsx.open("rb") as handle:
            workbook = load_workbook(io.BytesIO(handle.read()), read_only=True)
        assert workbook.sheetnames == SHEETS[kind]
        first = next(workbook[SHEETS[kind][0]].iter_rows(values_only=True))
        assert all(first)
        with report.html.open("rb") as handle:
            assert str(subject.title).encode() in handle.read()
    cycle_report = Report.objects.get(kind="cycle")
    with cycle_report.xlsx.open("rb") as handle:
        workbook = load_workbook(io.BytesIO(handle.read()), read_only=True)
    decisions = list(workbook["Decisions"].iter_rows(values_only=True))
    assert any("Big Three" in str(row[2]) for row in decisions[1:])


def test_the_same_inputs_give_the_same_report(
    organisation: Organisation,
    people: dict[str, User],
    django_capture_on_commit_callbacks: Any,
) -> None:
    cycle = CycleFactory(organisation=organisation)
    first = _make(
        "cycle", cycle, people["commissioner"], django_capture_on_commit_callbacks
    )
    time.sleep(1.1)  # saved in a later second: file timestamps must not differ
    second = _make(
        "cycle", cycle, people["commissioner"], django_capture_on_commit_callbacks
    )
    assert first.pk != second.pk
    assert first.fingerprint == second.fingerprint != ""

    def digest(file: Any) -> str:
        with file.open("rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()

    assert digest(first.xlsx) == digest(second.xlsx)
    assert digest(first.html) == digest(second.html)
    # A task delivered twice (a worker died after finishing) changes nothing.
    name = first.pdf.name
    assert report_make(first).pdf.name == name


def test_a_report_being_made_is_not_queued_twice(
    organisation: Organisation, people: dict[str, User]
) -> None:
    cycle = CycleFactory(organisation=organisation)
    one = report_request(
        organisation=organisation,
        kind="cycle",
        subject=cycle,
        by=people["commissioner"],
    )
    two = report_request(
        organisation=organisation, kind="cycle", subject=cycle, by=people["admin"]
    )
    assert one.pk == two.pk and one.status == ReportStatus.QUEUED


def test_a_failure_is_shown_with_a_retry_and_never_done_without_files(
    organisation: Organisation,
    people: dict[str, User],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from reports import builders

    def broken(report: Report) -> Any:
        raise RuntimeError("the data could not be read")

    monkeypatch.setitem(builders.BUILDERS, "cycle", broken)
    cycle = CycleFactory(organisation=organisation)
    report = _make(
        "cycle", cycle, people["commissioner"], django_capture_on_commit_callbacks
    )
    assert report.status == ReportStatus.FAILED
    assert "the data could not be read" in report.error
    assert not report.pdf and not report.html and not report.xlsx
    client = Client()
    client.force_login(people["commissioner"])
    page = client.get(report.get_absolute_url()).content.decode()
    assert "The report could not be made" in page and "Try again" in page
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.filter(pk=report.pk).update(status=ReportStatus.DONE)


def test_files_are_for_the_team_and_expire(
    organisation: Organisation,
    other_organisation: Organisation,
    people: dict[str, User],
    make_member: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    cycle = CycleFactory(organisation=organisation)
    report = _make(
        "cycle", cycle, people["commissioner"], django_capture_on_commit_callbacks
    )
    base = f"/o/{organisation.slug}/reports/{report.pk}/report"
    team = Client()
    team.force_login(people["decision_maker"])
    pdf = team.get(f"{base}.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    html = team.get(f"{base}.html")
    assert "default-src 'none'" in html["Content-Security-Policy"]
    for role in ("citizen", "provider"):
        other = Client()
        other.force_login(people[role])
        assert other.get(f"{base}.pdf").status_code == 403
    stranger = Client()
    stranger.force_login(make_member("admin", other_organisation))
    assert stranger.get(f"{base}.pdf").status_code == 404
    assert (
        stranger.get(f"/o/{other_organisation.slug}/reports/{report.pk}/").status_code
        == 404
    )
    Report.objects.filter(pk=report.pk).update(
        finished_at=timezone.now() - datetime.timedelta(days=31)
    )
    assert team.get(f"{base}.pdf").status_code == 410


def test_asking_for_a_report_from_a_page(
    organisation: Organisation,
    other_organisation: Organisation,
    people: dict[str, User],
    django_capture_on_commit_callbacks: Any,
) -> None:
    cycle = CycleFactory(organisation=organisation)
    foreign = CycleFactory(organisation=other_organisation)
    client = Client()
    client.force_login(people["commissioner"])
    assert (
        "Make the cycle report" in client.get(cycle.get_absolute_url()).content.decode()
    )
    url = f"/o/{organisation.slug}/reports/new/"
    assert client.post(url, {"kind": "cycle", "subject": foreign.pk}).status_code == 404
    assert (
        client.post(url, {"kind": "nonsense", "subject": cycle.pk}).status_code == 404
    )
    with django_capture_on_commit_callbacks(execute=False):
        answer = client.post(url, {"kind": "cycle", "subject": cycle.pk})
    report = Report.objects.get()
    assert answer["Location"] == report.get_absolute_url()
    waiting = client.get(report.get_absolute_url(), HTTP_HX_REQUEST="true")
    text = waiting.content.decode()
    assert "<progress" in text and 'hx-trigger="every 1s"' in text
    assert "<html" not in text  # only the fragment
    listing = client.get(f"/o/{organisation.slug}/reports/").content.decode()
    assert cycle.title in listing


def test_the_running_head_shows_the_organisation_s_name_as_typed(
    organisation: Organisation,
    people: dict[str, User],
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The organisation's name at the top of every PDF page reads as typed, quotes
    and markup included, and cannot close the report's style sheet."""
    organisation.name = 'Young People\'s "Services" </style><b>x</b> \\ {}'
    organisation.save()
    cycle = CycleFactory(organisation=organisation, title="Respite care")
    report = _make(
        "cycle", cycle, people["commissioner"], django_capture_on_commit_callbacks
    )
    assert report.status == ReportStatus.DONE, report.error
    with report.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) > 1
    assert all(organisation.name in text for text in pages)
    with report.html.open("rb") as handle:
        html = handle.read().decode()
    assert "</style><b>" not in html
