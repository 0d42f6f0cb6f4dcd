"""Every CSV and XLSX file the service makes is written here, and only here.

Two promises, whatever people typed:

* No cell runs as a formula (OWASP "CSV injection"). Text that begins with
  ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is what spreadsheets
  read as a formula, so it gets a single quote ``'`` in front of it. Text
  already beginning with quotes before such a character gets one more, so
  taking off the first ``'`` always gives back what was typed (see
  :func:`restore`, used by our imports). Numbers stay numbers: only text is
  changed, and text that is just a number, such as ``-3``, is left as it is
  because a spreadsheet reads it as that number and nothing else. In XLSX
  files every text cell is also typed as text, never as a formula.
* Every file is made. CSV keeps the text exactly. XLSX cannot hold most
  control characters (openpyxl refuses them), so they are left out there, a
  carriage return is written as a line break (XML reads it as one anyway), and
  a cell longer than Excel's 32,767 characters is cut there by openpyxl.

A test walks the code and fails if anything else uses ``csv.writer``,
``csv.DictWriter`` or ``openpyxl.Workbook``.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import IO, Any, Protocol

from django.utils.functional import Promise

#: What a spreadsheet may take as the start of a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: What we put in front of such text.
PREFIX = "'"
# Only text starting with one of these can need the prefix.
_RISKY_FIRST = frozenset((*FORMULA_STARTS, PREFIX))

# A plain number in text, such as "-3", "+2.5" or "1e6": a spreadsheet reads it
# as that number, never as a formula. ASCII digits only.
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
# Characters XML 1.0, and so XLSX, cannot hold: C0 controls other than tab,
# line feed and carriage return; U+FFFE and U+FFFF; lone surrogates.
_NOT_IN_XLSX = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_CARRIAGE_RETURN = re.compile("\r\n?")
# Excel refuses these in a sheet's name.
_NOT_IN_SHEET_TITLE = re.compile(r"[\[\]:*?/\\]")
#: Excel's limits.
MAX_SHEET_TITLE = 31

Row = Iterable[Any]


def _needs_prefix(text: str) -> bool:
    return text.lstrip(PREFIX).startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(
        text
    )


def neutralise(text: str) -> str:
    """The text, with ``'`` in front if a spreadsheet could run it as a formula."""
    return PREFIX + text if _needs_prefix(text) else text


def restore(text: str) -> str:
    """Undo :func:`neutralise`: the text as it was before we wrote it out."""
    if text.startswith(PREFIX) and _needs_prefix(text[1:]):
        return text[1:]
    return text


def xlsx_text(text: str) -> str:
    """The text as an XLSX cell can hold it: control characters left out, a
    carriage return written as a line break, then neutralised."""
    cleaned = _CARRIAGE_RETURN.sub("\n", _NOT_IN_XLSX.sub("", text))
    return neutralise(cleaned)


def _plain(value: Any) -> Any:
    """Numbers, booleans and dates as they are; ``None`` as empty; anything
    else as its text."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, datetime.datetime | datetime.time):
        # Excel has no time zones: an aware time goes out as ISO 8601 text.
        return value if value.tzinfo is None else value.isoformat()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, Promise):
        return str(value)
    return value if isinstance(value, str) else str(value)


def _csv_cell(value: Any) -> Any:
    # The common cases first: exports write millions of cells.
    kind = type(value)
    if kind is str:
        if value and value[0] in _RISKY_FIRST and _needs_prefix(value):
            return PREFIX + value
        return value
    if kind is int or kind is Decimal or kind is float:
        return value
    plain = _plain(value)
    return neutralise(plain) if isinstance(plain, str) else plain


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


class CsvWriter:
    """``csv.writer`` that neutralises every text cell."""

    def __init__(self, handle: _Writable) -> None:
        self._writer = csv.writer(handle)

    def writerow(self, row: Row) -> Any:
        return self._writer.writerow(map(_csv_cell, row))

    def writerows(self, rows: Iterable[Row]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(handle: _Writable) -> CsvWriter:
    """A CSV writer onto ``handle`` (a file opened with ``newline=""``)."""
    return CsvWriter(handle)


def csv_text(rows: Iterable[Row]) -> str:
    """A whole CSV file as text."""
    buffer = io.StringIO()
    csv_writer(buffer).writerows(rows)
    return buffer.getvalue()


class _Line:
    def write(self, text: str) -> str:
        return text


def csv_lines(rows: Iterable[Row]) -> Iterator[str]:
    """A CSV file one line at a time, for a streamed response."""
    writer = csv_writer(_Line())
    for row in rows:
        yield writer.writerow(row)


def sheet_title(title: str) -> str:
    """A name Excel accepts for a sheet."""
    cleaned = _NOT_IN_SHEET_TITLE.sub(" ", _NOT_IN_XLSX.sub("", str(title))).strip()
    return cleaned.strip("'")[:MAX_SHEET_TITLE] or "Sheet"


class XlsxWorkbook:
    """An XLSX workbook written row by row (openpyxl's write-only mode, so memory
    stays flat), every text cell typed as text."""

    def __init__(
        self, *, created: datetime.datetime | None = None, creator: str = ""
    ) -> None:
        from openpyxl import Workbook

        self._book = Workbook(write_only=True)
        if created is not None:
            self._book.properties.created = created
            self._book.properties.modified = created
        if creator:
            self._book.properties.creator = creator

    def add_sheet(self, title: str, rows: Iterable[Row]) -> None:
        from openpyxl.cell import WriteOnlyCell

        sheet = self._book.create_sheet(title=sheet_title(title))
        for row in rows:
            cells: list[Any] = []
            for value in row:
                plain = _plain(value)
                if not isinstance(plain, str):
                    cells.append(plain)
                    continue
                cell = WriteOnlyCell(sheet, value=xlsx_text(plain))
                # openpyxl would take "=..." as a formula and "#N/A" as an error.
                cell.data_type = "s"
                cells.append(cell)
            sheet.append(cells)

    def save(self, target: str | IO[bytes]) -> None:
        self._book.save(target)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.save(buffer)
        return buffer.getvalue()
