"""Building, opening and answering surveys. Every response updates the tallies in
its own transaction, so results never need to read the raw answers."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cocommission.accounts.models import User
from cocommission.webhooks.events import emit
from cocommission.webhooks.models import Event
from panels.models import PanelMember

from .models import (
    AGREEMENT,
    CHOICE_KINDS,
    SHARDS,
    Audience,
    Draft,
    Kind,
    Participation,
    Question,
    Survey,
    SurveyCounter,
    Tally,
)
from .models.survey import new_token
from .translations import publish_problem

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


def _tidy_options(question: Question) -> None:
    """Choices trimmed and distinct; none kept for questions without choices."""
    if question.kind not in {Kind.SINGLE, Kind.MULTIPLE, Kind.MATRIX, Kind.RANKING}:
        question.options = []
        return
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


def _tidy_limits(question: Question) -> None:
    """Settings that only some kinds use are cleared on the others, and checked
    on the kinds that use them."""
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


def _check_condition(question: Question, survey: Survey) -> None:
    """An "only ask if" rule names an earlier choice question of the same survey
    and the answer it needs."""
    if not question.show_if_question_id:
        question.show_if_answer = ""
        return
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


@transaction.atomic
def question_save(*, question: Question) -> Question:
    """Add or change a question, unless answers exist that it would invalidate."""
    survey = Survey.objects.select_for_update().get(pk=question.survey_id)
    _ensure_unanswered(survey)
    _tidy_options(question)
    _tidy_limits(question)
    _check_condition(question, survey)
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
        untranslated = publish_problem(survey, questions)
        if untranslated:
            raise ValidationError(untranslated)
        survey.published_at = timezone.now()
        survey.closed_at = None
        survey.save(update_fields=["published_at", "closed_at"])
        _emit(survey, Event.SURVEY_OPENED)
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
        _emit(survey, Event.SURVEY_CLOSED)
    return survey


def _emit(survey: Survey, event: Event) -> None:
    """Tell the organisation's webhooks (after commit)."""
    cycle = survey.activity.cycle
    emit(
        organisation=cycle.organisation,
        event=event,
        data={
            "survey": {
                "id": survey.pk,
                "title": survey.title,
                "opens_at": survey.opens_at or survey.published_at,
                "closes_at": survey.closed_at or survey.closes_at,
            },
            "cycle": {"id": cycle.pk, "title": cycle.title},
        },
    )


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


@transaction.atomic
def draft_save(*, survey: Survey, user: User, answers: dict[str, Any]) -> Draft:
    """Keep a signed-in person's answers so far, to stop and come back later."""
    draft, _created = Draft.objects.update_or_create(
        survey=survey, user=user, defaults={"answers": answers}
    )
    return draft


@transaction.atomic
def draft_discard(*, survey: Survey, user: User) -> None:
    """Forget a person's answers so far (their response is sent)."""
    Draft.objects.filter(survey=survey, user=user).delete()


def survey_questions(survey: Survey) -> list[Question]:
    """The questions in order, each linked to the earlier question its "only ask
    if" rule names, in one query."""
    questions = list(survey.questions.all())
    by_id = {q.pk: q for q in questions}
    for question in questions:
        if question.show_if_question_id in by_id:
            question.show_if_question = by_id[question.show_if_question_id]
    return questions


def may_answer(survey: Survey, user: Any) -> bool:
    """Panel surveys are for signed-in members of the panel; public ones for all."""
    if survey.audience in {Audience.PUBLIC, Audience.CODES}:
        return True
    return PanelMember.objects.holds_seat(survey.panel_id, user)


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
