"""Path converters for our URLs."""

from __future__ import annotations

from .parsing import id_or_none


class IdConverter:
    """A primary key in a URL: ASCII digits from 1 to the largest ``bigint``.

    Django's ``<int:>`` takes any run of digits, so ``/cycles/10000…0/`` reached the
    view, and every use of the number had to allow for it not fitting a column. An
    id that cannot exist is now a 404 before any view runs.
    """

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = id_or_none(value)
        if number is None:
            raise ValueError(value)  # the resolver reads this as "no match"
        return number

    def to_url(self, value: int | str) -> str:
        return str(value)
