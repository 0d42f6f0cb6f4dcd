"""Cross-tabulations: one question's answers against another's, or against a
profile category, counted in the database, with small cells suppressed.

Primary suppression hides every cell from 1 to k - 1 people. Secondary
suppression then hides more cells so that no row or column has exactly one hidden
cell beside a shown total (which would let someone subtract to find it)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.db.models.fields.json import KT
from django.utils.translation import gettext as _

from .models import Kind, Question, Response
from .services import area_labels

K = 5
#: Questions with one answer each, which can be cross-tabulated.
SINGLE_KINDS = {Kind.SINGLE, Kind.AGREEMENT, Kind.RATING, Kind.AREA}
NOT_GIVEN = "__none__"


def suppress(cells: list[list[int]], k: int = K) -> list[list[bool]]:
    """Which cells to hide: primary (0 < n < k), then secondary until no row or
    column has exactly one hidden cell among cells that could be hidden."""
    rows = len(cells)
    cols = len(cells[0]) if cells else 0
    hidden = [[0 < cells[r][c] < k for c in range(cols)] for r in range(rows)]

    def fix(lines: list[list[tuple[int, int]]]) -> bool:
        changed = False
        for line in lines:
            secret = [(r, c) for r, c in line if hidden[r][c]]
            if len(secret) != 1:
                continue
            candidates = [
                (cells[r][c], r, c)
                for r, c in line
                if not hidden[r][c] and cells[r][c] > 0
            ]
            if candidates:
                _n, r, c = min(candidates)
                hidden[r][c] = True
                changed = True
        return changed

    row_lines = [[(r, c) for c in range(cols)] for r in range(rows)]
    col_lines = [[(r, c) for r in range(rows)] for c in range(cols)]
    while fix(row_lines) | fix(col_lines):
        pass
    return hidden


def hidden_totals(
    cells: list[list[int]], hidden: list[list[bool]], k: int = K
) -> tuple[list[bool], list[bool]]:
    """Row and column totals to hide: those under k, and those of a line left with
    a single hidden cell (nothing else in it could be hidden), which would give
    that cell away."""
    rows = [
        0 < sum(row) < k or sum(flags) == 1
        for row, flags in zip(cells, hidden, strict=True)
    ]
    columns = [
        0 < sum(col) < k or sum(flags) == 1
        for col, flags in zip(
            zip(*cells, strict=True), zip(*hidden, strict=True), strict=True
        )
    ]
    return rows, columns


@dataclass
class Table:
    row_labels: list[str]
    col_labels: list[str]
    cells: list[list[int]]
    hidden: list[list[bool]]

    @property
    def rows(self) -> list[tuple[str, list[str], str]]:
        """Each row: its label, the cells as shown, and its total as shown."""
        row_hidden, _columns = hidden_totals(self.cells, self.hidden)
        shown = []
        for r, label in enumerate(self.row_labels):
            values = [
                _("hidden") if self.hidden[r][c] else str(n)
                for c, n in enumerate(self.cells[r])
            ]
            total = sum(self.cells[r])
            shown.append((label, values, _("hidden") if row_hidden[r] else str(total)))
        return shown

    @property
    def column_totals(self) -> list[str]:
        _rows, column_hidden = hidden_totals(self.cells, self.hidden)
        totals = [sum(col) for col in zip(*self.cells, strict=True)]
        return [
            _("hidden") if flag else str(total)
            for total, flag in zip(totals, column_hidden, strict=True)
        ]


def _table(
    counts: Counter[tuple[str, str]], row_labels: list[str], col_labels: list[str]
) -> Table:
    keys = [*col_labels, NOT_GIVEN]
    cells = [[counts[(r, c)] for c in keys] for r in row_labels]
    return Table(
        row_labels=row_labels,
        col_labels=[*col_labels, _("Not given")],
        cells=cells,
        hidden=suppress(cells),
    )


def crosstab_by_question(question: Question, by: Question) -> Table:
    """``question``'s answers (rows) by ``by``'s answers (columns), in one query."""
    areas = area_labels(question.survey)
    counts: Counter[tuple[str, str]] = Counter()
    for row in (
        Response.objects.filter(survey_id=question.survey_id)
        .values(
            a=KT(f"answers__{question.field_name}"), b=KT(f"answers__{by.field_name}")
        )
        .annotate(n=Count("id"))
    ):
        if row["a"] is not None:
            counts[(row["a"], row["b"] or NOT_GIVEN)] += row["n"]
    return _table(counts, question.choices(areas), by.choices(areas))


def crosstab_by_category(question: Question, category: Any) -> Table:
    """``question``'s answers by a profile category: identified surveys only, as
    anonymous answers cannot be joined to profiles."""
    areas = area_labels(question.survey)
    counts: Counter[tuple[str, str]] = Counter()
    answers = dict(
        Response.objects.filter(
            survey_id=question.survey_id, respondent__isnull=False
        ).values_list("respondent_id", KT(f"answers__{question.field_name}"))
    )
    from panels.models import ProfileAnswer

    profile = dict(
        ProfileAnswer.objects.filter(
            user_id__in=list(answers), category=category, value__isnull=False
        ).values_list("user_id", "value__label")
    )
    for user_id, answer in answers.items():
        if answer is not None:
            counts[(answer, profile.get(user_id, NOT_GIVEN))] += 1
    return _table(
        counts,
        question.choices(areas),
        [v.label for v in category.values.all()],
    )
