"""Downloads of a survey's answers."""

from __future__ import annotations

import csv
import datetime
import io
import uuid
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from surveys.exports import export_request, exports_remove_expired
from surveys.models import Export, ExportKind, ExportStatus
from surveys.submission import survey_submit_response
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


def _answered(organisation: Organisation, count: int = 3) -> Any:
    survey = make_survey(organisation)
    q = {x.text: x.field_name for x in survey.questions.all()}
    for i in range(count):
        survey_submit_response(
            survey=survey,
            answers={
                q["Who are you?"]: "Carer",
                q["What helps?"]: ["Visits", "Meals"],
                q["Anything else?"]: f"Note {i}",
            },
            user=AnonymousUser(),
            submission_key=uuid.uuid4(),
        )
    return survey


def _build(survey: Any, kind: str, by: User, capture: Any) -> Export:
    with capture(execute=True):
        export = export_request(survey=survey, kind=kind, by=by)
    export.refresh_from_db()
    return export


def test_responses_csv_has_a_row_each_and_a_column_per_choice(
    organisation: Organisation,
    people: dict[str, User],
    django_capture_on_commit_callbacks: Any,
) -> None:
    survey = _answered(organisation)
    export = _build(
        survey,
        ExportKind.RESPONSES_CSV,
        people["commissioner"],
        django_capture_on_commit_callbacks,
    )
    assert export.status == ExportStatus.DONE and export.progress == 100
    rows = list(csv.reader(io.StringIO(export.file.read().decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert len(body) == 3
    assert "Q2 What helps?: Visits" in header and "Q2 What helps?: Calls" in header
    row = dict(zip(header, body[0], strict=True))
    assert row["Q1 Who are you?"] == "Carer"
    assert (row["Q2 What helps?: Visits"], row["Q2 What helps?: Calls"]) == ("1", "0")
    assert "respondent" not in header


def test_xlsx_and_aggregates(
    organisation: Organisation,
    people: dict[str, User],
    django_capture_on_commit_callbacks: Any,
) -> None:
    survey = _answered(organisation)
    xlsx = _build(
        survey,
        ExportKind.RESPONSES_XLSX,
        people["commissioner"],
        django_capture_on_commit_callbacks,
    )
    sheet = load_workbook(xlsx.file.path, read_only=True).active
    assert sheet is not None and len(list(sheet.iter_rows())) == 4
    counts = _build(
        survey,
        ExportKind.AGGREGATES_CSV,
        people["commissioner"],
        django_capture_on_commit_callbacks,
    )
    text = counts.file.read().decode("utf-8-sig")
    assert "Who are you?,Carer,3,3,100" in text


def test_asking_twice_while_working_gives_the_same_export(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """Without running the queue, a second request returns the first."""
    survey = _answered(organisation, 1)
    first = export_request(
        survey=survey, kind=ExportKind.RESPONSES_CSV, by=people["commissioner"]
    )
    again = export_request(
        survey=survey, kind=ExportKind.RESPONSES_CSV, by=people["commissioner"]
    )
    assert first.pk == again.pk and first.status == ExportStatus.QUEUED


def test_downloads_are_for_the_team_and_expire(
    client: Client,
    organisation: Organisation,
    people: dict[str, User],
    django_capture_on_commit_callbacks: Any,
    django_assert_num_queries: Any,
) -> None:
    survey = _answered(organisation)
    client.force_login(people["commissioner"])
    exports_url = reverse(
        "surveys:exports", kwargs={"org_slug": organisation.slug, "pk": survey.pk}
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            exports_url.replace("downloads/", "downloads/new/"),
            {"kind": "responses_csv"},
        )
    export = Export.objects.get()
    download = reverse(
        "surveys:export_download",
        kwargs={"org_slug": organisation.slug, "pk": survey.pk, "export_pk": export.pk},
    )
    response = client.get(download)
    assert response.status_code == 200
    assert b"Note 0" in b"".join(response.streaming_content)
    client.get(exports_url)
    with django_assert_num_queries(7):
        page = client.get(exports_url, headers={"HX-Request": "true"}).content.decode()
    assert "Download" in page and "every 1s" not in page
    client.force_login(people["decision_maker"])
    assert client.get(download).status_code == 403
    client.force_login(people["commissioner"])
    with time_machine.travel(
        datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=8)
    ):
        assert client.get(download).status_code == 404
        assert exports_remove_expired() == 1
    assert not Export.objects.exists()


def test_a_failed_export_says_why_and_has_no_file(
    organisation: Organisation,
    people: dict[str, User],
    django_capture_on_commit_callbacks: Any,
    monkeypatch: Any,
) -> None:
    from surveys import exports

    def broken(*args: Any, **kwargs: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(exports, "_write_csv", broken)
    survey = _answered(organisation, 1)
    with pytest.raises(OSError), django_capture_on_commit_callbacks(execute=True):
        export_request(
            survey=survey, kind=ExportKind.RESPONSES_CSV, by=people["commissioner"]
        )
    export = Export.objects.get()
    assert export.status == ExportStatus.FAILED
    assert "disk full" in export.error
    assert not export.file
