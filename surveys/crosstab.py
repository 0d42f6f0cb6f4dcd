"""Cross-tabulations: one question's answers against another's, or against a
profile category, counted in the database, with small cells suppressed.

The disclosure rule (cocommission.disclosure) decides what is shown: cells of 1 to
k - 1 people are "fewer than 5", and further cells or totals are hidden until no
small cell can be narrowed from the table together with what the survey's results
page shows (the table's row totals are counts on that page)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.db.models.fields.json import KT
from django.utils.translation import gettext as _

from cocommission.disclosure import Figures, State, label, primary, protect
from cocommission.disclosure import K as DISCLOSURE_K

from .models import Kind, Question, Response
from .services import area_labels

K = DISCLOSURE_K
#: Questions with one answer each, which can be cross-tabulated.
SINGLE_KINDS = {Kind.SINGLE, Kind.AGREEMENT, Kind.RATING, Kind.AREA}
NOT_GIVEN = "__none__"


@dataclass
class Published:
    """What the results page already shows about a table's margins, lined up
    with its rows and columns: each one's count and state there (None when the
    page has no such figure), and the number who answered."""

    rows: list[tuple[int, State] | None]
    #: Whether each row holds everyone with that answer, or only some of them
    #: (people with a profile).
    rows_exact: bool
    answered: tuple[int, State]
    columns: list[tuple[int, State] | None] = field(default_factory=list)
    #: How many responded to the survey, and answered the other question.
    responses: tuple[int, State] | None = None
    by_answered: tuple[int, State] | None = None
    #: Comparing with another question: for each of its answers (and "not
    #: given"), how many did not answer this question.
    outside: list[int] = field(default_factory=list)


def protect_table(
    cells: list[list[int]], published: Published | None = None, k: int = K
) -> tuple[list[list[State]], list[State], list[State], State]:
    """States of the cells, row totals, column totals and the grand total under
    the disclosure rule, counting what the results page shows as known."""
    figures = Figures()
    ids = [[figures.add(n) for n in row] for row in cells]
    columns = list(zip(*cells, strict=True)) if cells else []
    row_ids = [figures.add(sum(row), total=True) for row in cells]
    col_ids = [figures.add(sum(col), total=True) for col in columns]
    grand = figures.add(sum(map(sum, cells)), total=True)
    for r, row in enumerate(ids):
        figures.tie(row_ids[r], row)
    for c in range(len(columns)):
        figures.tie(col_ids[c], [row[c] for row in ids])
    figures.tie(grand, row_ids)
    figures.tie(grand, col_ids)
    if published and published.responses and 0 < published.responses[0] < k:
        every = [State.HIDDEN] * len(ids[0]) if ids else []
        return (
            [list(every) for _row in ids],
            [State.HIDDEN] * len(row_ids),
            [State.HIDDEN] * len(col_ids),
            State.HIDDEN,
        )
    if published is not None:
        # People who answered the other question but not this one: never shown,
        # but a reader knows they make up the rest of each column.
        outside = [figures.add(n) for n in published.outside]
        figures.unpublished.update(outside)
        relation = "==" if published.rows_exact else "<="
        links = [([row_ids[r]], m, relation) for r, m in enumerate(published.rows)]
        for c, margin in enumerate(published.columns):
            if outside:
                links.append(([col_ids[c], outside[c]], margin, "=="))
            else:
                links.append(([col_ids[c]], margin, "<="))
        links.append(([grand], published.answered, "<="))
        if published.responses is not None:
            links.append(
                ([grand, *outside], published.responses, "==" if outside else "<=")
            )
        if published.by_answered is not None and outside:
            parts = [*col_ids[:-1], *outside[:-1]]
            links.append((parts, published.by_answered, "<="))
        for parts, margin, how in links:
            if margin is None:
                continue
            count, state = margin
            shown_elsewhere = figures.add(count)
            figures.fixed[shown_elsewhere] = state
            figures.tie(shown_elsewhere, parts, how)
    states = protect(figures, k)
    return (
        [[states[i] for i in row] for row in ids],
        [states[i] for i in row_ids],
        [states[i] for i in col_ids],
        states[grand],
    )


@dataclass
class Table:
    row_labels: list[str]
    col_labels: list[str]
    cells: list[list[int]]
    states: list[list[State]]
    row_states: list[State]
    col_states: list[State]
    total_state: State

    @property
    def hidden(self) -> list[list[bool]]:
        return [[s is not State.SHOWN for s in row] for row in self.states]

    @property
    def rows(self) -> list[tuple[str, list[str], str]]:
        """Each row: its label, the cells as shown, and its total as shown."""
        return [
            (
                row_label,
                [
                    label(n, state)
                    for n, state in zip(self.cells[r], self.states[r], strict=True)
                ],
                label(sum(self.cells[r]), self.row_states[r]),
            )
            for r, row_label in enumerate(self.row_labels)
        ]

    @property
    def column_totals(self) -> list[str]:
        totals = [sum(col) for col in zip(*self.cells, strict=True)]
        return [
            label(total, state)
            for total, state in zip(totals, self.col_states, strict=True)
        ]

    @property
    def total_shown(self) -> str:
        return label(sum(map(sum, self.cells)), self.total_state)


def _published(
    question: Question,
    by: Question | None,
    row_labels: list[str],
    col_labels: list[str],
    *,
    rows_exact: bool,
) -> Published:
    """The margins as the survey's results page shows them."""
    from .results import survey_results

    results = {r.question.pk: r for r in survey_results(question.survey)}
    mine = results[question.pk]
    mine_rows = {r.label: (r.count, r.state) for r in mine.rows}
    columns: list[tuple[int, State] | None] = [None] * (len(col_labels) + 1)
    by_answered = None
    if by is not None:
        theirs = {r.label: (r.count, r.state) for r in results[by.pk].rows}
        columns = [theirs.get(c) for c in col_labels] + [None]
        other = results[by.pk]
        by_answered = (other.answered, other.answered_state)
    responses = question.survey.response_count
    return Published(
        rows=[mine_rows.get(r) for r in row_labels],
        rows_exact=rows_exact,
        answered=(mine.answered, mine.answered_state),
        columns=columns,
        responses=(responses, primary(responses)),
        by_answered=by_answered,
    )


def _table(
    counts: Counter[tuple[str, str]],
    row_labels: list[str],
    col_labels: list[str],
    published: Published,
) -> Table:
    keys = [*col_labels, NOT_GIVEN]
    cells = [[counts[(r, c)] for c in keys] for r in row_labels]
    states, row_states, col_states, total_state = protect_table(cells, published)
    return Table(
        row_labels=row_labels,
        col_labels=[*col_labels, _("Not given")],
        cells=cells,
        states=states,
        row_states=row_states,
        col_states=col_states,
        total_state=total_state,
    )


def crosstab_by_question(question: Question, by: Question) -> Table:
    """``question``'s answers (rows) by ``by``'s answers (columns), in one query."""
    areas = area_labels(question.survey)
    counts: Counter[tuple[str, str]] = Counter()
    outside: Counter[str] = Counter()
    for row in (
        Response.objects.filter(survey_id=question.survey_id)
        .values(
            a=KT(f"answers__{question.field_name}"), b=KT(f"answers__{by.field_name}")
        )
        .annotate(n=Count("id"))
    ):
        if row["a"] is not None:
            counts[(row["a"], row["b"] or NOT_GIVEN)] += row["n"]
        else:
            outside[row["b"] or NOT_GIVEN] += row["n"]
    rows, columns = question.choices(areas), by.choices(areas)
    published = _published(question, by, rows, columns, rows_exact=True)
    published.outside = [outside[c] for c in [*columns, NOT_GIVEN]]
    return _table(counts, rows, columns, published)


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
    rows, columns = question.choices(areas), [v.label for v in category.values.all()]
    return _table(
        counts,
        rows,
        columns,
        _published(question, None, rows, columns, rows_exact=False),
    )
