"""Storing a response and counting it: exactly once, in the same transaction.

On PostgreSQL the count is one statement whatever the number of questions, and
an anonymous visitor's response is stored and counted in a single statement that
also checks the survey is open: one round trip, atomic by itself."""

from __future__ import annotations

import copy
import json
import random
import uuid
from collections.abc import Mapping
from contextlib import nullcontext
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    CHOICE_KINDS,
    SHARDS,
    Audience,
    InvitationCode,
    Kind,
    Participation,
    Question,
    Response,
    Survey,
    SurveyCounter,
    Tally,
)
from .services import (
    ANSWERED,
    AlreadyAnswered,
    ip_hash,
    matrix_key,
    may_answer,
    survey_questions,
)

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


def _increments(answers: Mapping[str, Any], questions: list[Question]) -> Increments:
    by_name = {q.field_name: q for q in questions}
    increments: Increments = {}
    for name, value in answers.items():
        question = by_name.get(name)
        if question is None or value in (None, "", [], {}):
            continue
        amount = Decimal(value) if question.kind == Kind.NUMBER else Decimal(0)
        for key, add in [(ANSWERED, amount)] + [
            (key, Decimal(0)) for key in tally_keys(question, value)
        ]:
            count, total = increments.get((question.pk, key), (0, Decimal(0)))
            increments[(question.pk, key)] = (count + 1, total + add)
    return increments


def _count_sql(
    survey_id: int, increments: Increments, shard: int, response: list[Any] | None
) -> tuple[str, list[Any]]:
    """One statement: (optionally) insert the response if the survey is open,
    then add to the survey's counter and to every tally, creating missing rows.
    Tallies are written in key order, so parallel responses lock rows in the same
    order and cannot deadlock."""
    params: list[Any] = []
    if response is None:
        ctes = ["response AS (SELECT 1 AS one)"]
    else:
        ctes = [
            f"""response AS (
                INSERT INTO {Response._meta.db_table}
                    (id, survey_id, respondent_id, answers, submitted_on,
                     submission_key, ip_hash)
                SELECT %s::uuid, s.id, NULL, %s::jsonb, %s::date, %s::uuid, %s
                FROM {Survey._meta.db_table} AS s
                WHERE s.id = %s AND s.published_at IS NOT NULL
                  AND s.closed_at IS NULL
                  AND (s.opens_at IS NULL OR s.opens_at <= now())
                  AND (s.closes_at IS NULL OR s.closes_at > now())
                RETURNING 1 AS one
            )"""  # noqa: S608 - table names come from the models
        ]
        params += [*response, survey_id]
    counter = SurveyCounter._meta.db_table
    ctes.append(
        f"""counted AS (
            INSERT INTO {counter} (survey_id, shard, count)
            SELECT %s, %s, 1 FROM response
            ON CONFLICT (survey_id, shard)
            DO UPDATE SET count = {counter}.count + 1
            RETURNING 1
        )"""  # noqa: S608
    )
    params += [survey_id, shard]
    if increments:
        tally = Tally._meta.db_table
        rows = ", ".join(
            ["(%s::bigint, %s::varchar, %s::integer, %s::numeric)"] * len(increments)
        )
        ctes.append(
            f"""tallied AS (
                INSERT INTO {tally} (question_id, key, shard, count, total)
                SELECT v.question_id, v.key, %s, v.n, v.amount
                FROM (VALUES {rows}) AS v(question_id, key, n, amount)
                CROSS JOIN response
                ORDER BY v.question_id, v.key
                ON CONFLICT (question_id, key, shard)
                DO UPDATE SET count = {tally}.count + EXCLUDED.count,
                              total = {tally}.total + EXCLUDED.total
                RETURNING 1
            )"""  # noqa: S608
        )
        params.append(shard)
        for (question_id, key), (count, total) in sorted(increments.items()):
            params += [question_id, key, count, total]
    sql = "WITH " + ",\n".join(ctes) + "\nSELECT count(*) FROM response"
    return sql, params


def _count_orm(survey: Survey, increments: Increments, shard: int) -> None:
    """The same counting for other databases (the SQLite demo)."""
    for (question_id, key), (count, total) in sorted(increments.items()):
        rows = Tally.objects.filter(question_id=question_id, key=key, shard=shard)
        changes = {"count": F("count") + count, "total": F("total") + total}
        if not rows.update(**changes):
            try:
                with transaction.atomic():
                    Tally.objects.create(
                        question_id=question_id,
                        key=key,
                        shard=shard,
                        count=count,
                        total=total,
                    )
            except IntegrityError:  # made by a parallel response meanwhile
                rows.update(**changes)
    counters = SurveyCounter.objects.filter(survey=survey, shard=shard)
    if not counters.update(count=F("count") + 1):
        try:
            with transaction.atomic():
                SurveyCounter.objects.create(survey=survey, shard=shard, count=1)
        except IntegrityError:
            counters.update(count=F("count") + 1)


def _count(survey: Survey, increments: Increments, shard: int) -> None:
    if connection.vendor == "postgresql":
        sql, params = _count_sql(survey.pk, increments, shard, None)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    else:
        _count_orm(survey, increments, shard)


def _store_anonymous(
    survey: Survey,
    answers: Mapping[str, Any],
    increments: Increments,
    submission_key: uuid.UUID,
    address: str,
) -> Response:
    """The fast path for visitors who are not signed in, on PostgreSQL."""
    response = Response(
        survey=survey,
        answers=dict(answers),
        submitted_on=timezone.localdate(),
        submission_key=submission_key,
        ip_hash=ip_hash(survey, address) if address else "",
    )
    sql, params = _count_sql(
        survey.pk,
        increments,
        random.randrange(SHARDS),  # noqa: S311 - spreads locks, not a secret
        [
            str(response.id),
            json.dumps(response.answers),
            response.submitted_on.isoformat(),
            str(submission_key),
            response.ip_hash,
        ],
    )
    try:
        # Inside a caller's transaction, a savepoint keeps it usable after a
        # clash; on its own the statement is a transaction already.
        block = transaction.atomic() if connection.in_atomic_block else nullcontext()
        with block, connection.cursor() as cursor:
            cursor.execute(sql, params)
            (stored,) = cursor.fetchone()
    except IntegrityError:
        raise AlreadyAnswered(_("You have already answered this survey.")) from None
    if not stored:
        raise ValidationError(_("This survey is not open for answers."))
    response._state.adding = False
    return response


def survey_submit_response(
    *,
    survey: Survey,
    answers: Mapping[str, Any],
    user: Any,
    submission_key: uuid.UUID,
    address: str = "",
    code_digest: str | None = None,
    questions: list[Question] | None = None,
) -> Response:
    """Store one response and count it. A second submission by the same person,
    with the same invitation code, or of the same form, raises ``AlreadyAnswered``
    and changes nothing."""
    if not may_answer(survey, user):
        raise ValidationError(_("This survey is only for members of its panel."))
    if survey.audience == Audience.CODES and not code_digest:
        raise ValidationError(_("This survey needs an invitation code."))
    signed_in = getattr(user, "is_authenticated", False)
    increments = _increments(answers, questions or survey_questions(survey))
    if connection.vendor == "postgresql" and not signed_in and not code_digest:
        return _store_anonymous(survey, answers, increments, submission_key, address)
    with transaction.atomic():
        # The survey's state as of now, not as when the caller loaded it (on a
        # copy: the caller's survey may be shared between requests).
        current = copy.copy(survey)
        current.published_at, current.closed_at, current.opens_at, current.closes_at = (
            Survey.objects.filter(pk=survey.pk)
            .values_list("published_at", "closed_at", "opens_at", "closes_at")
            .get()
        )
        if not current.is_open():
            raise ValidationError(_("This survey is not open for answers."))
        try:
            # No savepoint: on a clash the whole transaction is rolled back.
            if code_digest:
                code = (
                    InvitationCode.objects.select_for_update()
                    .filter(survey=survey, code_hash=code_digest)
                    .first()
                )
                if code is None or code.used:
                    raise IntegrityError("code missing or used")
                code.used = True
                code.save(update_fields=["used"])
            if signed_in:
                Participation.objects.create(survey=survey, user=user)
            response = Response.objects.create(
                survey=survey,
                respondent=None if survey.is_anonymous or not signed_in else user,
                answers=dict(answers),
                submitted_on=timezone.localdate(),
                submission_key=submission_key,
                ip_hash=ip_hash(survey, address) if address else "",
            )
        except IntegrityError:
            raise AlreadyAnswered(_("You have already answered this survey.")) from None
        _count(survey, increments, random.randrange(SHARDS))  # noqa: S311
    return response
