"""Storing a response: exactly once, with its row in the outbox of responses to
count (see ``counting``), in the same transaction.

An anonymous visitor's response is stored, checked against the survey's open
state and put in the outbox by a single statement on PostgreSQL: one round
trip, atomic by itself."""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Mapping
from contextlib import nullcontext
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    Audience,
    Channel,
    InvitationCode,
    Participation,
    Response,
    Survey,
    UncountedResponse,
)
from .services import AlreadyAnswered, ip_hash, may_answer


def _store_sql(response: list[Any], survey_id: int) -> tuple[str, list[Any]]:
    """One statement: insert the response if the survey is open, and its row in
    the outbox of responses to count."""
    outbox = UncountedResponse._meta.db_table
    sql = f"""WITH response AS (
            INSERT INTO {Response._meta.db_table}
                (id, survey_id, respondent_id, answers, submitted_on,
                 submission_key, ip_hash)
            SELECT %s::uuid, s.id, NULL, %s::jsonb, %s::date, %s::uuid, %s
            FROM {Survey._meta.db_table} AS s
            WHERE s.id = %s AND s.published_at IS NOT NULL
              AND s.closed_at IS NULL
              AND (s.opens_at IS NULL OR s.opens_at <= now())
              AND (s.closes_at IS NULL OR s.closes_at > now())
            RETURNING id, survey_id
        ),
        waiting AS (
            INSERT INTO {outbox} (response_id, survey_id)
            SELECT id, survey_id FROM response
            RETURNING 1
        )
        SELECT count(*) FROM waiting"""  # noqa: S608 - table names come from the models
    return sql, [*response, survey_id]


def _store_anonymous(
    survey: Survey,
    answers: Mapping[str, Any],
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
    sql, params = _store_sql(
        [
            str(response.id),
            json.dumps(response.answers),
            response.submitted_on.isoformat(),
            str(submission_key),
            response.ip_hash,
        ],
        survey.pk,
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
    channel: str = Channel.ONLINE,
    entered_by: Any = None,
) -> Response:
    """Store one response, to be counted. A second submission by the same person,
    with the same invitation code, or of the same form, raises ``AlreadyAnswered``
    and changes nothing.

    Answers the team types in from paper, a phone call or an event come this way
    too, as ``user`` the anonymous visitor they were given by, with the channel
    and who typed them (``entered_by``): every check here holds for them."""
    if not may_answer(survey, user):
        raise ValidationError(_("This survey is only for members of its panel."))
    if survey.audience == Audience.CODES and not code_digest:
        raise ValidationError(_("This survey needs an invitation code."))
    signed_in = getattr(user, "is_authenticated", False)
    if signed_in and entered_by is not None:
        raise ValueError("entered answers are nobody's own")
    online = channel == Channel.ONLINE and entered_by is None
    fast = connection.vendor == "postgresql" and online
    if fast and not signed_in and not code_digest:
        return _store_anonymous(survey, answers, submission_key, address)
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
                channel=channel,
                entered_by=entered_by,
            )
            UncountedResponse.objects.create(response=response, survey=survey)
        except IntegrityError:
            raise AlreadyAnswered(_("You have already answered this survey.")) from None
    return response
