"""Cross-tabulations: one question's answers against another's, or against a
profile category, counted in the database, with small cells suppressed.

The disclosure rule (cocommission.disclosure) decides what is shown, for every
table of a survey at once: cells of 1 to k - 1 people are "fewer than 5", and
further cells or totals are hidden until no small figure can be narrowed from all
the survey's compare tables read together with what its results page shows. Two
tables of the same survey share people (the table of A by B and that of B by A
share their cells, and both are tied to A's and B's counts on the results page),
so deciding each table alone would let a reader combine them. The decision is one
integer programme per survey, cached under a digest of every figure in it, so it
is made again only when an answer or a profile changes."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Count
from django.db.models.fields.json import KT
from django.utils.translation import gettext as _

from cocommission.disclosure import Figures, State, label, primary, protect
from cocommission.disclosure import K as DISCLOSURE_K

from .models import Channel, Kind, Question, Response, Survey
from .results import SINGLE_KINDS
from .services import area_labels

K = DISCLOSURE_K
NOT_GIVEN = "__none__"
#: A day: the key changes whenever a figure does, so this only frees space.
CACHE_SECONDS = 60 * 60 * 24


def _lone_table(cells: list[list[int]], figures: Figures) -> tuple[Any, ...]:
    """Add a table's cells and totals, tied as every reader knows; their ids."""
    ids = [[figures.add(n) for n in row] for row in cells]
    return _totals(ids, figures)


def _totals(ids: list[list[int]], figures: Figures) -> tuple[Any, ...]:
    values = figures.values
    width = len(ids[0]) if ids else 0
    row_ids = [figures.add(sum(values[i] for i in row), total=True) for row in ids]
    col_ids = [
        figures.add(sum(values[row[c]] for row in ids), total=True)
        for c in range(width)
    ]
    grand = figures.add(sum(values[i] for i in row_ids), total=True)
    for r, row in enumerate(ids):
        figures.tie(row_ids[r], row)
    for c in range(width):
        figures.tie(col_ids[c], [row[c] for row in ids])
    figures.tie(grand, row_ids)
    figures.tie(grand, col_ids)
    return ids, row_ids, col_ids, grand


def protect_table(
    cells: list[list[int]], k: int = K
) -> tuple[list[list[State]], list[State], list[State], State]:
    """States of one table's cells, row totals, column totals and grand total
    under the disclosure rule, the table read alone."""
    figures = Figures()
    ids, row_ids, col_ids, grand = _lone_table(cells, figures)
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


@dataclass
class _Layout:
    """Where one table's figures sit among the survey's."""

    row_labels: list[str]
    col_labels: list[str]
    ids: list[list[int]]
    row_ids: list[int]
    col_ids: list[int]
    grand: int


class SurveyTables:
    """Every compare table of a survey, the figures of all of them and of the
    results page in one :class:`Figures`, protected together."""

    def __init__(self, survey: Survey) -> None:
        from .results import survey_results

        self.survey = survey
        self.questions = [q for q in survey.questions.all() if q.kind in SINGLE_KINDS]
        areas = (
            area_labels(survey)
            if any(q.kind == Kind.AREA for q in self.questions)
            else []
        )
        self.choices = {q.pk: q.choices(areas) for q in self.questions}
        self.figures = figures = Figures()
        self.layouts: dict[tuple[str, int, int], _Layout] = {}
        responses = survey.response_count
        self.few = 0 < responses < K
        everyone = figures.add(responses)
        figures.fixed[everyone] = primary(responses)
        # The results page: each answer's count and the number who answered.
        results = {r.question.pk: r for r in survey_results(survey)}
        self.counts: dict[int, dict[str | None, int]] = {}
        for question in self.questions:
            result = results[question.pk]
            answered = figures.add(result.answered)
            figures.fixed[answered] = result.answered_state
            figures.tie(everyone, [answered], "<=")
            mine: dict[str | None, int] = {}
            for row in result.rows:
                mine[row.label] = figures.add(row.count)
                figures.fixed[mine[row.label]] = row.state
            figures.tie(answered, list(mine.values()))
            self.counts[question.pk] = mine
            mine[None] = answered
        self._by_question(everyone)
        if not survey.is_anonymous:
            self._by_category()
        self._by_channel(everyone)
        digest = hashlib.sha256(
            repr(
                (
                    figures.values,
                    [(t.total, t.parts, t.relation) for t in figures.sums],
                    sorted((i, s.value) for i, s in figures.fixed.items()),
                    sorted(figures.unpublished),
                    sorted(figures.derived),
                    sorted(figures.totals),
                    self.few,
                )
            ).encode()
        ).hexdigest()
        key = f"surveys:crosstab:{survey.pk}:{digest}"
        cached = cache.get(key)
        if cached is None:
            states = protect(figures)
            if self.few:
                # Fewer than 5 people in all: any two figures could pin each
                # other, so no table shows any.
                states = [State.HIDDEN] * len(states)
            cached = [s.value for s in states]
            cache.set(key, cached, CACHE_SECONDS)
        self.states = [State(s) for s in cached]

    def _count(self, question: Question, answer: str | None) -> int:
        """The figure of how many gave ``answer``: on the results page, or (an
        answer the page does not list) never shown."""
        mine = self.counts[question.pk]
        if answer not in mine:
            mine[answer] = self.figures.add(0)
            self.figures.unpublished.add(mine[answer])
        return mine[answer]

    def _answer_pairs(self) -> list[tuple[dict[str, Any], int]]:
        """How many people gave each combination of answers (``a0``, ``a1`` … by
        question), in one query."""
        if not self.questions:
            return []
        names = {q.pk: f"a{i}" for i, q in enumerate(self.questions)}
        together = (
            Response.objects.filter(survey_id=self.survey.pk)
            .values(
                **{names[q.pk]: KT(f"answers__{q.field_name}") for q in self.questions}
            )
            .annotate(n=Count("id"))
        )
        return [(row, row["n"]) for row in together]

    def _by_question(self, everyone: int) -> None:
        """Each pair of questions: how many gave each pair of answers (nobody
        answering either, or an answer no longer offered, is never shown); the
        table of A by B shows the people who answered A, that of B by A the
        people who answered B."""
        everything = self._answer_pairs()
        for i, first in enumerate(self.questions):
            for j, second in enumerate(self.questions[i + 1 :], start=i + 1):
                pairs: Counter[tuple[str | None, str | None]] = Counter()
                for row, n in everything:
                    pairs[(row[f"a{i}"], row[f"a{j}"])] += n
                self._pair(everyone, first, second, pairs)

    def _pair(
        self,
        everyone: int,
        first: Question,
        second: Question,
        pairs: Counter[tuple[str | None, str | None]],
    ) -> None:
        """The figures of one pair of questions, tied to each answer's count and
        to everyone, and the two tables that show them."""
        figures = self.figures
        mine = self._answers(first, (a for a, _b in pairs))
        theirs = self._answers(second, (b for _a, b in pairs))
        cell = {
            (a, b): figures.add(pairs[(a, b)])
            for a in [*mine, None]
            for b in [*theirs, None]
        }
        for a in mine:
            figures.tie(self._count(first, a), [cell[(a, b)] for b in [*theirs, None]])
        for b in theirs:
            figures.tie(self._count(second, b), [cell[(a, b)] for a in [*mine, None]])
        figures.tie(everyone, list(cell.values()))
        shown: set[int] = set()
        for rows_q, by_q, flip in ((first, second, False), (second, first, True)):
            rows = self.choices[rows_q.pk]
            columns = self.choices[by_q.pk]
            ids = [
                [cell[(c, r) if flip else (r, c)] for c in [*columns, None]]
                for r in rows
            ]
            shown.update(i for row in ids for i in row)
            self._layout(("q", rows_q.pk, by_q.pk), ids, rows, columns)
        # Those who answered neither are never shown, but are a group a reader
        # may work out.
        figures.derived.add(cell[(None, None)])
        figures.unpublished.update(set(cell.values()) - shown - figures.derived)

    def _answers(self, question: Question, seen: Any) -> list[str]:
        """The answers offered, then any others people gave."""
        offered = self.choices[question.pk]
        extra = sorted({a for a in seen if a is not None and a not in offered})
        return [*offered, *extra]

    def _by_category(self) -> None:
        """Each question by each profile category, for the people with an
        account: a part of each answer's people."""
        from panels.models import DemographicCategory, ProfileAnswer

        organisation_id = self.survey.activity.cycle.organisation_id
        categories = list(
            DemographicCategory.objects.filter(organisation_id=organisation_id)
            .active()
            .prefetch_related("values")
        )
        if not categories or not self.questions:
            return
        answers = {
            row[0]: row[1:]
            for row in Response.objects.filter(
                survey_id=self.survey.pk, respondent__isnull=False
            ).values_list(
                "respondent_id",
                *(KT(f"answers__{q.field_name}") for q in self.questions),
            )
        }
        profile: dict[tuple[int, int], str] = {
            (user, category): value
            for user, category, value in ProfileAnswer.objects.filter(
                user_id__in=list(answers),
                category__in=categories,
                value__isnull=False,
            ).values_list("user_id", "category_id", "value__label")
        }
        figures = self.figures
        for q, question in enumerate(self.questions):
            for category in categories:
                groups: Counter[tuple[str, str]] = Counter()
                for user, given in answers.items():
                    if given[q] is not None:
                        value = profile.get((user, category.pk), NOT_GIVEN)
                        groups[(given[q], value)] += 1
                rows = self.choices[question.pk]
                columns = [v.label for v in category.values.all()]
                ids = [
                    [figures.add(groups[(r, c)]) for c in [*columns, NOT_GIVEN]]
                    for r in rows
                ]
                layout = self._layout(
                    ("c", question.pk, category.pk), ids, rows, columns
                )
                for r, row in enumerate(rows):
                    figures.tie(self._count(question, row), [layout.row_ids[r]], "<=")
                figures.tie(self._count(question, None), [layout.grand], "<=")

    def _by_channel(self, everyone: int) -> None:
        """How many responses came by each channel (online, paper, phone, event)
        and each question by channel, once the team has entered any: every
        response has one channel, so each answer's count is its row's total and
        everyone is the channels' total, tied as a reader knows them."""
        names = {q.pk: f"a{i}" for i, q in enumerate(self.questions)}
        rows = list(
            Response.objects.filter(survey_id=self.survey.pk)
            .values(
                "channel",
                **{names[q.pk]: KT(f"answers__{q.field_name}") for q in self.questions},
            )
            .annotate(n=Count("id"))
        )
        if all(row["channel"] == Channel.ONLINE for row in rows):
            return
        figures = self.figures
        channels = list(Channel)
        labels = [str(c.label) for c in channels]
        came: Counter[str] = Counter()
        for row in rows:
            came[row["channel"]] += row["n"]
        ids = [[figures.add(came[c]) for c in channels]]
        _ids, row_ids, col_ids, grand = _totals(ids, figures)
        figures.tie(everyone, [grand])
        self.layouts[("ch", 0, 0)] = _Layout(
            [_("Responses")], labels, ids, row_ids, col_ids, grand
        )
        for q, question in enumerate(self.questions):
            given: Counter[tuple[str, str]] = Counter()
            for row in rows:
                if row[f"a{q}"] is not None:
                    given[(row[f"a{q}"], row["channel"])] += row["n"]
            answers = self._answers(question, (a for a, _c in given))
            cells = [[figures.add(given[(a, c)]) for c in channels] for a in answers]
            _ids, a_ids, c_ids, answered = _totals(cells, figures)
            for r, answer in enumerate(answers):
                figures.tie(self._count(question, answer), [a_ids[r]])
            figures.tie(self._count(question, None), [answered])
            for c, total in enumerate(c_ids):
                figures.tie(ids[0][c], [total], "<=")
            offered = len(self.choices[question.pk])
            self.layouts[("ch", question.pk, 0)] = _Layout(
                answers[:offered],
                labels,
                cells[:offered],
                a_ids[:offered],
                c_ids,
                answered,
            )
            # Answers no longer offered are never shown, but are tied.
            figures.unpublished.update(i for row in cells[offered:] for i in row)

    def channel_totals(self) -> Table | None:
        """How many responses came by each channel, if the team entered any."""
        return self.table("ch", None, 0)

    def _layout(
        self,
        key: tuple[str, int, int],
        ids: list[list[int]],
        rows: list[str],
        columns: list[str],
    ) -> _Layout:
        _ids, row_ids, col_ids, grand = _totals(ids, self.figures)
        layout = _Layout(rows, [*columns, _("Not given")], ids, row_ids, col_ids, grand)
        self.layouts[key] = layout
        return layout

    def table(self, kind: str, question: Question | None, by_pk: int) -> Table | None:
        """The table of ``question`` by another question (``kind`` "q"), by a
        profile category ("c") or by channel ("ch", ``by_pk`` 0)."""
        layout = self.layouts.get((kind, question.pk if question else 0, by_pk))
        if layout is None:
            return None
        values, states = self.figures.values, self.states
        return Table(
            row_labels=layout.row_labels,
            col_labels=layout.col_labels,
            cells=[[values[i] for i in row] for row in layout.ids],
            states=[[states[i] for i in row] for row in layout.ids],
            row_states=[states[i] for i in layout.row_ids],
            col_states=[states[i] for i in layout.col_ids],
        )


def crosstab_by_question(question: Question, by: Question) -> Table | None:
    """``question``'s answers (rows) by ``by``'s answers (columns)."""
    return SurveyTables(question.survey).table("q", question, by.pk)


def crosstab_by_channel(survey: Survey, question: Question | None) -> Table | None:
    """``question``'s answers by channel, or (no question) how many responses
    came by each channel; ``None`` while every response came online."""
    tables = SurveyTables(survey)
    if question is None:
        return tables.channel_totals()
    return tables.table("ch", question, 0)


def crosstab_by_category(question: Question, category: Any) -> Table | None:
    """``question``'s answers by a profile category: identified surveys only, as
    anonymous answers cannot be joined to profiles."""
    return SurveyTables(question.survey).table("c", question, category.pk)
