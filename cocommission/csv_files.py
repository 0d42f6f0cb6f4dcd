"""Reading CSV files people upload (asset lists, measurements, panel quotas).

Spreadsheets save CSV in many ways: not always UTF-8, with old Mac line endings,
sometimes with a stray NUL byte (U+0000) that PostgreSQL cannot store. Each of
these was a server error at some point of an import. Here they become a message
naming the line, and nothing is saved.
"""

from __future__ import annotations

import csv
import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


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
