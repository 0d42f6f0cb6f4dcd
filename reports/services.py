"""Asking for a report and making it: HTML from a template, PDF from the HTML
(WeasyPrint, tagged, with page numbers and contents) and an XLSX data annex."""

from __future__ import annotations

import datetime
import hashlib
import io
import re
import zipfile
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cocommission.accounts.models import User
from cocommission.jobs import (
    enqueue_after_commit,
    job_claim,
    job_heartbeat,
    job_in_progress,
)
from cocommission.notifications.services import absolute_url
from cocommission.spreadsheets import XlsxWorkbook
from cocommission.webhooks.events import emit
from cocommission.webhooks.models import Event

from .builders import Built, build
from .models import KEEP_FOR, Report, ReportKind, ReportStatus

#: Fixed workbook dates, so the same data gives the same file.
WORKBOOK_DATE = datetime.datetime(2000, 1, 1)  # noqa: DTZ001 - a constant, not a time


def _target(kind: str, subject: Any) -> dict[str, Any]:
    fields: dict[str, str] = {
        ReportKind.CYCLE: "cycle",
        ReportKind.SURVEY: "survey",
        ReportKind.BALLOT: "ballot",
        ReportKind.CONTRACT: "contract",
    }
    field = fields.get(kind)
    if field is None:
        raise ValidationError(_("Choose a kind of report."))
    return {field: subject}


@transaction.atomic
def report_request(
    *, organisation: Any, kind: str, subject: Any, by: User, language: str = ""
) -> Report:
    """Queue a report, or return the same one already on its way (a stuck one is
    replaced by a fresh one). The request never waits on the broker. It is written
    in ``language`` (by default the language of the page it was asked from)."""
    if language not in dict(settings.LANGUAGES):
        language = translation.get_language() or settings.LANGUAGE_CODE
    target = _target(kind, subject)
    working = job_in_progress(
        Report.objects.filter(
            organisation=organisation, kind=kind, language=language, **target
        )
    )
    if working is not None:
        return working
    report = Report.objects.create(
        organisation=organisation,
        kind=kind,
        requested_by=by,
        language=language,
        **target,
    )
    enqueue_after_commit(report)
    return report


def _progress(report: Report, value: int) -> None:
    Report.objects.filter(pk=report.pk).update(progress=value)


def _workbook(built: Built) -> bytes:
    workbook = XlsxWorkbook(created=WORKBOOK_DATE, creator="CoCommission")
    for name, rows in built.sheets:
        workbook.add_sheet(str(name), rows)
    return _fixed_times(workbook.to_bytes())


def _fixed_times(archive: bytes) -> bytes:
    """The same XLSX (a ZIP) with every entry dated the same, so identical data
    gives an identical file."""
    source = zipfile.ZipFile(io.BytesIO(archive))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=(2000, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                # openpyxl stamps the time of saving; use the fixed date instead.
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>2000-01-01T00:00:00Z\g<2>",
                    data,
                )
            target.writestr(entry, data)
    return out.getvalue()


def report_html(report: Report) -> tuple[Built, str]:
    built = build(report)
    html = render_to_string(
        built.template,
        {
            **built.context,
            "report": report,
            "organisation": report.organisation,
            "title": built.title,
        },
    )
    return built, html


def report_make(report: Report, *, run_id: str = "") -> Report:
    """Make the files, then mark the report done; on error, mark it failed with a
    message and no files. Running it again for a finished report, or one another
    live run holds, does nothing."""
    claimed = job_claim(Report, report.pk, run_id=run_id)
    if claimed is None:
        return Report.objects.get(pk=report.pk)
    report = Report.objects.select_related("organisation").get(pk=report.pk)
    with job_heartbeat(report):
        return _make_files(report)


def _make_files(report: Report) -> Report:
    from weasyprint import HTML

    _progress(report, 5)
    try:
        with translation.override(report.language):
            built, html = report_html(report)
            _progress(report, 30)
            pdf = HTML(string=html).write_pdf(pdf_tags=True)
            _progress(report, 80)
            xlsx = _workbook(built)
        stem = f"{slugify(built.title)[:50] or 'report'}-{report.kind}"
        report.html.save(f"{stem}.html", ContentFile(html.encode()), save=False)
        report.pdf.save(f"{stem}.pdf", ContentFile(pdf or b""), save=False)
        report.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
    except Exception as error:  # noqa: BLE001 - any failure is shown to the person
        Report.objects.filter(pk=report.pk).update(
            status=ReportStatus.FAILED,
            progress=0,
            error=_("The report could not be made: %(error)s") % {"error": error},
        )
        report.refresh_from_db()
        return report
    report.fingerprint = hashlib.sha256(html.encode()).hexdigest()
    report.status = ReportStatus.DONE
    report.progress = 100
    report.finished_at = timezone.now()
    report.save()
    _tell_ready(report)
    emit(
        organisation=report.organisation,
        event=Event.REPORT_READY,
        data={
            "report": {
                "id": report.pk,
                "kind": report.kind,
                "title": str(report),
                "finished_at": report.finished_at,
                "url": absolute_url(report.get_absolute_url()),
            }
        },
    )
    return report


def _tell_ready(report: Report) -> None:
    from django.urls import reverse

    from cocommission.notifications.services import absolute_url, deliver

    if report.requested_by is None:
        return
    url = absolute_url(
        reverse(
            "reports:detail",
            kwargs={"org_slug": report.organisation.slug, "pk": report.pk},
        )
    )
    deliver(
        user=report.requested_by,
        key=f"report:{report.pk}",
        kind="reports",
        subject=lambda: (
            _("Your report is ready: %(subject)s") % {"subject": report.subject}
        ),
        body=lambda: (
            _("Read or download it here, for the next 30 days: %(url)s") % {"url": url}
        ),
    )


def reports_remove_expired(*, now: Any = None) -> int:
    """Delete the files of reports past their time, and the reports."""
    now = now or timezone.now()
    old = Report.objects.filter(finished_at__lt=now - KEEP_FOR)
    count = 0
    for report in old:
        for file in (report.html, report.pdf, report.xlsx):
            if file:
                file.delete(save=False)
        report.delete()
        count += 1
    return count
