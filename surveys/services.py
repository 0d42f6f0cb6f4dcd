"""Building, opening and answering surveys. Every response updates the tallies in
its own transaction, so results never need to read the raw answers."""

from __future__ import annotations

import hashlib
import hmac
import random
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cocommission.accounts.models import User
from panels.models import PanelMember

from .models import (
    AGREEMENT,
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
from .models.survey import new_token

#: The tally key counting how many people answered a question at all.
ANSWERED = "__answered"


class AlreadyAnswered(ValidationError):
    """This person, or this very submission, has already been counted."""


def area_labels(survey: Survey) -> list[str]:
    """The organisation's wards or districts, for "area" questions."""
    from panels.models import CategoryValue

    return list(
        CategoryValue.objects.filter(
            category__organisation_id=survey.activity.cycle.organisation_id,
            category__name="Area",
        ).values_list("label", flat=True)
    )


@transaction.atomic
def survey_save(*, survey: Survey, by: User) -> Survey:
    organisation_id = survey.activity.cycle.organisation_id
    if survey.audience == Audience.PANEL:
        if survey.panel is None:
            raise ValidationError({"panel": _("Choose the panel who can answer.")})
        if survey.panel.organisation_id != organisation_id:
            raise ValidationError({"panel": _("Choose a panel of this organisation.")})
    if survey.opens_at and survey.closes_at and survey.closes_at <= survey.opens_at:
        raise ValidationError({"closes_at": _("The survey must close after it opens.")})
    if survey.pk is None:
        survey.created_by = by
    survey.full_clean()
    survey.save()
    return survey


def _ensure_unanswered(survey: Survey) -> None:
    if survey.response_count:
        raise ValidationError(
            _(
                "People have already answered, so the questions cannot change: "
                "their answers would no longer match. Make a new version of the "
                "survey instead."
            )
        )


@transaction.atomic
def question_save(*, question: Question) -> Question:
    """Add or change a question, unless answers exist that it would invalidate."""
    survey = Survey.objects.select_for_update().get(pk=question.survey_id)
    _ensure_unanswered(survey)
    if question.kind in {Kind.SINGLE, Kind.MULTIPLE, Kind.MATRIX, Kind.RANKING}:
        labels = [str(o).strip() for o in question.options if str(o).strip()]
        if len(labels) < 2:
            raise ValidationError(
                {
                    "options": _("Give at least two statements.")
                    if question.kind == Kind.MATRIX
                    else _("Give at least two choices.")
                }
            )
        if len({label.casefold() for label in labels}) != len(labels):
            raise ValidationError({"options": _("Each choice may appear only once.")})
        question.options = labels
    else:
        question.options = []
    if question.kind not in {Kind.SINGLE, Kind.MULTIPLE}:
        question.allow_other = False
    if question.kind not in {Kind.MULTIPLE, Kind.RANKING}:
        question.max_choices = None
    elif question.max_choices is not None and not (
        1 <= question.max_choices <= len(question.options)
    ):
        raise ValidationError(
            {
                "max_choices": _(
                    "Give a number from 1 to %(n)s, the number of choices."
                )
                % {"n": len(question.options)}
            }
        )
    if question.kind != Kind.NUMBER:
        question.min_value = question.max_value = None
    elif (
        question.min_value is not None
        and question.max_value is not None
        and question.min_value > question.max_value
    ):
        raise ValidationError(
            {"max_value": _("The largest number must not be below the smallest.")}
        )
    if question.show_if_question_id:
        earlier = question.show_if_question
        if (
            earlier is None
            or earlier.survey_id != survey.pk
            or (question.pk and earlier.position >= question.position)
        ):
            raise ValidationError(
                {"show_if_question": _("Choose an earlier question of this survey.")}
            )
        if earlier.kind not in CHOICE_KINDS:
            raise ValidationError(
                {"show_if_question": _("Choose a question with fixed choices.")}
            )
        if not question.show_if_answer:
            raise ValidationError({"show_if_answer": _("Say which answer it needs.")})
    else:
        question.show_if_answer = ""
    if question.pk is None:
        top = survey.questions.aggregate(top=Max("position"))["top"]
        question.position = 0 if top is None else top + 1
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_delete(*, question: Question) -> None:
    survey = Survey.objects.select_for_update().get(pk=question.survey_id)
    _ensure_unanswered(survey)
    question.delete()


@transaction.atomic
def question_move(*, question: Question, up: bool) -> None:
    """Swap a question with its neighbour."""
    survey = Survey.objects.select_for_update().get(pk=question.survey_id)
    _ensure_unanswered(survey)
    ordered = list(survey.questions.order_by("position", "pk"))
    index = ordered.index(question)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


@transaction.atomic
def question_duplicate(*, question: Question) -> Question:
    copy = Question.objects.get(pk=question.pk)
    copy.pk = None
    copy.text = _("%(text)s (copy)") % {"text": question.text}
    copy.position = 0
    return question_save(question=copy)


@transaction.atomic
def survey_new_version(*, survey: Survey, by: User) -> Survey:
    """A draft copy of the survey and its questions (with their "only ask if"
    rules pointing at the copies), to change once answers lock the original."""
    copy = Survey.objects.get(pk=survey.pk)
    copy.pk = None
    copy.title = _("%(title)s (new version)") % {"title": survey.title}
    copy.token = new_token()
    copy.published_at = copy.closed_at = None
    copy.results_published = False
    copy.created_by = by
    copy.save()
    mapping: dict[int, Question] = {}
    for question in survey.questions.order_by("position", "pk"):
        old_pk = question.pk
        question.pk = None
        question.survey = copy
        if question.show_if_question_id:
            question.show_if_question = mapping.get(question.show_if_question_id)
        question.save()
        mapping[old_pk] = question
    return copy


@transaction.atomic
def survey_publish(*, survey: Survey) -> Survey:
    """Open the survey (at once, or at its opening time) and prepare its tallies."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    questions = list(survey.questions.all())
    if not questions:
        raise ValidationError(_("Add at least one question first."))
    if survey.published_at is None:
        survey.published_at = timezone.now()
        survey.closed_at = None
        survey.save(update_fields=["published_at", "closed_at"])
    areas = area_labels(survey)
    Tally.objects.bulk_create(
        [
            Tally(question=q, key=key, shard=shard)
            for q in questions
            for key in [*_all_keys(q, areas), ANSWERED]
            for shard in range(SHARDS)
        ],
        ignore_conflicts=True,
    )
    SurveyCounter.objects.bulk_create(
        [SurveyCounter(survey=survey, shard=shard) for shard in range(SHARDS)],
        ignore_conflicts=True,
    )
    return survey


def _all_keys(question: Question, areas: list[str]) -> list[str]:
    if question.kind == Kind.MATRIX:
        return [
            matrix_key(row, choice) for row in question.rows for choice in AGREEMENT
        ]
    if question.kind == Kind.RANKING:
        return [
            matrix_key(option, str(place))
            for option in question.choices()
            for place in range(1, question.places + 1)
        ]
    return question.choices(areas)


@transaction.atomic
def survey_close(*, survey: Survey) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.closed_at is None:
        survey.closed_at = timezone.now()
        survey.save(update_fields=["closed_at"])
    return survey


@transaction.atomic
def survey_reopen(*, survey: Survey) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    survey.closed_at = None
    if survey.closes_at and survey.closes_at <= timezone.now():
        survey.closes_at = None
    survey.save(update_fields=["closed_at", "closes_at"])
    return survey


@transaction.atomic
def results_publish(*, survey: Survey, published: bool) -> Survey:
    survey.results_published = published
    survey.save(update_fields=["results_published"])
    return survey


def may_answer(survey: Survey, user: Any) -> bool:
    """Panel surveys are for signed-in members of the panel; public ones for all."""
    if survey.audience in {Audience.PUBLIC, Audience.CODES}:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return PanelMember.objects.seated().filter(panel=survey.panel, user=user).exists()


def has_answered(survey: Survey, user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Participation.objects.filter(survey=survey, user=user).exists()


def ip_hash(survey: Survey, address: str) -> str:
    """A salted hash of the address, for spotting abuse without keeping it."""
    key = f"{settings.SECRET_KEY}:{survey.token}".encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def matrix_key(row: str, choice: str) -> str:
    """The tally of one statement's answer, or of one choice's place in a ranking."""
    return f"{row} :: {choice}"


def _tally_keys(question: Question, value: Any) -> list[str]:
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


def _count_many(increments: list[tuple[Question, str, Decimal]], shard: int) -> None:
    """Add one to each (question, answer) tally of a shard. On PostgreSQL this is a
    single UPDATE for the whole response; tallies not made yet are created."""
    if not increments:
        return
    done: set[tuple[int, str]] = set()
    if connection.vendor == "postgresql":
        rows = ", ".join(["(%s, %s, %s)"] * len(increments))
        params: list[Any] = []
        for question, key, amount in increments:
            params += [question.pk, key, amount]
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                UPDATE {Tally._meta.db_table} AS t
                SET count = t.count + 1, total = t.total + v.amount
                FROM (VALUES {rows}) AS v(question_id, key, amount)
                WHERE t.question_id = v.question_id::bigint AND t.key = v.key
                  AND t.shard = %s
                RETURNING t.question_id, t.key
                """,  # noqa: S608 - only placeholders are interpolated
                [*params, shard],
            )
            done = {(question_id, key) for question_id, key in cursor.fetchall()}
    for question, key, amount in increments:
        if (question.pk, key) not in done:
            _count(question, key, shard, amount)


def _count(
    question: Question, key: str, shard: int, amount: Decimal = Decimal(0)
) -> None:
    rows = Tally.objects.filter(question=question, key=key, shard=shard)
    if rows.update(count=F("count") + 1, total=F("total") + amount):
        return
    try:
        with transaction.atomic():
            Tally.objects.create(
                question=question, key=key, shard=shard, count=1, total=amount
            )
    except IntegrityError:  # created by a parallel response meanwhile
        rows.update(count=F("count") + 1, total=F("total") + amount)


@transaction.atomic
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
    survey = Survey.objects.get(pk=survey.pk)
    if not survey.is_open():
        raise ValidationError(_("This survey is not open for answers."))
    if not may_answer(survey, user):
        raise ValidationError(_("This survey is only for members of its panel."))
    signed_in = getattr(user, "is_authenticated", False)
    if survey.audience == Audience.CODES and not code_digest:
        raise ValidationError(_("This survey needs an invitation code."))
    try:
        with transaction.atomic():
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
    shard = random.randrange(SHARDS)  # noqa: S311 - spreads locks, not a secret
    by_name = {q.field_name: q for q in questions or survey.questions.all()}
    increments: list[tuple[Question, str, Decimal]] = []
    for name, value in sorted(answers.items()):
        question = by_name.get(name)
        if question is None or value in (None, "", []):
            continue
        amount = Decimal(value) if question.kind == Kind.NUMBER else Decimal(0)
        increments.append((question, ANSWERED, amount))
        increments += [
            (question, key, Decimal(0)) for key in sorted(_tally_keys(question, value))
        ]
    _count_many(increments, shard)
    counters = SurveyCounter.objects.filter(survey=survey, shard=shard)
    if not counters.update(count=F("count") + 1):
        try:
            with transaction.atomic():
                SurveyCounter.objects.create(survey=survey, shard=shard, count=1)
        except IntegrityError:
            counters.update(count=F("count") + 1)
    return response
