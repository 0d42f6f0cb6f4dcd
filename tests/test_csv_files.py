"""Uploaded CSV files are read as UTF-8 text without NUL, or refused naming the
line."""

from __future__ import annotations

import csv

from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from cocommission.csv_files import csv_lines, csv_problem, csv_text


@given(st.binary(max_size=200))
def test_any_bytes_give_clean_text_or_a_line_to_fix(data: bytes) -> None:
    """Whatever is uploaded, the result is text PostgreSQL can store, or a message
    that names a line of the file."""
    try:
        text = csv_text(data)
    except ValidationError as error:
        assert error.messages[0].startswith("Line ")
    else:
        assert "\x00" not in text


@given(st.lists(st.lists(st.text(max_size=20), max_size=4), max_size=5))
def test_rows_written_by_the_csv_module_read_back(rows: list[list[str]]) -> None:
    """Rows with commas, quotes and every kind of line ending in them come back as
    they were."""
    rows = [[cell.replace("\x00", "") for cell in row] for row in rows if row]
    out = csv_lines("")
    csv.writer(out).writerows(rows)
    text = out.getvalue()
    assert csv_problem(text) is None
    assert [r for r in csv.reader(csv_lines(text)) if r] == [r for r in rows if r]
