"""Results read from the tallies: a fixed number of queries however many people
answered. Published results hide groups of fewer than five."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.utils.translation import gettext as _

from .counting import count_waiting
from .models import CHOICE_KINDS, TEXT_KINDS, Kind, Question, Response, Survey
from .services import ANSWERED, area_labels, matrix_key

SMALL = 5
BAR_STEP = 24


@dataclass
class Row:
    label: str
    count: int
    answered: int
    suppress: bool

    @property
    def hidden(self) -> bool:
        return self.suppress and 0 < self.count < SMALL

    @property
    def count_shown(self) -> str:
        return _("fewer than 5") if self.hidden else str(self.count)

    @property
    def percent(self) -> Decimal | None:
        if self.hidden or not self.answered:
            return None
        return (Decimal(self.count) * 100 / self.answered).quantize(Decimal("1"))


@dataclass
class Ranked:
    """One choice of a ranking question: how often it came at each place."""

    label: str
    #: People who put it at place 1, 2, 3 …
    by_place: list[int]
    answered: int
    suppress: bool

    @property
    def first(self) -> Row:
        return Row(self.label, self.by_place[0], self.answered, self.suppress)

    @property
    def placed(self) -> Row:
        return Row(self.label, sum(self.by_place), self.answered, self.suppress)

    @property
    def points(self) -> int:
        """A Borda count: the top place earns as many points as there are
        places, the last one point, unplaced nothing."""
        places = len(self.by_place)
        return sum((places - i) * n for i, n in enumerate(self.by_place))

    @property
    def points_shown(self) -> str:
        if self.suppress and 0 < self.answered < SMALL:
            return "–"
        return str(self.points)

    @property
    def average_place(self) -> Decimal | None:
        placed = sum(self.by_place)
        if not placed or self.placed.hidden:
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


def survey_results(survey: Survey, *, public: bool = False) -> list[QuestionResult]:
    """Counts and percentages per question; ``public`` hides small groups (and
    every free-text answer)."""
    count_waiting(survey)
    questions = list(survey.questions.prefetch_related("tallies", "quotes"))
    areas = area_labels(survey) if any(q.kind == Kind.AREA for q in questions) else []
    results = []
    for number, question in enumerate(questions, start=1):
        counts: dict[str, int] = {}
        totals: dict[str, Decimal] = {}
        for tally in question.tallies.all():
            counts[tally.key] = counts.get(tally.key, 0) + tally.count
            totals[tally.key] = totals.get(tally.key, Decimal(0)) + tally.total
        answered = counts.get(ANSWERED, 0)
        result = QuestionResult(number, question, answered)
        if question.kind == Kind.MATRIX:
            for statement in question.rows:
                keys = [
                    (choice, f"{statement} :: {choice}")
                    for choice in question.choices()
                ]
                row_answered = sum(counts.get(key, 0) for _c, key in keys)
                result.matrix.append(
                    (
                        statement,
                        [
                            Row(choice, counts.get(key, 0), row_answered, public)
                            for choice, key in keys
                        ],
                    )
                )
        elif question.kind == Kind.RANKING:
            result.ranking = sorted(
                (
                    Ranked(
                        option,
                        [
                            counts.get(matrix_key(option, str(place)), 0)
                            for place in range(1, question.places + 1)
                        ],
                        answered,
                        public,
                    )
                    for option in question.choices()
                ),
                key=lambda ranked: -ranked.points,
            )
            # The chart shows how often each choice came first, in points order.
            result.rows = [ranked.first for ranked in result.ranking]
        elif question.kind in CHOICE_KINDS:
            labels = question.choices(areas)
            extra = [k for k in counts if k not in labels and k != ANSWERED]
            result.rows = [
                Row(label, counts.get(label, 0), answered, public)
                for label in [*labels, *sorted(extra)]
            ]
            if question.kind == Kind.RATING and answered:
                total = sum(int(r.label) * r.count for r in result.rows)
                result.mean = (Decimal(total) / answered).quantize(Decimal("0.1"))
        elif question.kind == Kind.NUMBER and answered:
            result.mean = (totals[ANSWERED] / answered).quantize(Decimal("0.01"))
        if public and 0 < answered < SMALL:
            result.mean = None
        results.append(result)
    return results


def text_answers(question: Question, *, search: str = "", page: Any = 1) -> Page[Any]:
    """Free-text answers to one question, newest first, searchable, 25 a page."""
    name = question.field_name
    answers = Response.objects.filter(survey_id=question.survey_id).exclude(
        **{f"answers__{name}__isnull": True}
    )
    if search:
        answers = answers.filter(**{f"answers__{name}__icontains": search})
    texts = answers.order_by("-submitted_on").values_list(f"answers__{name}", flat=True)
    return Paginator(texts, 25).get_page(page)
