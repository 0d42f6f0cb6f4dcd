"""The survey and its questions as the answering page needs them, kept between
requests: every submission would otherwise read both again.

Each process keeps the loaded objects; the shared cache (Redis in production)
holds only a version stamp per survey, which any change to the survey or its
questions replaces (signals below), so every process sees the change on its
next request. Entries are also dropped after a minute. Whether the survey is
open is checked again in the database when an answer is stored.

While Redis is away the shared cache answers from PostgreSQL
(``cocommission.cache``), which never saw the stamps Redis holds: then the page
reads the survey from the database itself, and each process drops what it kept,
since a change made meanwhile is not in Redis's stamp when Redis returns."""

from __future__ import annotations

import time
import uuid
from collections import OrderedDict
from typing import Any

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cocommission.cache import shared_cache_is_up

from .models import Question, Survey

TTL = 60
#: How many surveys a process keeps.
KEEP = 256

_kept: OrderedDict[str, tuple[str, float, tuple[Survey, list[Question]]]] = (
    OrderedDict()
)


def _version_key(token: str) -> str:
    return f"survey-answer-version:{token}"


def answer_data(token: str, load: Any) -> tuple[Survey, list[Question]]:
    """``(survey, questions)`` for the token, kept or from ``load`` (which raises
    404 for an unknown or unpublished survey)."""
    version = _version(token)
    if version is None:
        _kept.clear()
        return load(token)
    kept = _kept.get(token)
    now = time.monotonic()
    if kept is not None and kept[0] == version and now - kept[1] < TTL:
        _kept.move_to_end(token)
        return kept[2]
    data = load(token)
    _kept[token] = (version, now, data)
    if len(_kept) > KEEP:
        _kept.popitem(last=False)
    return data


def _version(token: str) -> str | None:
    """The survey's stamp in the shared cache; None when only its fallback answers."""
    if not shared_cache_is_up():
        return None
    version = cache.get(_version_key(token))
    if version is None:
        version = uuid.uuid4().hex
        cache.set(_version_key(token), version, None)
    return version if shared_cache_is_up() else None


def forget(survey: Survey) -> None:
    cache.set(_version_key(survey.token), uuid.uuid4().hex, None)
    _kept.pop(survey.token, None)


@receiver([post_save, post_delete], sender=Survey)
def _survey_changed(sender: Any, instance: Survey, **_kwargs: Any) -> None:
    forget(instance)


@receiver([post_save, post_delete], sender=Question)
def _question_changed(sender: Any, instance: Question, **_kwargs: Any) -> None:
    survey = Survey.objects.filter(pk=instance.survey_id).only("token").first()
    if survey is not None:
        forget(survey)
