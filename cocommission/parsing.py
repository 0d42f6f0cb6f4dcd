"""Reading ids and whole numbers people send us, in one place.

``str.isdigit()`` is true for "²", which ``int()`` then refuses; ``int()`` itself
accepts "٣", " 7 " and "1_000"; and a number can be far beyond what the database's
integer columns hold. Any of these reaching a query or a save was a server error.
So every id or number read from a query string, a POST field, a URL or a CSV cell
goes through here: only ASCII digits, within the column's range, or nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

#: The ranges of PostgreSQL's ``smallint`` and ``bigint`` columns; primary keys
#: are ``bigint`` (``BigAutoField``).
SMALLINT_MAX = 2**15 - 1
BIGINT_MAX = 2**63 - 1

_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,19}")


def int_or_none(
    value: object, *, minimum: int = -BIGINT_MAX, maximum: int = BIGINT_MAX
) -> int | None:
    """``value`` as an int if it is ASCII digits (optionally a leading minus)
    within ``minimum``..``maximum``, else None. Ints pass through the same range
    check; anything else (None, lists, floats, bools) is None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _WHOLE_NUMBER.fullmatch(value):
        number = int(value)
    else:
        return None
    return number if minimum <= number <= maximum else None


def id_or_none(value: object) -> int | None:
    """``value`` as a primary key (1 to the largest ``bigint``), else None."""
    return int_or_none(value, minimum=1)


def id_param(params: Mapping[str, Any], name: str) -> int | None:
    """The id in ``params[name]`` (``request.GET`` or ``request.POST``), or None
    when it is missing or not an id. With several values, the last counts, as
    Django's ``QueryDict.get`` does."""
    return id_or_none(params.get(name))


def id_params(params: Any, name: str) -> list[int]:
    """Every id in ``params.getlist(name)``, leaving out values that are not ids."""
    return [pk for value in params.getlist(name) if (pk := id_or_none(value))]
