"""Results read from the tallies: a fixed number of queries however many people
answered. Every figure follows the disclosure rule (cocommission.disclosure):
groups of fewer than five are hidden, and whatever would give them away."""

from __future__ import annotations

import datetime
import re
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from cocommission.disclosure import (
    Figures,
    K,
    State,
    feasible_range,
    label,
    primary,
    protect,
    share_shown,
)

from .counting import count_in_request
from .models import CHOICE_KINDS, TEXT_KINDS, Kind, Question, Response, Survey
from .services import ANSWERED, area_labels, matrix_key

BAR_STEP = 24
#: Questions with one answer each, which the compare page cross-tabulates.
SINGLE_KINDS = {Kind.SINGLE, Kind.AGREEMENT, Kind.RATING, Kind.AREA}


@dataclass
class Row:
    label: str
    count: int
    answered: int
    #: How the count may be shown (cocommission.disclosure), and its base.
    state: State = State.SHOWN
    base_state: State = State.SHOWN

    @property
    def hidden(self) -> bool:
        return self.state is not State.SHOWN

    @property
    def small(self) -> bool:
        return self.state is State.SMALL

    @property
    def count_shown(self) -> str:
        return label(self.count, self.state)

    @property
    def percent(self) -> Decimal | None:
        if not self.answered or not share_shown(self.state, self.base_state):
            return None
        return (Decimal(self.count) * 100 / self.answered).quantize(Decimal("1"))


@dataclass
class Ranked:
    """One choice of a ranking question: how often it came at each place."""

    label: str
    #: People who put it at place 1, 2, 3 …
    by_place: list[int]
    answered: int
    #: False for the team's downloads, which are exact.
    protected: bool = True
    first: Row = field(init=False)
    placed: Row = field(init=False)

    def __post_init__(self) -> None:
        self.first = Row(self.label, self.by_place[0], self.answered)
        self.placed = Row(self.label, sum(self.by_place), self.answered)

    @property
    def points(self) -> int:
        """A Borda count: the top place earns as many points as there are
        places, the last one point, unplaced nothing."""
        places = len(self.by_place)
        return sum((places - i) * n for i, n in enumerate(self.by_place))

    @property
    def exact(self) -> bool:
        """Points and average place are sums over every place's count, so they
        are shown only when no count of this choice is small or withheld."""
        return not self.protected or (
            not self.first.hidden
            and not self.placed.hidden
            and not any(0 < n < K for n in self.by_place)
        )

    @property
    def points_shown(self) -> str:
        return str(self.points) if self.exact else "–"

    @property
    def average_place(self) -> Decimal | None:
        placed = sum(self.by_place)
        if not placed or not self.exact:
            return None
        total = sum((i + 1) * n for i, n in enumerate(self.by_place))
        return (Decimal(total) / placed).quantize(Decimal("0.1"))


@dataclass
class QuestionResult:
    number: int
    question: Question
    answered: int
    rows: list[Row] = field(default_factory=list)
    mean: Decimal | None = None
    #: For matrix questions: each statement with a row per point of the scale.
    matrix: list[tuple[str, list[Row]]] = field(default_factory=list)
    #: For ranking questions: the choices, most points first.
    ranking: list[Ranked] = field(default_factory=list)
    answered_state: State = State.SHOWN

    @property
    def answered_shown(self) -> str:
        return label(self.answered, self.answered_state)

    @property
    def is_text(self) -> bool:
        return self.question.kind in TEXT_KINDS

    @property
    def chart_height(self) -> int:
        return BAR_STEP * len(self.rows)

    def bars(self) -> list[dict[str, Any]]:
        """Where each bar sits in the chart: 3 px per percentage point."""
        return [
            {
                "row": row,
                "y": BAR_STEP * i,
                "width": int((row.percent or 0) * 3),
            }
            for i, row in enumerate(self.rows)
        ]


#: A line of figures and the figure they add up to (``_RANKED`` for the places
#: of a ranking, which tie choice by choice instead).
Line = tuple[list[Row], int]
_RANKED = -1


def _lines(figures: Figures, result: QuestionResult, answered: int) -> list[Line]:
    """The question's rows of counts, each with the figure that bounds them."""
    lines: list[Line] = []
    if result.matrix:
        for _statement, scale in result.matrix:
            # Each statement's base is never printed: it only ties its cells.
            base = figures.add(sum(r.count for r in scale))
            figures.unpublished.add(base)
            figures.tie(answered, [base], "<=")
            lines.append((scale, base))
    elif result.ranking:
        firsts = [r.first for r in result.ranking]
        lines.append((firsts, answered))
        lines.append(([r.placed for r in result.ranking], _RANKED))
    elif result.rows:
        lines.append((result.rows, answered))
    return lines


def _tie_lines(
    figures: Figures, result: QuestionResult, lines: list[Line], answered: int
) -> dict[int, int]:
    """Add each row's count and tie it to its line's base; the figure of each row
    (by ``id``)."""
    ids: dict[int, int] = {}
    for rows, base in lines:
        for row in rows:
            ids[id(row)] = figures.add(row.count)
        members = [ids[id(row)] for row in rows]
        if base == _RANKED:  # given a place at least as often as put 1st
            for ranked in result.ranking:
                figures.tie(ids[id(ranked.placed)], [ids[id(ranked.first)]], "<=")
                figures.tie(answered, [ids[id(ranked.placed)]], "<=")
        elif result.question.kind == Kind.MULTIPLE:
            for member in members:
                figures.tie(base, [member], "<=")
            figures.tie(base, members, ">=")
        else:
            figures.tie(base, members)
    return ids


def _apply_states(
    result: QuestionResult,
    lines: list[Line],
    states: list[State],
    unpublished: set[int],
    ids: dict[int, int],
    answered: int,
) -> None:
    """Mark each row (and the number who answered) with how it may be shown."""
    result.answered_state = states[answered]
    for rows, base in lines:
        base_state = states[answered] if base == _RANKED else states[base]
        if base in unpublished:
            # A base no page prints is known only when every count in it is.
            hidden = any(states[ids[id(row)]] is not State.SHOWN for row in rows)
            base_state = State.HIDDEN if hidden else State.SHOWN
        for row in rows:
            row.state = states[ids[id(row)]]
            row.base_state = base_state
    if any(row.hidden for rows, _base in lines for row in rows):
        result.mean = None
    if result.answered_state is not State.SHOWN:
        result.mean = None


#: One question's figures as audited, its states and the figure of those who
#: answered it.
Audited = tuple[Figures, list[State], int]


def _protect(result: QuestionResult, responses: int) -> Audited:
    """Apply the disclosure rule to one question's figures. What a reader knows
    ties them: nobody answers more than once, the answers to a one-answer question
    add up to the number who answered it, and so on."""
    figures = Figures()
    everyone = figures.add(responses)
    figures.fixed[everyone] = primary(responses)
    answered = figures.add(result.answered, total=True)
    # Those who did not answer are a group too: everyone less those who did.
    # (Counted a moment apart, the answers can run ahead of the responses.)
    skipped = figures.add(max(responses - result.answered, 0))
    figures.derived.add(skipped)
    figures.tie(
        everyone, [answered, skipped], "==" if responses >= result.answered else "<="
    )
    lines = _lines(figures, result, answered)
    ids = _tie_lines(figures, result, lines, answered)
    states = protect(figures)
    if 0 < responses < K:
        # Fewer than 5 people in all: every figure is under 5, and any two
        # together could pin each other against that, so none is shown.
        states = [State.HIDDEN] * len(states)
    _apply_states(result, lines, states, figures.unpublished, ids, answered)
    return figures, states, answered


def _answered_range(audited: Audited) -> tuple[float, float]:
    """The least and greatest number who answered, as a reader can work it out
    from the question's figures."""
    figures, states, answered = audited
    return feasible_range(figures, states, answered)


def _withhold_answered(result: QuestionResult, audited: Audited) -> None:
    """Say "hidden" for the number who answered, and so for every share of it and
    the average."""
    _figures, states, answered = audited
    states[answered] = State.HIDDEN
    result.answered_state = State.HIDDEN
    result.mean = None
    for row in result.rows:
        row.base_state = State.HIDDEN


def _protect_pairs(
    results: list[QuestionResult], audits: list[Audited], responses: int
) -> None:
    """Withhold the number who answered a question while, with another's, it pins
    the people who answered one of the two but not the other.

    The compare page shows those people (A by B's "Not given" column), and each
    is at least those who answered A less those who answered B: 9 answered A
    and 5 answered B prove that at least 4 skipped B. Each question is audited
    alone, so this tie across questions is checked here, from the pages' own
    figures (the true groups are counted only by the compare page). A group
    pinned from 2 to 4 from below could be truly 2 to 4; withholding B's count
    leaves a reader only "at most everyone" for it."""
    single = [
        i for i, result in enumerate(results) if result.question.kind in SINGLE_KINDS
    ]
    ranges = {i: _answered_range(audits[i]) for i in single}
    changed = True
    while changed:
        changed = False
        for a in single:
            for b in single:
                if a == b or results[b].answered_state is State.HIDDEN:
                    continue
                (low_a, high_a), (low_b, high_b) = ranges[a], ranges[b]
                # Those who answered a but not b: at least, and at most.
                least = max(0.0, low_a - high_b)
                most = min(high_a, responses - low_b)
                if 2 <= least < K or 1 <= most < K - 1:
                    _withhold_answered(results[b], audits[b])
                    ranges[b] = _answered_range(audits[b])
                    changed = True


def _tallies(question: Question) -> tuple[dict[str, int], dict[str, Decimal]]:
    """The question's counts and totals by key, added up over the tally shards."""
    counts: dict[str, int] = {}
    totals: dict[str, Decimal] = {}
    for tally in question.tallies.all():
        counts[tally.key] = counts.get(tally.key, 0) + tally.count
        totals[tally.key] = totals.get(tally.key, Decimal(0)) + tally.total
    return counts, totals


def _matrix(question: Question, counts: dict[str, int]) -> list[tuple[str, list[Row]]]:
    matrix = []
    for statement in question.rows:
        keys = [(choice, f"{statement} :: {choice}") for choice in question.choices()]
        row_answered = sum(counts.get(key, 0) for _c, key in keys)
        matrix.append(
            (
                statement,
                [Row(choice, counts.get(key, 0), row_answered) for choice, key in keys],
            )
        )
    return matrix


def _ranking(
    question: Question, counts: dict[str, int], answered: int, *, exact: bool
) -> list[Ranked]:
    return sorted(
        (
            Ranked(
                option,
                [
                    counts.get(matrix_key(option, str(place)), 0)
                    for place in range(1, question.places + 1)
                ],
                answered,
                protected=not exact,
            )
            for option in question.choices()
        ),
        key=lambda ranked: -ranked.points,
    )


def _choice_rows(
    question: Question, counts: dict[str, int], answered: int, areas: list[str]
) -> list[Row]:
    labels = question.choices(areas)
    extra = [k for k in counts if k not in labels and k != ANSWERED]
    return [
        Row(label, counts.get(label, 0), answered)
        for label in [*labels, *sorted(extra)]
    ]


def _question_result(
    number: int, question: Question, areas: list[str], *, exact: bool
) -> QuestionResult:
    """One question's figures read from its tallies, before the disclosure rule."""
    counts, totals = _tallies(question)
    answered = counts.get(ANSWERED, 0)
    result = QuestionResult(number, question, answered)
    if question.kind == Kind.MATRIX:
        result.matrix = _matrix(question, counts)
    elif question.kind == Kind.RANKING:
        result.ranking = _ranking(question, counts, answered, exact=exact)
        # The chart shows how often each choice came first, in points order.
        result.rows = [ranked.first for ranked in result.ranking]
    elif question.kind in CHOICE_KINDS:
        result.rows = _choice_rows(question, counts, answered, areas)
        if question.kind == Kind.RATING and answered:
            total = sum(int(r.label) * r.count for r in result.rows)
            result.mean = (Decimal(total) / answered).quantize(Decimal("0.1"))
    elif question.kind == Kind.NUMBER and answered:
        result.mean = (totals[ANSWERED] / answered).quantize(Decimal("0.01"))
    return result


def survey_results(
    survey: Survey, *, public: bool = False, exact: bool = False
) -> list[QuestionResult]:
    """Counts and percentages per question, under the disclosure rule
    (cocommission.disclosure) on the team's page as on the public one; ``exact``
    is for the team's downloads, which hold every response anyway. ``public``
    also keeps free text out."""
    count_in_request(survey)
    questions = list(survey.questions.prefetch_related("tallies", "quotes"))
    areas = area_labels(survey) if any(q.kind == Kind.AREA for q in questions) else []
    responses = survey.response_count
    results = []
    audits = []
    for number, question in enumerate(questions, start=1):
        result = _question_result(number, question, areas, exact=exact)
        if not exact:
            audits.append(_protect(result, responses))
        results.append(result)
    if not exact and responses >= K:
        # Under K people in all, every figure is hidden already.
        _protect_pairs(results, audits, responses)
    return results


#: Free-text answers shown on one page.
TEXT_PAGE = 25
# JSON text escapes these, so a search holding one cannot use the index's text.
_ESCAPED_IN_JSON = re.compile(r'["\\\x00-\x1f]')


@dataclass
class TextPage:
    """One page of free-text answers, newest first, and the keys of the pages
    either side ("" when there is none). Keys are opaque to the page."""

    answers: list[str]
    newer: str = ""
    older: str = ""

    @property
    def has_other_pages(self) -> bool:
        return bool(self.newer or self.older)


def _key(day: datetime.date, pk: uuid.UUID) -> str:
    return f"{day.isoformat()}_{pk.hex}"


def _parse_key(key: str) -> tuple[datetime.date, uuid.UUID] | None:
    day, _sep, pk = key.partition("_")
    try:
        return datetime.date.fromisoformat(day), uuid.UUID(hex=pk)
    except ValueError:
        return None


def text_answers(
    question: Question, *, search: str = "", newer: str = "", older: str = ""
) -> TextPage:
    """Free-text answers to one question, newest first, searchable, a page at a
    time. Pages are found by the key of the answer they follow (keyset), never
    by counting or skipping answers, so every page costs the same at a million
    responses. ``older`` gives the page after that key, ``newer`` the answers
    just before it. On PostgreSQL a search first narrows to responses whose
    answers hold the words, through a trigram index on the answers' text, then
    matches exactly as on any database: the answer contains the search,
    whatever the case."""
    name = question.field_name
    answers = Response.objects.filter(survey_id=question.survey_id).exclude(
        **{f"answers__{name}__isnull": True}
    )
    if search:
        if connection.vendor == "postgresql" and not _ESCAPED_IN_JSON.search(search):
            # Matches the index made in migration 0012.
            answers = answers.alias(
                _text=Cast("answers", output_field=TextField())
            ).filter(_text__icontains=search)
        answers = answers.filter(**{f"answers__{name}__icontains": search})
    going_newer = False
    if (key := _parse_key(newer)) is not None:
        day, pk = key
        going_newer = True
        answers = answers.filter(
            Q(submitted_on__gte=day) & (Q(submitted_on__gt=day) | Q(id__gt=pk))
        ).order_by("submitted_on", "id")
    else:
        if (key := _parse_key(older)) is not None:
            day, pk = key
            answers = answers.filter(
                Q(submitted_on__lte=day) & (Q(submitted_on__lt=day) | Q(id__lt=pk))
            )
        answers = answers.order_by("-submitted_on", "-id")
    rows = list(
        answers.values_list("submitted_on", "id", f"answers__{name}")[: TEXT_PAGE + 1]
    )
    more = len(rows) > TEXT_PAGE
    rows = rows[:TEXT_PAGE]
    if going_newer:
        rows.reverse()
    page = TextPage(answers=[text for _day, _pk, text in rows])
    if rows:
        first, last = _key(*rows[0][:2]), _key(*rows[-1][:2])
        # Going newer, the page came from an older one; going older (or from the
        # start), from a newer one unless this is the first page.
        page.newer = first if (more if going_newer else key is not None) else ""
        page.older = last if (more or going_newer) else ""
    return page
