"""Checks of the answers to one question of the answer form (``AnswerForm.clean``):
whether an answer was needed, how many choices were ticked, whether "other" was
explained. Each returns what it found, and the form puts the messages on its fields.
"""

from __future__ import annotations

from typing import Any

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .models import OTHER, Kind, Question

#: A field of the form and the message to show next to it.
Problem = tuple[str, Any]


def matrix_answer(
    question: Question, values: list[Any]
) -> tuple[dict[str, Any], list[int]]:
    """A matrix question's answer from the values of its statements' fields, in
    order, and the statements left unanswered that needed an answer (by number)."""
    given = {row: values[i] for i, row in enumerate(question.rows)}
    missing = (
        [i for i, row in enumerate(question.rows) if not given[row]]
        if question.required
        else []
    )
    return {row: value for row, value in given.items() if value}, missing


def _too_many(question: Question, value: Any) -> bool:
    return bool(
        question.kind == Kind.MULTIPLE
        and question.max_choices
        and value
        and len(value) > question.max_choices
    )


def _chose_other(value: Any) -> bool:
    return value == OTHER or (isinstance(value, list) and OTHER in value)


def answer_wanted(text: str) -> str:
    """The message for a question left unanswered, naming it, so that a list of
    problems says which question each is about."""
    return str(_("Answer “%(question)s”") % {"question": Truncator(text).chars(80)})


def answer_problems(
    question: Question, data: dict[str, Any], *, refused: bool
) -> list[Problem]:
    """What is wrong with the answer to a question of one field (and its "other"
    box); ``refused`` when the field itself already refused what was typed."""
    name = question.field_name
    value = data.get(name)
    problems: list[Problem] = []
    if question.required and value in (None, "", []) and not refused:
        problems.append((name, answer_wanted(question.text)))
    if _too_many(question, value):
        problems.append((name, _("Choose at most %(n)s") % {"n": question.max_choices}))
    if (
        question.allow_other
        and _chose_other(value)
        and not data.get(f"{name}_other", "").strip()
    ):
        problems.append((f"{name}_other", _("Say what ‘other’ means")))
    return problems
