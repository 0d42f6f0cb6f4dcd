"""Uploaded CSV files are read as UTF-8 text without NUL, or refused naming the
line."""

from __future__ import annotations

import csv
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from cocommission.csv_files import csv_import, csv_lines, csv_problem, csv_text
from cocommission.organisations.models import Organisation


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


def _organisation(row: dict[str, Any]) -> Organisation:
    if not row["name"]:
        raise ValidationError(["the name is missing", "the slug is missing"])
    return Organisation(name=row["name"], slug=row["slug"])


def test_an_import_needs_its_columns_on_the_first_line() -> None:
    """A file without a required column is refused on line 1, naming it."""
    report = csv_import(
        text="name\nA\n",
        required=("name", "slug"),
        model=Organisation,
        build=_organisation,
    )
    assert not report.ok
    assert report.errors == [(1, "The first line must name the columns; missing: slug")]


def test_an_import_reports_every_refused_line_and_saves_nothing() -> None:
    """Each refused row is reported with its line number and all its messages;
    a file of headers only has no rows of data."""
    report = csv_import(
        text="name,slug\n,a\nB,b\n,c\n",
        required=("name", "slug"),
        model=Organisation,
        build=_organisation,
    )
    message = "the name is missing; the slug is missing"
    assert report.errors == [(2, message), (4, message)] and report.saved == 0
    empty = csv_import(
        text="name,slug\n",
        required=("name",),
        model=Organisation,
        build=_organisation,
    )
    assert empty.errors == [(2, "The file has no rows of data")]


@pytest.mark.django_db
def test_an_import_saves_every_row_when_none_is_refused() -> None:
    """All rows are saved together, and the report counts them."""
    report = csv_import(
        text="name,slug\r\nA,a\r\nB,b\r\n",
        required=("name", "slug"),
        model=Organisation,
        build=_organisation,
    )
    assert report.ok and report.saved == 2
    assert set(Organisation.objects.values_list("slug", flat=True)) >= {"a", "b"}
