"""Importing CSV files people upload (asset lists, measurements, panel quotas).

Spreadsheets save CSV in many ways: not always UTF-8, with old Mac line endings,
sometimes with a stray NUL byte (U+0000) that PostgreSQL cannot store. Each of
these was a server error at some point of an import. Here they become a message
naming the line, and nothing is saved.

Every import goes the same way, so it is written once here (``csv_import``): the
upload is read as text (``csv_upload``), the header must name the required
columns, each row becomes an object or a message for its line, and the objects
are saved all together only when no line was refused (``ImportReport``).
Imports whose columns are fixed by position (panel quotas) read ``csv_rows``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

M = TypeVar("M", bound=models.Model)

#: Rows saved in one INSERT.
IMPORT_BATCH = 2000


def csv_text(data: bytes) -> str:
    """The text of an uploaded CSV file, or a ValidationError naming the first line
    that is not UTF-8 or holds a NUL byte."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ValidationError(
            _(
                "Line %(line)s of the file is not in UTF-8. Save the file as "
                "CSV (UTF-8) and try again."
            )
            % {"line": line}
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ValidationError(
            _(
                "Line %(line)s of the file has a hidden null character in it. "
                "Save the file as CSV (UTF-8) and try again."
            )
            % {"line": line}
        )
    return text


def csv_lines(text: str) -> io.StringIO:
    """The text to give ``csv.reader``: with ``newline=""`` so that line endings of
    every kind (``\\r\\n``, ``\\n``, old Macs' ``\\r``) are the csv module's to read."""
    return io.StringIO(text, newline="")


def csv_problem(text: str) -> tuple[int, str] | None:
    """The first line the csv module cannot read (a field over its size limit),
    with a message, or None. Importers check this before reading rows."""
    reader = csv.reader(csv_lines(text))
    try:
        for _row in reader:
            pass
    except csv.Error:
        line = reader.line_num
        return line, _("Line %(line)s could not be read as CSV.") % {"line": line}
    return None


def csv_rows(text: str) -> list[list[str]]:
    """Every row of the file, as lists of cells (a leading byte order mark taken
    off), or a ValidationError naming the line the csv module cannot read."""
    text = text.lstrip("\ufeff")
    if problem := csv_problem(text):
        raise ValidationError(problem[1])
    return list(csv.reader(csv_lines(text)))


def csv_upload(upload: Any, *, max_mb: int) -> str:
    """The text of an uploaded file (``csv_text``), refused when over ``max_mb``."""
    if upload.size > max_mb * 1024 * 1024:
        raise ValidationError(
            _("The file must be smaller than %(size)s MB") % {"size": max_mb}
        )
    return csv_text(upload.read())


@dataclass
class ImportReport:
    """What an import did: how many rows it saved, or each refused line with its
    message (and then nothing is saved)."""

    saved: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _records(
    text: str, required: Sequence[str], report: ImportReport
) -> csv.DictReader[str] | None:
    """The file's rows by column name, or None with the reason in ``report``."""
    if problem := csv_problem(text):
        report.errors.append(problem)
        return None
    reader = csv.DictReader(csv_lines(text))
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        message = _("The first line must name the columns; missing: %(cols)s") % {
            "cols": ", ".join(missing)
        }
        report.errors.append((1, message))
        return None
    return reader


def csv_import(
    *,
    text: str,
    required: Sequence[str],
    model: type[M],
    build: Callable[[dict[str, Any]], M],
) -> ImportReport:
    """Check every row of a CSV file and save them all, or none.

    ``build`` turns one row (a dict by column name) into an unsaved object, or
    raises ValidationError; its messages, joined, are reported for that line.
    """
    report = ImportReport()
    reader = _records(text, required, report)
    if reader is None:
        return report
    objects: list[M] = []
    for line, row in enumerate(reader, start=2):
        try:
            objects.append(build(row))
        except ValidationError as error:
            report.errors.append((line, "; ".join(error.messages)))
    if not report.errors and not objects:
        report.errors.append((2, _("The file has no rows of data")))
    if report.errors:
        return report
    with transaction.atomic():
        model._default_manager.bulk_create(objects, batch_size=IMPORT_BATCH)
    report.saved = len(objects)
    return report
