"""Building downloads of a survey's answers: streamed from the database in chunks
into a temporary file, so memory stays flat at any number of responses."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cocommission.accounts.models import User
from cocommission.jobs import (
    enqueue_after_commit,
    job_claim,
    job_heartbeat,
    job_in_progress,
)
from cocommission.spreadsheets import XlsxWorkbook, csv_writer

from .models import Export, ExportKind, ExportStatus, Kind, Question, Response, Survey
from .results import survey_results
from .services import area_labels

CHUNK = 2000


Cell = Callable[[dict[str, Any]], Any]


def _value(name: str) -> Cell:
    def get(answers: dict[str, Any]) -> Any:
        return answers.get(name, "")

    return get


def _number(name: str) -> Cell:
    """A number question's answer as a number (it is stored as text)."""

    def get(answers: dict[str, Any]) -> Any:
        value = answers.get(name, "")
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return value
        return number if number.is_finite() else value

    return get


def _ticked(name: str, choice: str) -> Cell:
    def get(answers: dict[str, Any]) -> int:
        return int(choice in (answers.get(name) or []))

    return get


def _in_matrix(name: str, row: str) -> Cell:
    def get(answers: dict[str, Any]) -> Any:
        return dict(answers.get(name) or {}).get(row, "")

    return get


def _place(name: str, choice: str) -> Cell:
    def get(answers: dict[str, Any]) -> Any:
        order = list(answers.get(name) or [])
        return order.index(choice) + 1 if choice in order else ""

    return get


def _columns(survey: Survey) -> tuple[list[str], Callable[[dict[str, Any]], list[Any]]]:
    """Headers, and a function turning one response's answers into cells: one
    column per question, or per choice for several-choice questions (1 or 0)."""
    questions: list[Question] = list(survey.questions.all())
    areas = area_labels(survey)
    headers: list[str] = []
    getters: list[Cell] = []
    for number, question in enumerate(questions, start=1):
        name = question.field_name
        if question.kind == Kind.MATRIX:
            for row in question.rows:
                headers.append(f"Q{number} {question.text}: {row}")
                getters.append(_in_matrix(name, row))
            continue
        if question.kind == Kind.RANKING:
            for choice in question.choices():
                headers.append(f"Q{number} {question.text}: place of {choice}")
                getters.append(_place(name, choice))
            continue
        if question.kind == Kind.MULTIPLE:
            for choice in question.choices(areas):
                headers.append(f"Q{number} {question.text}: {choice}")
                getters.append(_ticked(name, choice))
        else:
            headers.append(f"Q{number} {question.text}")
            getters.append(
                _number(name) if question.kind == Kind.NUMBER else _value(name)
            )
        if question.allow_other:
            headers.append(f"Q{number} {question.text}: other")
            getters.append(_value(f"{name}_other"))
    return headers, lambda answers: [get(answers) for get in getters]


def _response_rows(export: Export) -> Iterator[list[Any]]:
    survey = export.survey
    headers, cells = _columns(survey)
    identified = not survey.is_anonymous
    yield ["submitted_on", *(["respondent"] if identified else []), *headers]
    responses = Response.objects.filter(survey=survey).order_by("submitted_on", "id")
    total = responses.count() or 1
    for done, (day, email, answers) in enumerate(
        responses.values_list("submitted_on", "respondent__email", "answers").iterator(
            chunk_size=CHUNK
        ),
        start=1,
    ):
        yield [day.isoformat(), *([email or ""] if identified else []), *cells(answers)]
        if done % CHUNK == 0:
            Export.objects.filter(pk=export.pk).update(
                progress=min(99, done * 100 // total)
            )


def _aggregate_rows(export: Export) -> Iterator[list[Any]]:
    yield ["question", "answer", "count", "answered", "percent"]
    for result in survey_results(export.survey, exact=True):
        for statement, scale in result.matrix:
            for row in scale:
                yield [
                    f"{result.question.text}: {statement}",
                    row.label,
                    row.count,
                    row.answered,
                    row.percent if row.percent is not None else "",
                ]
        for ranked in result.ranking:
            for place, count in enumerate(ranked.by_place, start=1):
                yield [
                    f"{result.question.text}: {ranked.label}",
                    _("place %(n)s") % {"n": place},
                    count,
                    result.answered,
                    "",
                ]
            yield [
                f"{result.question.text}: {ranked.label}",
                _("points"),
                ranked.points,
                result.answered,
                "",
            ]
        if result.ranking:
            continue
        for row in result.rows:
            yield [
                result.question.text,
                row.label,
                row.count,
                result.answered,
                row.percent if row.percent is not None else "",
            ]
        if result.mean is not None:
            yield [result.question.text, _("average"), "", result.answered, result.mean]


def _write_csv(rows: Iterator[list[Any]], handle: Any) -> None:
    csv_writer(handle).writerows(rows)


def _write_xlsx(rows: Iterator[list[Any]], path: str) -> None:
    book = XlsxWorkbook()
    book.add_sheet("Responses", rows)
    book.save(path)


def export_build(export: Export, *, run_id: str = "") -> Export:
    """Make the file, then mark the export done; on error, mark it failed with a
    message and no file. A finished export, or one another live run holds, is left
    alone."""
    claimed = job_claim(Export, export.pk, run_id=run_id)
    if claimed is None:
        return export
    with job_heartbeat(claimed):
        return _build(claimed)


def _build(export: Export) -> Export:
    stem = f"{slugify(export.survey.title)[:40] or 'survey'}-{export.kind}"
    try:
        with tempfile.TemporaryDirectory() as folder:
            if export.kind == ExportKind.RESPONSES_XLSX:
                path = f"{folder}/{stem}.xlsx"
                _write_xlsx(_response_rows(export), path)
            else:
                path = f"{folder}/{stem}.csv"
                rows = (
                    _aggregate_rows(export)
                    if export.kind == ExportKind.AGGREGATES_CSV
                    else _response_rows(export)
                )
                with open(path, "w", newline="", encoding="utf-8-sig") as handle:
                    _write_csv(rows, handle)
            with transaction.atomic(), open(path, "rb") as finished:
                export.refresh_from_db()
                export.file.save(path.rsplit("/", 1)[1], File(finished), save=False)
                export.status = ExportStatus.DONE
                export.progress = 100
                export.finished_at = timezone.now()
                export.save()
    except Exception as error:  # noqa: BLE001 - any failure must be shown, not lost
        Export.objects.filter(pk=export.pk).update(
            status=ExportStatus.FAILED,
            error=_("The file could not be made: %(error)s") % {"error": error},
        )
        raise
    return export


@transaction.atomic
def export_request(*, survey: Survey, kind: str, by: User) -> Export:
    """Queue a download, or return the same kind already on its way (a stuck one is
    replaced by a fresh one). The request never waits on the broker."""
    working = job_in_progress(survey.exports.filter(kind=kind))
    if working is not None:
        return working
    export = Export.objects.create(survey=survey, kind=kind, requested_by=by)
    enqueue_after_commit(export)
    return export


def exports_remove_expired(*, now: Any = None) -> int:
    """Delete the files of downloads past their expiry, and their records."""
    from .models.export import KEEP_FOR

    now = now or timezone.now()
    old = Export.objects.filter(finished_at__lt=now - KEEP_FOR)
    count = 0
    for export in old:
        if export.file:
            export.file.delete(save=False)
        export.delete()
        count += 1
    return count
