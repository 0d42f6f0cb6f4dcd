"""Results by channel (online, paper, phone, event), under the disclosure rule."""

from __future__ import annotations

import random
import re
import uuid
from html import unescape

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.disclosure import Figures, K, State, narrowed
from cocommission.organisations.models import Organisation
from surveys.counting import count_waiting
from surveys.models import Channel, Kind
from surveys.results import survey_results
from surveys.submission import survey_submit_response
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {"kind": Kind.SINGLE, "text": "Pick", "options": ["A", "B", "C"], "required": True}
]
CHANNELS = [c.value for c in Channel]


def _fill(survey, counts: dict[str, list[str]], entered_by: User) -> None:
    field = survey.questions.get().field_name
    for channel, answers in counts.items():
        for answer in answers:
            survey_submit_response(
                survey=survey,
                answers={field: answer},
                user=AnonymousUser(),
                submission_key=uuid.uuid4(),
                channel=channel,
                entered_by=None if channel == Channel.ONLINE else entered_by,
            )
    count_waiting(survey)


def _state(text: str) -> State:
    if text == "hidden":
        return State.HIDDEN
    if text == "fewer than 5":
        return State.SMALL
    assert text.isdigit(), text
    return State.SHOWN


def _table(html: str) -> tuple[list[str], list[tuple[str, list[str], str]], list[str]]:
    """The rendered table: column labels, rows (label, cells, total), totals."""
    text = unescape(" ".join(html.split()))
    head = re.search(r"<thead.*?</thead>", text).group(0)
    labels = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', head)[:-1]
    body = re.search(r"<tbody.*?</tbody>", text).group(0)
    rows = []
    for row in re.findall(r"<tr.*?</tr>", body):
        name = re.search(r'<th scope="row"[^>]*>(.*?)</th>', row).group(1)
        cells = [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        rows.append((name, cells))
    *answers, (_all, totals) = rows
    return (
        labels,
        [(name, cells[:-1], cells[-1]) for name, cells in answers],
        totals[: len(labels)],
    )


def _page(client: Client, survey, **params: object) -> str:
    url = reverse(
        "surveys:crosstab",
        kwargs={"org_slug": survey.activity.cycle.organisation.slug, "pk": survey.pk},
    )
    response = client.get(url, {"by": "channel", **params})
    assert response.status_code == 200
    return response.content.decode()


def _reader(survey, labels, rows, totals, true_cells) -> None:
    """What a reader of the table and the results page together can pin: no
    small figure below its whole band 1..4, by subtraction or any sum."""
    figures = Figures()
    states: list[State | None] = []

    def add(value: int, shown: str) -> int:
        states.append(_state(shown))
        return figures.add(value)

    result = survey_results(survey)[0]
    everyone = add(survey.response_count, survey.response_count_shown)
    answered = figures.add(result.answered)
    states.append(result.answered_state)
    by_answer = {}
    for row in result.rows:
        by_answer[row.label] = figures.add(row.count)
        states.append(row.state)
    figures.tie(answered, list(by_answer.values()))
    figures.tie(everyone, [answered], "<=")
    ids = []
    for r, (name, cells, total) in enumerate(rows):
        line = [add(true_cells[r][c], cells[c]) for c in range(len(labels))]
        ids.append(line)
        row_total = add(sum(true_cells[r]), total)
        figures.tie(row_total, line)
        if name in by_answer:
            figures.tie(by_answer[name], [row_total])
        else:
            figures.tie(everyone, [row_total])
    for c, shown in enumerate(totals):
        col = add(sum(row[c] for row in true_cells), shown)
        figures.tie(col, [row[c] for row in ids])
    assert not narrowed(figures, states)


@pytest.mark.parametrize("seed", range(5))
def test_a_small_channel_never_shows_its_count(
    client: Client, organisation: Organisation, people: dict[str, User], seed: int
) -> None:
    """Generated surveys: a channel with fewer than 5 responses is never shown as
    a number, in the responses by channel or in any question by channel, and
    cannot be worked out from the totals and the results page."""
    rng = random.Random(seed)
    survey = make_survey(organisation, questions=QUESTIONS)
    counts = {
        channel: [rng.choice("ABC") for _i in range(rng.choice([0, 1, 2, 4, 5, 9]))]
        for channel in CHANNELS
    }
    counts[Channel.PAPER] = counts[Channel.PAPER] or ["A"]  # one entered, at least
    _fill(survey, counts, people["commissioner"])
    client.force_login(people["commissioner"])
    labels, rows, totals = _table(_page(client, survey))
    assert labels == [str(c.label) for c in Channel]
    (_name, cells, _total) = rows[0]
    sizes = [len(counts[c]) for c in CHANNELS]
    for size, shown in zip(sizes, cells, strict=True):
        if 0 < size < K:
            assert not shown.isdigit()
        elif shown.isdigit():
            assert int(shown) == size
    _reader(survey, labels, rows, totals, [sizes])
    question = survey.questions.get()
    labels, rows, totals = _table(_page(client, survey, question=question.pk))
    true_cells = [
        [counts[c].count(name) for c in CHANNELS] for name, _cells, _t in rows
    ]
    for r, (_name, cells, _total) in enumerate(rows):
        for c, shown in enumerate(cells):
            if 0 < true_cells[r][c] < K:
                assert not shown.isdigit()
    _reader(survey, labels, rows, totals, true_cells)


def test_channels_shown_when_big_enough(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    """With 5 or more in each channel, the counts are shown."""
    survey = make_survey(organisation, questions=QUESTIONS)
    _fill(
        survey,
        {"online": ["A"] * 7, "paper": ["B"] * 6, "phone": ["C"] * 5},
        people["commissioner"],
    )
    client.force_login(people["commissioner"])
    _labels, rows, _totals = _table(_page(client, survey))
    assert rows[0][1] == ["7", "6", "5", "0"]
    assert rows[0][2] == "18"


def test_all_online_says_so(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    survey = make_survey(organisation, questions=QUESTIONS)
    _fill(survey, {"online": ["A"] * 6}, people["commissioner"])
    client.force_login(people["commissioner"])
    assert "Every response so far came online" in _page(client, survey)
