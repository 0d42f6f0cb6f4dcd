"""The free-text answers page, walked as a person walks it: following the
"Older" and "Newer" links, with and without a search."""

from __future__ import annotations

import datetime
import html
import re
import uuid
from collections.abc import Iterator
from unittest import mock

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from surveys.models import Kind, Response, Survey
from tests.surveys.factories import make_survey
from tests.surveys.test_views import staff_url

# Quotes and backslashes are written escaped in the answers' JSON text, so a
# search holding one takes the other road on PostgreSQL: both are tried.
ALPHABET = "abcAB '\"\\%_é"
TEXT = st.text(alphabet=ALPHABET, min_size=1, max_size=12)
DAY = datetime.date(2026, 3, 1)

_CARD = re.compile(r'<li class="app-card">(.*?)(?:<br>|</li>)', re.S)


def _answers_on(page: str) -> list[str]:
    results = page.split('id="text-results"', 1)[1]
    return [html.unescape(text) for text in _CARD.findall(results)]


def _link(page: str, rel: str) -> str | None:
    found = re.search(rf'href="(\?[^"]*)"\s+rel="{rel}"', page)
    return html.unescape(found.group(1)) if found else None


def _walk(
    client: Client, url: str, first: str, rel: str
) -> Iterator[tuple[str, list[str]]]:
    """Every page from ``first`` on, following the ``rel`` link: its address and
    its answers."""
    query: str | None = first
    seen = 0
    while query is not None:
        page = client.get(url + query).content.decode()
        yield query, _answers_on(page)
        query = _link(page, rel)
        seen += 1
        assert seen < 100, "the links go round in a circle"


def _store(survey: Survey, answers: list[tuple[int, str | None]]) -> list[str]:
    """Responses answering the text question (or not, for None), on the given
    days after DAY; returns the answers newest first, as the page orders them."""
    name = survey.questions.get(kind=Kind.LONG_TEXT).field_name
    rows = [
        Response(
            survey=survey,
            answers={} if text is None else {name: text},
            submitted_on=DAY + datetime.timedelta(days=day),
            submission_key=uuid.uuid4(),
        )
        for day, text in answers
    ]
    Response.objects.bulk_create(rows)
    rows.sort(key=lambda r: (r.submitted_on, r.id), reverse=True)
    return [r.answers[name] for r in rows if r.answers]


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    answers=st.lists(
        st.tuples(st.integers(0, 3), st.none() | TEXT), min_size=0, max_size=14
    ),
    search=st.none() | TEXT,
)
@example(answers=[(0, "A")], search=" ")
def test_every_answer_is_reached_once_walking_the_pages(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    answers: list[tuple[int, str | None]],
    search: str | None,
) -> None:
    """Following "Older" from the first page shows every answer (that holds the
    search, whatever the case) exactly once, newest first; following "Newer" back
    from the last page shows the same pages in reverse."""
    survey = make_survey(organisation)
    expected = _store(survey, answers)
    # The page searches for what was typed less the spaces around it; spaces
    # alone are no search.
    needle = (search or "").strip()
    if needle:
        expected = [t for t in expected if needle.lower() in t.lower()]
    question = survey.questions.get(kind=Kind.LONG_TEXT)
    url = staff_url("surveys:text_results", survey, question_pk=question.pk)
    client.force_login(people["commissioner"])
    first = "" if search is None else "?q=" + search
    with mock.patch("surveys.results.TEXT_PAGE", 3):
        walked = list(_walk(client, url, first, "next"))
        older = [page for _query, page in walked]
        assert [t for page in older for t in page] == expected
        assert all(len(page) == 3 for page in older[:-1])
        back = [page for _query, page in _walk(client, url, walked[-1][0], "prev")]
        assert back == list(reversed(older))


def test_a_broken_page_key_shows_the_first_page(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """A key that is not one (typed by hand, cut short) shows the newest answers."""
    survey = make_survey(organisation)
    expected = _store(survey, [(0, "Buses"), (1, "Trains")])
    question = survey.questions.get(kind=Kind.LONG_TEXT)
    url = staff_url("surveys:text_results", survey, question_pk=question.pk)
    client.force_login(people["commissioner"])
    for key in ("nonsense", "2026-13-01_zz", "_"):
        page = client.get(url, {"older": key, "newer": key}).content.decode()
        assert _answers_on(page) == expected


def test_each_page_costs_the_same_queries(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
) -> None:
    """The first page, a search and a page deep in the answers read the same
    number of queries, however many answers there are, and none counts answers
    or skips over them."""
    survey = make_survey(organisation)
    question = survey.questions.get(kind=Kind.LONG_TEXT)
    url = staff_url("surveys:text_results", survey, question_pk=question.pk)
    client.force_login(people["commissioner"])
    _store(survey, [(0, "The buses are late")])
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"q": "bus"})
    _store(survey, [(day % 5, f"The buses, {day}") for day in range(80)])
    first = client.get(url).content.decode()
    deep = _link(first, "next") or ""
    for _page in range(2):
        deep = _link(client.get(url + deep).content.decode(), "next") or ""
    for query in ("", "?q=bus", deep):
        with CaptureQueriesContext(connection) as many:
            client.get(url + query)
        assert len(many) == len(few)
        answers_sql = [q["sql"] for q in many if "surveys_response" in q["sql"]]
        assert answers_sql
        assert not any("COUNT(" in sql or "OFFSET" in sql for sql in answers_sql)
