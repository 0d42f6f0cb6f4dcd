"""Text people type is data, never code: the demo with every text field of every
row filled with template and HTML payloads (``tests/security/hostile.py``) shows
them as text on every page for every role, in every e-mail, report and export.

One seeded database serves the whole module: it is made once, inside a
transaction that is rolled back at the end, and each test works in a savepoint.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import transaction
from django.http import HttpResponse
from openpyxl import load_workbook
from pypdf import PdfReader

from tests import inventory
from tests.security import hostile as h

pytestmark = pytest.mark.django_db

#: The roles of the brief: everyone from the public to the organisation's admin.
ROLES = ("anonymous", "citizen", "provider", "decision_maker", "commissioner", "admin")


@pytest.fixture(scope="module")
def hostile(django_db_setup: None, django_db_blocker: Any) -> Iterator[h.Hostile]:
    """The demo, seeded once for the module, with every text made hostile."""
    from reports.open_data import open_data_make

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        data = h.fill()
        # The nightly package was made from the demo's own text: make it again.
        open_data_make(inventory.demo_organisation())
        yield data
        transaction.set_rollback(True)


def test_every_field_has_a_rule() -> None:
    """Every JSON field of our apps has a rule, and every field named in the skip
    lists exists: a new model's text is filled without anyone listing it, and a
    new JSON field asks for a decision."""
    assert h.unruled_json_fields() == []
    fields = {
        h.label(model, f.name)
        for model in h.our_models()
        for f in model._meta.concrete_fields
    }
    named = set(h.SKIPPED) | set(h.KEPT_ROWS) | set(h.JSON_FIELDS)
    assert named <= fields
    filled = {
        h.label(model, f.name)
        for model in h.our_models()
        for f in h.text_fields(model)[0]
    }
    assert {"surveys.Question.help_text", "cycles.HistoricalCycle.title"} <= filled


# ------------------------------------------------------------------ outputs


def _walk_json(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield h.url_decoded(value) if value.startswith(("http", "/")) else value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _walk_json(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk_json(item)


def _csv_cells(data: bytes) -> list[str]:
    text = data.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _xlsx_cells(data: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(data), read_only=True)
    return [
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    ]


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def check_file(
    hostile: h.Hostile, seen: h.Seen, output: str, name: str, data: bytes
) -> str:
    """Check one file by its kind; returns the kind."""
    if name.endswith((".html", ".htm")):
        h.check_html(hostile, seen, output, data.decode())
        return "html"
    if name.endswith(".csv"):
        h.check_text(hostile, seen, output, _csv_cells(data))
        return "csv"
    if name.endswith(".json"):
        h.check_text(hostile, seen, output, _walk_json(json.loads(data)))
        return "json"
    if name.endswith(".xlsx"):
        h.check_text(hostile, seen, output, _xlsx_cells(data))
        return "xlsx"
    if name.endswith(".pdf"):
        h.check_text(hostile, seen, output, [_pdf_text(data)], squash=True, lines=True)
        return "pdf"
    if name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                check_file(
                    hostile, seen, f"{output}/{member}", member, archive.read(member)
                )
        return "zip"
    if name.endswith(".pb"):
        # Pabulib is semicolon-separated CSV: read its cells as a parser does.
        rows = csv.reader(io.StringIO(data.decode()), delimiter=";")
        h.check_text(hostile, seen, output, [cell for row in rows for cell in row])
        return "text"
    if name.endswith(".txt"):
        h.check_text(hostile, seen, output, data.decode().splitlines())
        return "text"
    if name.endswith(".ics"):
        h.check_text(hostile, seen, output, _ics_texts(data))
        return "ics"
    raise AssertionError(f"{output}: no check for {name}")


def _ics_texts(data: bytes) -> list[str]:
    """Every text of a calendar as a calendar app reads it (the library leaves
    X- properties escaped, so those are unescaped here as RFC 5545 text)."""
    from icalendar import Calendar

    texts = []
    for component in Calendar.from_ical(data).walk():
        for name, value in component.items():
            if not isinstance(value, str):
                continue
            text = str(value)
            if name.upper().startswith("X-"):
                text = re.sub(
                    r"\\([\\,;nN])",
                    lambda m: "\n" if m.group(1) in "nN" else m.group(1),
                    text,
                )
            texts.append(text)
    return texts


def _file_name(response: HttpResponse, url: str) -> str:
    disposition = response.get("Content-Disposition", "")
    if "filename=" in disposition:
        return disposition.split("filename=", 1)[1].strip('"; ')
    return url.rstrip("/").rsplit("/", 1)[-1]


#: What check_file reads, by the end of a file's name.
FILE_KINDS = (
    ".html",
    ".htm",
    ".csv",
    ".json",
    ".xlsx",
    ".pdf",
    ".zip",
    ".pb",
    ".txt",
    ".ics",
)
#: The file kind of a download that names no file, by its content type.
CONTENT_TYPES = {
    "text/csv": ".csv",
    "application/json": ".json",
    "application/zip": ".zip",
    "application/pdf": ".pdf",
    "text/plain": ".txt",
}


def check_response(
    hostile: h.Hostile, seen: h.Seen, output: str, response: HttpResponse, url: str
) -> str:
    content_type = response.get("Content-Type", "")
    body = (
        b"".join(response.streaming_content)  # type: ignore[attr-defined]
        if response.streaming
        else response.content
    )
    if content_type.startswith("text/html"):
        h.check_html(hostile, seen, output, body.decode())
        return "html"
    name = _file_name(response, url)
    if not name.endswith(FILE_KINDS):
        suffix = next(
            (s for t, s in CONTENT_TYPES.items() if content_type.startswith(t)), ""
        )
        name += suffix
    return check_file(hostile, seen, output, name, body)


def _report(seen: h.Seen, hostile: h.Hostile) -> str:
    lines = [str(problem) for problem in seen.problems[:40]]
    more = len(seen.problems) - 40
    return "\n".join(lines + ([f"... and {more} more"] if more > 0 else []))


# -------------------------------------------------------------------- pages


#: Text fields of the demo's rows that no page of the crawl shows, with why.
NOT_ON_PAGES = {
    "webhooks.Endpoint.secret": "shown once, on the page right after it is made; "
    "the crawl opens the endpoint page later",
    "webhooks.Delivery.key": "an internal once-only key, never shown",
    "webhooks.Delivery.body": "the JSON sent to the receiver, not shown on a page",
    "contracts.MonitoringIssue.text": "the demo's issue is on its second monitoring "
    "meeting; the URL inventory opens the first",
    "contracts.MonitoringIssue.response": "as above",
    "cycles.Decision.declined_reason": "shown only for a declined decision; the "
    "demo declines none",
    "cycles.Decision.i18n": "a decision's Welsh is shown on the public pages to a "
    "reader in Welsh (the crawl reads in English) and to its confirmer before it is "
    "published (the demo's are published); tests/cycles/test_translations.py reads "
    "it there",
    "notifications.Notice.summary": "a line of a weekly digest, sent by e-mail and "
    "shown on no page; the demo's notices tell people about needs and ideas",
    "panels.Contribution.note": "recorded with time given, not shown on any page",
    "panels.Profile.languages": "shown on a person's own data page; the demo "
    "citizen has no profile",
    "api.ApiToken.secret_hash": "a token's hash, never shown; the token itself "
    "is shown once when it is made",
    "panels.PanelDraw.run_id": "the Celery task id holding a draw, never shown",
    "panels.PanelDraw.error": "shown only for a failed draw; the demo's draws "
    "have not failed",
    "cycles.InfluenceStrategy.description": "the catalogue's explanation, kept by "
    "platform staff in the admin site (outside the inventory); pages name the "
    "strategy",
    "surveys.BallotRecount.run_id": "the Celery task id holding a count, never shown",
    "surveys.BallotRecount.error": "shown only for a failed count; the demo's "
    "ballot count has not failed",
}


def test_every_page_shows_hostile_text_as_text_to_every_role(
    hostile: h.Hostile,
) -> None:
    """Every page of the URL inventory, opened by every role that may see it,
    shows every payload as text: escaped in the HTML, no element or attribute
    from a payload, no template code run; the same for files pages hand out
    (CSV, JSON, Pabulib, ZIP) and for search boxes given a payload. Every text
    field of the data appears on some page, but for those in NOT_ON_PAGES."""
    seen = h.Seen()
    clients = {role: inventory.client_for(role) for role in ROLES}
    shown: Counter[str] = Counter()
    errors = []
    quiet = logging.getLogger("django.request")
    level, quiet.level = quiet.level, logging.ERROR  # 403s and 404s are expected
    for entry in inventory.entries():
        searched = False
        for role in ROLES:
            urls = [entry.url]
            for url in urls:
                response = inventory.request_rolled_back(clients[role], "GET", url)
                if response.status_code >= 500:
                    errors.append((url, role, response.status_code))
                if response.status_code != 200:
                    continue
                check_response(hostile, seen, f"{url} as {role}", response, url)
                shown[role] += 1
                if url != entry.url:
                    continue
                # Variants once per page, by the first role that sees it: a
                # search given a payload, and a person's data as a download.
                if "q" in entry.route.query_params and not searched:
                    searched = True
                    query = quote(hostile.text("a search box's query"))
                    urls.append(f"{entry.url}?q={query}")
                if entry.name == "participation:my_data":
                    urls.append(f"{entry.url}?format=json")
    quiet.level = level
    assert errors == []
    assert seen.problems == [], _report(seen, hostile)
    assert set(shown) == set(ROLES)
    places = {place for marker in seen.markers for place in hostile.where[marker]}
    data = {
        place
        for where in hostile.where.values()
        for place in where
        if "Historical" not in place and place in hostile.field_places
    }
    assert data - places - set(NOT_ON_PAGES) == set(), (
        "text no page showed: make the demo show it, or list it in NOT_ON_PAGES"
    )
    assert set(NOT_ON_PAGES) <= data, "NOT_ON_PAGES names only filled fields"


# ------------------------------------------------------------------- e-mails


def check_message(hostile: h.Hostile, seen: h.Seen, output: str, message: Any) -> bool:
    """One e-mail: the subject and text part are plain text as stored (no HTML
    entities, nothing run); the HTML part escapes everything. True if it carried
    any payload."""
    before = len(seen.markers), seen.outputs_with_markers
    h.check_text(hostile, seen, f"{output} (subject)", [message.subject])
    h.check_text(hostile, seen, f"{output} (text)", [message.body])
    for content, mimetype in getattr(message, "alternatives", []):
        assert mimetype == "text/html"
        h.check_html(hostile, seen, f"{output} (HTML)", content)
    return seen.outputs_with_markers > before[1]


def _seat(user: Any, panel: Any, when: Any) -> None:
    from panels.models import MemberStatus, PanelMember

    PanelMember.objects.update_or_create(
        panel=panel,
        user=user,
        defaults={"status": MemberStatus.ACTIVE, "responded_at": when},
    )


def test_every_email_shows_hostile_text_as_text(
    hostile: h.Hostile, django_capture_on_commit_callbacks: Any
) -> None:
    """Every e-mail the app sends, made from the hostile data: invitations, meeting
    reminders, decisions, surveys opened and closing, the weekly digest, contracts
    and risks due for review, and allauth's sign-in code, password reset and
    sign-up messages. Subjects and text parts are plain (no entities, nothing run),
    HTML parts escape every payload."""
    import datetime

    from django.core import mail
    from django.test import Client
    from django.utils import timezone

    from cocommission.accounts.models import User
    from cocommission.notifications.models import NotificationSettings
    from cocommission.notifications.services import send_digests
    from contracts.models import Contract, ContractStatus
    from contracts.notifications import notify_review_dates
    from cycles.models import Decision, Risk
    from cycles.risks import risk_send_review_reminders
    from panels.models import Meeting, Panel, PanelMember, Purpose
    from panels.notifications import (
        notify_decision,
        notify_invited,
        remind_meetings,
    )
    from panels.services import consent_record
    from surveys.models import Survey
    from surveys.notifications import notify_surveys

    lambeth = inventory.demo_organisation()
    now = timezone.now()
    today = timezone.localdate()
    citizen = User.objects.get(email=inventory.ROLES["citizen"])
    weekly = User.objects.get(email="volunteer01@lambeth.example")
    for person in (citizen, weekly):
        consent_record(
            user=person, organisation=lambeth, purpose=Purpose.CONTACT, given=True
        )
    NotificationSettings.objects.update_or_create(
        user=weekly, defaults={"weekly_digest": True}
    )
    decision = Decision.objects.filter(
        cycle__organisation=lambeth, is_published=True
    ).first()
    survey = Survey.objects.filter(
        activity__cycle__organisation=lambeth, published_at__isnull=False
    ).first()
    meeting = Meeting.objects.filter(panel__organisation=lambeth).first()
    assert decision and survey and meeting
    for panel, cycle in (
        (meeting.panel, None),
        (Panel.objects.filter(cycle=decision.cycle).first(), decision.cycle),
        (
            Panel.objects.filter(cycle=survey.activity.cycle).first(),
            survey.activity.cycle,
        ),
    ):
        if panel is None:
            panel = Panel.objects.create(organisation=lambeth, cycle=cycle, name="x")
            panel.name = hostile.text("panels.Panel.name", 200)
            panel.save()
        for person in (citizen, weekly):
            _seat(person, panel, now - datetime.timedelta(days=400))
    survey.closed_at, survey.opens_at, survey.closes_at = None, None, None
    survey.save()
    Meeting.objects.filter(pk=meeting.pk).update(
        reminder_sent_at=None, starts_at=now + datetime.timedelta(hours=3)
    )
    contract = Contract.objects.filter(cycle__organisation=lambeth).first()
    assert contract is not None
    contract.reviews.all().delete()
    Contract.objects.filter(pk=contract.pk).update(
        status=ContractStatus.ACTIVE, ends_on=today + datetime.timedelta(days=30)
    )
    risk = Risk.objects.filter(cycle__organisation=lambeth).first()
    assert risk is not None
    Risk.objects.filter(pk=risk.pk).update(
        owner=User.objects.get(email=inventory.ROLES["commissioner"]),
        review_date=today - datetime.timedelta(days=1),
        reminded_for=None,
        status="open",
    )
    anonymous = Client()
    events = {
        "invitation": lambda: notify_invited(
            members=PanelMember.objects.filter(
                panel__organisation=lambeth, user=citizen
            )[:1]
        ),
        "meeting reminder": lambda: remind_meetings(now=now),
        "decision": lambda: notify_decision(decision=decision),
        "survey opened": lambda: notify_surveys(now=now),
        "survey closing": lambda: (
            Survey.objects.filter(pk=survey.pk).update(
                closes_at=now + datetime.timedelta(hours=5)
            ),
            notify_surveys(now=now),
        ),
        "weekly digest": send_digests,
        "contract review": lambda: notify_review_dates(today=today),
        "risk review": lambda: risk_send_review_reminders(today=today),
        "sign-in code": lambda: anonymous.post(
            "/accounts/login/code/", {"email": citizen.email}
        ),
        "password reset": lambda: anonymous.post(
            "/accounts/password/reset/", {"email": citizen.email}
        ),
        "password reset, no account": lambda: anonymous.post(
            "/accounts/password/reset/", {"email": "nobody@example.org"}
        ),
        "sign-up": lambda: anonymous.post(
            "/accounts/signup/",
            {
                "email": "newcomer@example.org",
                "password1": "a long enough passphrase 2026",
                "password2": "a long enough passphrase 2026",
            },
        ),
    }
    #: E-mails that show no text from the data, only codes, links and addresses.
    no_data = {
        "sign-in code",
        "password reset",
        "password reset, no account",
        "sign-up",
    }
    seen = h.Seen()
    mail.outbox.clear()
    sent: dict[str, int] = {}
    for kind, event in events.items():
        start = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            event()
        messages = mail.outbox[start:]
        sent[kind] = len(messages)
        for number, message in enumerate(messages):
            carried = check_message(hostile, seen, f"{kind} #{number}", message)
            assert carried or kind in no_data, f"{kind}: no payload in {message.body}"
    assert seen.problems == [], _report(seen, hostile)
    assert all(sent.values()), sent
    html_parts = sum(len(getattr(m, "alternatives", [])) for m in mail.outbox)
    assert html_parts >= 5


# ------------------------------------------------------------------- reports


def test_every_report_shows_hostile_text_as_text(
    hostile: h.Hostile, django_capture_on_commit_callbacks: Any
) -> None:
    """Each kind of report (cycle, survey, ballot, contract review), made from the
    hostile data: its HTML escapes every payload, its PDF text and XLSX cells show
    them as stored, its page and downloads too, and so does the "ready" e-mail."""
    from django.core import mail
    from django.urls import reverse

    from cocommission.accounts.models import User
    from contracts.models import Contract
    from cycles.models import Cycle
    from reports.models import ReportStatus
    from reports.services import report_request
    from surveys.models import Ballot, Survey

    lambeth = inventory.demo_organisation()
    by = User.objects.get(email=inventory.ROLES["commissioner"])
    subjects = {
        "cycle": Cycle.objects.filter(
            organisation=lambeth, visibility="public"
        ).first(),
        "survey": Survey.objects.filter(activity__cycle__organisation=lambeth).first(),
        "ballot": Ballot.objects.filter(activity__cycle__organisation=lambeth).first(),
        "contract": Contract.objects.filter(cycle__organisation=lambeth).first(),
    }
    client = inventory.client_for("commissioner")
    seen = h.Seen()
    mail.outbox.clear()
    made: Counter[str] = Counter()
    for kind, subject in subjects.items():
        assert subject is not None, kind
        with django_capture_on_commit_callbacks(execute=True):
            report = report_request(
                organisation=lambeth, kind=kind, subject=subject, by=by
            )
        report.refresh_from_db()
        assert report.status == ReportStatus.DONE, report.error
        for file, name in (
            (report.html, "report.html"),
            (report.pdf, "report.pdf"),
            (report.xlsx, "report.xlsx"),
        ):
            with file.open("rb") as handle:
                data = handle.read()
            before = seen.outputs_with_markers
            made[check_file(hostile, seen, f"{kind} report {name}", name, data)] += 1
            assert seen.outputs_with_markers > before, f"{kind} {name}: no payload"
        kwargs = {"org_slug": lambeth.slug, "pk": report.pk}
        page = client.get(reverse("reports:detail", kwargs=kwargs))
        check_response(hostile, seen, f"{kind} report page", page, "")
        for fmt in ("html", "pdf", "xlsx"):
            url = reverse("reports:file", kwargs={**kwargs, "fmt": fmt})
            response = client.get(url)
            assert response.status_code == 200, url
            made[check_response(hostile, seen, url, response, f"report.{fmt}")] += 1
    ready = [m for m in mail.outbox if m.to == [by.email]]
    assert len(ready) == len(subjects)
    for number, message in enumerate(ready):
        check_message(hostile, seen, f"report ready #{number}", message)
    assert seen.problems == [], _report(seen, hostile)


# ------------------------------------------------------------------- exports


#: Downloads pages hand out, by URL name (the page crawl opens them too; here each
#: must carry payloads).
DOWNLOADS = (
    "assets:export",
    "contracts:ocds",
    "contracts:contract_ocds",
    "surveys:ballot_pb",
    "panels:quotas_csv",
    "public_open_data",
)


def test_every_export_shows_hostile_text_as_data(
    hostile: h.Hostile, django_capture_on_commit_callbacks: Any
) -> None:
    """Every export (survey responses as CSV and XLSX and the counts, the asset
    map's CSV, OCDS JSON, the Pabulib file, quotas CSV, the open data ZIP and a
    person's own data as JSON) holds each payload as data, exactly as stored, and
    nothing in it ran."""
    from django.urls import reverse

    from cocommission.accounts.models import User
    from surveys.exports import export_request
    from surveys.models import ExportKind, ExportStatus, Survey

    lambeth = inventory.demo_organisation()
    admin = inventory.client_for("admin")
    seen = h.Seen()
    checked: dict[str, str] = {}
    by_name = {entry.name: entry for entry in inventory.entries()}

    def check(label: str, response: HttpResponse, url: str) -> None:
        assert response.status_code == 200, (label, response.status_code)
        before = seen.outputs_with_markers
        checked[label] = check_response(hostile, seen, label, response, url)
        assert seen.outputs_with_markers > before, f"{label}: no payload in it"

    for name in DOWNLOADS:
        url = by_name[name].url
        check(name, admin.get(url), url)
    me = inventory.client_for("citizen")
    check("my data (JSON)", me.get("/me/data/?format=json"), "data.json")

    survey = Survey.objects.filter(activity__cycle__organisation=lambeth).first()
    assert survey is not None
    by = User.objects.get(email=inventory.ROLES["commissioner"])
    for kind in ExportKind:
        with django_capture_on_commit_callbacks(execute=True):
            export = export_request(survey=survey, kind=kind, by=by)
        export.refresh_from_db()
        assert export.status == ExportStatus.DONE, export.error
        url = reverse(
            "surveys:export_download",
            kwargs={"org_slug": lambeth.slug, "pk": survey.pk, "export_pk": export.pk},
        )
        check(f"survey export {kind.value}", admin.get(url), export.file.name)
    assert seen.problems == [], _report(seen, hostile)
