"""Short links printed on code cards, with the code in them: ``/c/<code>`` for
an invitation code (a survey), ``/v/<code>`` for a voting code (a ballot)."""

from __future__ import annotations

import re

from django.urls import reverse

#: What a code may look like in a link: letters, digits and dashes, short.
CODE_IN_LINK = re.compile(r"^[A-Za-z0-9-]{1,20}$")


def code_link(code: str, *, ballot: bool = False) -> str:
    """The path of the short link for ``code``."""
    return reverse("ballot_code_link" if ballot else "survey_code_link", args=[code])


def code_from_query(value: str) -> str:
    """A code passed on from a short link, if it looks like one, for the code
    form to show filled in."""
    return value if CODE_IN_LINK.match(value) else ""
