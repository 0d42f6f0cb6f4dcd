"""Ids and whole numbers people send are read in one place: only ASCII digits,
within the database's range, or nothing."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from cocommission.converters import IdConverter
from cocommission.parsing import (
    BIGINT_MAX,
    SMALLINT_MAX,
    id_or_none,
    id_param,
    id_params,
    int_or_none,
)


@given(st.integers(min_value=-BIGINT_MAX, max_value=BIGINT_MAX))
def test_every_number_in_range_reads_back(number: int) -> None:
    """A whole number written in ASCII digits reads as itself."""
    assert int_or_none(str(number)) == number


@given(st.text())
def test_anything_else_is_none_never_an_error(text: str) -> None:
    """Any text gives None or an int whose digits are exactly the text."""
    number = int_or_none(text)
    if number is not None:
        digits = text.removeprefix("-")
        assert digits.isascii() and digits.isdigit()
        assert number == int(text)


@given(
    st.one_of(
        st.integers(min_value=BIGINT_MAX + 1), st.integers(max_value=-BIGINT_MAX - 1)
    )
)
def test_numbers_beyond_bigint_are_none(number: int) -> None:
    """Numbers no column can hold are None, as text and as ints."""
    assert int_or_none(str(number)) is None
    assert int_or_none(number) is None


def test_unicode_digits_and_python_spellings_are_not_numbers() -> None:
    """ "²" passes str.isdigit() and "٣", " 7 " and "1_000" pass int(): none of them
    is an id here."""
    for text in ("²", "٣", "۵", " 7 ", "7\n", "1_000", "+5", "0x10", "1e3", "1.0", ""):
        assert int_or_none(text) is None, text


def test_ranges_match_the_columns() -> None:
    """Ids start at 1; callers can bound a number to a smallint column."""
    assert id_or_none("0") is None
    assert id_or_none("1") == 1
    assert id_or_none(str(BIGINT_MAX)) == BIGINT_MAX
    assert int_or_none(str(SMALLINT_MAX + 1), maximum=SMALLINT_MAX) is None
    assert int_or_none("-1", minimum=0) is None
    assert int_or_none(True) is None
    assert int_or_none(None) is None


def test_query_parameters() -> None:
    """id_param reads one id from a QueryDict; id_params keeps only the ids."""
    params = QueryDict("cycle=12&bad=%C2%B2&options=3&options=%C2%B2&options=4")
    assert id_param(params, "cycle") == 12
    assert id_param(params, "bad") is None
    assert id_param(params, "missing") is None
    assert id_params(params, "options") == [3, 4]


@given(st.from_regex(r"[0-9]{1,19}", fullmatch=True))
def test_the_path_converter_takes_exactly_the_ids(text: str) -> None:
    """The <id:> converter turns an id into an int and refuses 0 or beyond bigint
    (the resolver then answers 404)."""
    converter = IdConverter()
    number = int(text)
    if 1 <= number <= BIGINT_MAX:
        assert converter.to_python(text) == number
    else:
        with pytest.raises(ValueError):
            converter.to_python(text)
