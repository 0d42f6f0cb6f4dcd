"""Adding stored responses to the tallies, in batches, exactly once.

A response is stored with a row in the outbox (``UncountedResponse``) and
nothing else, so answering writes two rows however long the survey is. Counting
takes a batch of outbox rows (skipping rows another counter holds), adds their
answers to the tallies and the survey's counter with one statement per survey,
and deletes the rows, all in one transaction: a crash part-way counts nothing,
and a response is never counted twice.

Counting runs every few seconds on the worker (``surveys.tasks.count_responses``)
and before any results are read (``survey_results``), so people reading results
always see every response stored so far when only a few are waiting
(``IN_REQUEST``); a bigger backlog is left to the worker, and the results page
says how many are still being added."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F

from .models import (
    CHOICE_KINDS,
    SHARDS,
    Kind,
    Question,
    Response,
    Survey,
    SurveyCounter,
    Tally,
    UncountedResponse,
)
from .services import ANSWERED, matrix_key

#: How many responses one counting transaction takes.
BATCH = 2000
#: How many waiting responses a request reading results counts itself.
IN_REQUEST = 200

#: (question, answer key) -> (how many to add, amount to add to the total)
Increments = dict[tuple[int, str], tuple[int, Decimal]]


def tally_keys(question: Question, value: Any) -> list[str]:
    """The tallies one answer adds to."""
    if question.kind == Kind.MATRIX:
        return [matrix_key(row, choice) for row, choice in dict(value).items()]
    if question.kind == Kind.RANKING:
        return [
            matrix_key(str(option), str(place))
            for place, option in enumerate(value, start=1)
        ]
    if question.kind == Kind.MULTIPLE:
        return [str(v) for v in value]
    if question.kind in CHOICE_KINDS:
        return [str(value)]
    return []


def increments(
    responses: Iterable[Mapping[str, Any]], questions: list[Question]
) -> Increments:
    """What a set of responses adds to each tally."""
    by_name = {q.field_name: q for q in questions}
    added: Increments = {}
    for answers in responses:
        for name, value in answers.items():
            question = by_name.get(name)
            if question is None or value in (None, "", [], {}):
                continue
            amount = Decimal(value) if question.kind == Kind.NUMBER else Decimal(0)
            for key, add in [(ANSWERED, amount)] + [
                (key, Decimal(0)) for key in tally_keys(question, value)
            ]:
                count, total = added.get((question.pk, key), (0, Decimal(0)))
                added[(question.pk, key)] = (count + 1, total + add)
    return added


def _add_sql(survey_id: int, responses: int, added: Increments, shard: int) -> None:
    """One statement: add to the survey's counter and to every tally, creating
    missing rows. Tallies are written in key order, so two counters working at
    once lock rows in the same order and cannot deadlock."""
    counter = SurveyCounter._meta.db_table
    params: list[Any] = [survey_id, shard, responses]
    sql = f"""WITH counted AS (
            INSERT INTO {counter} (survey_id, shard, count)
            VALUES (%s, %s, %s)
            ON CONFLICT (survey_id, shard)
            DO UPDATE SET count = {counter}.count + EXCLUDED.count
            RETURNING 1
        )"""  # noqa: S608 - table names come from the models
    if added:
        tally = Tally._meta.db_table
        rows = ", ".join(
            ["(%s::bigint, %s::varchar, %s::integer, %s::numeric)"] * len(added)
        )
        sql += f""",
        tallied AS (
            INSERT INTO {tally} (question_id, key, shard, count, total)
            SELECT v.question_id, v.key, %s, v.n, v.amount
            FROM (VALUES {rows}) AS v(question_id, key, n, amount)
            ORDER BY v.question_id, v.key
            ON CONFLICT (question_id, key, shard)
            DO UPDATE SET count = {tally}.count + EXCLUDED.count,
                          total = {tally}.total + EXCLUDED.total
            RETURNING 1
        )"""  # noqa: S608
        params.append(shard)
        for (question_id, key), (count, total) in sorted(added.items()):
            params += [question_id, key, count, total]
    sql += " SELECT 1"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _add_orm(survey_id: int, responses: int, added: Increments, shard: int) -> None:
    """The same for other databases (the SQLite demo)."""
    plan: list[tuple[Any, dict[str, Any], dict[str, Any]]] = [
        (
            Tally,
            {"question_id": question_id, "key": key, "shard": shard},
            {"count": count, "total": total},
        )
        for (question_id, key), (count, total) in sorted(added.items())
    ]
    plan.append(
        (SurveyCounter, {"survey_id": survey_id, "shard": shard}, {"count": responses})
    )
    for model, where, amounts in plan:
        rows = model.objects.filter(**where)
        changes = {name: F(name) + amount for name, amount in amounts.items()}
        if not rows.update(**changes):
            try:
                with transaction.atomic():
                    model.objects.create(**where, **amounts)
            except IntegrityError:  # made by another counter meanwhile
                rows.update(**changes)


def count_waiting(
    survey: Survey | None = None, *, limit: int | None = None, whole: bool = False
) -> int:
    """Count up to ``limit`` (a batch) waiting responses, of one survey or of any,
    into the tallies. Returns how many were counted: fewer than ``limit`` means
    none were left waiting, apart from any another counter was counting then.
    With ``whole``, count only if that takes every one waiting, else count none
    and return -1."""
    limit = limit or BATCH
    with transaction.atomic():
        waiting = UncountedResponse.objects.select_for_update(skip_locked=True)
        if survey is not None:
            waiting = waiting.filter(survey=survey)
        # One more than the limit tells whether the batch takes every one.
        take = limit + 1 if whole else limit
        taken = list(waiting.order_by("pk").values_list("pk", flat=True)[:take])
        if whole and len(taken) > limit:
            return -1
        if not taken:
            return 0
        by_survey: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for survey_id, answers in Response.objects.filter(pk__in=taken).values_list(
            "survey_id", "answers"
        ):
            by_survey[survey_id].append(answers)
        UncountedResponse.objects.filter(pk__in=taken).delete()
        questions: dict[int, list[Question]] = defaultdict(list)
        for question in Question.objects.filter(survey_id__in=by_survey):
            questions[question.survey_id].append(question)
        add = _add_sql if connection.vendor == "postgresql" else _add_orm
        shard = random.randrange(SHARDS)  # noqa: S311 - spreads locks, not a secret
        for survey_id in sorted(by_survey):
            answers_list = by_survey[survey_id]
            add(
                survey_id,
                len(answers_list),
                increments(answers_list, questions[survey_id]),
                shard,
            )
    return len(taken)


def count_in_request(survey: Survey) -> None:
    """Before results are read in a request: count the survey's waiting responses
    if they are a few (up to ``IN_REQUEST``), so the page is up to date at once.
    A bigger backlog is left to the worker, asked to start now (at most every few
    seconds), so the request stays quick; the page says how many are waiting."""
    if count_waiting(survey, limit=IN_REQUEST, whole=True) >= 0:
        return
    from django.core.cache import cache

    from cocommission.jobs import send_after_commit

    from .tasks import count_responses

    if cache.add(f"surveys:counting-asked:{survey.pk}", True, timeout=10):
        send_after_commit(count_responses)


def count_all_waiting(*, batches: int = 50) -> int:
    """Count batch after batch until nothing is waiting (or ``batches`` is
    reached, for the next run to carry on)."""
    counted = 0
    for _batch in range(batches):
        done = count_waiting()
        counted += done
        if done < BATCH:
            break
    return counted


def waiting_count(survey: Survey) -> int:
    """How many of the survey's responses are stored but not yet counted."""
    return UncountedResponse.objects.filter(survey=survey).count()
