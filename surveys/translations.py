"""A survey in the organisation's languages: what can be translated, what is
missing, and the survey as people answering in one language see it.

English is written first and stays what is stored: a choice is kept as its
English label whatever language it was picked in, so the answers from every
language count in the same tallies. Translations live in each model's ``i18n``
field (django-modeltrans): ``title_cy``, ``text_ar``, ``options_ur`` (a list in
the order of the English choices)."""

from __future__ import annotations

import copy
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from cocommission.languages import CONTENT_LANGUAGE, LangText

from .models import Kind, Question, Survey

SURVEY_FIELDS = ("title", "welcome", "thank_you")
QUESTION_FIELDS = ("text", "help_text")
#: Kinds whose written choices (or statements, for a matrix) people read.
OPTION_KINDS = {Kind.SINGLE, Kind.MULTIPLE, Kind.MATRIX, Kind.RANKING}


@dataclass(frozen=True)
class Item:
    """One piece of text to translate: its form field name, what the team calls
    it, and its English."""

    name: str
    label: str
    english: str
    long: bool = False


def _key(field: str, lang: str) -> str:
    return f"{field}_{lang}"


def _stored(obj: Survey | Question, field: str, lang: str) -> Any:
    return (obj.i18n or {}).get(_key(field, lang))


def option_translation(question: Question, lang: str) -> list[str]:
    """The choices in ``lang``, one per English choice ("" where missing)."""
    stored = _stored(question, "options", lang)
    stored = stored if isinstance(stored, list) else []
    count = len(question.options)
    return [str(v) if v else "" for v in stored[:count]] + [""] * (count - len(stored))


def items(survey: Survey, questions: list[Question]) -> list[Item]:
    """Everything the survey asks people to read, in order: the title, welcome
    and thanks (when written), then each question, its hint and its choices."""
    found = [Item("survey_title", _("Title"), survey.title)]
    if survey.welcome:
        found.append(Item("survey_welcome", _("Welcome text"), survey.welcome, True))
    if survey.thank_you:
        found.append(
            Item("survey_thank_you", _("Thank-you text"), survey.thank_you, True)
        )
    for number, question in enumerate(questions, start=1):
        prefix = f"q{question.pk}"
        found.append(
            Item(f"{prefix}_text", _("Question %(n)s") % {"n": number}, question.text)
        )
        if question.help_text:
            found.append(
                Item(
                    f"{prefix}_help_text",
                    _("Hint of question %(n)s") % {"n": number},
                    question.help_text,
                )
            )
        if question.kind in OPTION_KINDS:
            for index, option in enumerate(question.options, start=1):
                found.append(
                    Item(
                        f"{prefix}_option_{index - 1}",
                        _("Choice %(c)s of question %(n)s") % {"c": index, "n": number},
                        str(option),
                    )
                )
    return found


def translations(
    survey: Survey, questions: list[Question], lang: str
) -> dict[str, str]:
    """The stored text in ``lang`` of each item, by the item's name."""
    found: dict[str, str] = {}
    for field in SURVEY_FIELDS:
        found[f"survey_{field}"] = _stored(survey, field, lang) or ""
    for question in questions:
        prefix = f"q{question.pk}"
        for field in QUESTION_FIELDS:
            found[f"{prefix}_{field}"] = _stored(question, field, lang) or ""
        for index, text in enumerate(option_translation(question, lang)):
            found[f"{prefix}_option_{index}"] = text
    return found


def missing(survey: Survey, questions: list[Question], lang: str) -> list[Item]:
    """The items with no text in ``lang`` (nothing is missing in English)."""
    if lang == CONTENT_LANGUAGE:
        return []
    have = translations(survey, questions, lang)
    return [item for item in items(survey, questions) if not have[item.name].strip()]


def gaps(survey: Survey, questions: list[Question]) -> dict[str, list[Item]]:
    """For each of the organisation's other languages, what is not written yet."""
    organisation = survey.activity.cycle.organisation
    return {
        lang: missing(survey, questions, lang) for lang in organisation.languages[1:]
    }


def publish_problem(survey: Survey, questions: list[Question]) -> str:
    """Why the survey cannot open yet for want of a translation, or ""."""
    from cocommission.languages import language_name

    organisation = survey.activity.cycle.organisation
    problems = []
    for lang in organisation.languages_required[1:]:
        lacking = missing(survey, questions, lang)
        if lacking:
            problems.append(
                _("Not yet written in %(language)s: %(items)s.")
                % {
                    "language": language_name(lang),
                    "items": ", ".join(str(item.label) for item in lacking),
                }
            )
    return " ".join(problems)


def translation_save(
    *, survey: Survey, questions: list[Question], lang: str, data: dict[str, str]
) -> None:
    """Keep the text in ``lang`` of each item named in ``data`` (blank removes)."""
    _apply(survey, {f: data.get(f"survey_{f}") for f in SURVEY_FIELDS}, lang)
    survey.save(update_fields=["i18n"])
    for question in questions:
        prefix = f"q{question.pk}"
        values: dict[str, Any] = {f: data.get(f"{prefix}_{f}") for f in QUESTION_FIELDS}
        if question.kind in OPTION_KINDS and question.options:
            options = [
                (data.get(f"{prefix}_option_{i}") or "").strip()
                for i in range(len(question.options))
            ]
            values["options"] = options if any(options) else ""
        _apply(question, values, lang)
        question.save(update_fields=["i18n"])


def _apply(obj: Survey | Question, values: dict[str, Any], lang: str) -> None:
    stored = dict(obj.i18n or {})
    for field, value in values.items():
        if value is None:
            continue
        value = value.strip() if isinstance(value, str) else value
        if value:
            stored[_key(field, lang)] = value
        else:
            stored.pop(_key(field, lang), None)
    obj.i18n = stored


def offered(survey: Survey, questions: list[Question]) -> list[str]:
    """The languages people can choose for this survey: English, and each of the
    organisation's languages the survey has anything written in."""
    organisation = survey.activity.cycle.organisation
    return [CONTENT_LANGUAGE] + [
        lang
        for lang in organisation.languages[1:]
        if any(translations(survey, questions, lang).values())
    ]


def _text(obj: Survey | Question, field: str, lang: str) -> LangText:
    """The field in ``lang``, or its English, knowing which it is."""
    english = getattr(obj, field)
    value = _stored(obj, field, lang) if lang != CONTENT_LANGUAGE else None
    if value and str(value).strip():
        return LangText(value, lang)
    return LangText(english, CONTENT_LANGUAGE)


def survey_in(survey: Survey, lang: str) -> Survey:
    """A copy of the survey whose title, welcome and thanks are in ``lang`` where
    written (each ``LangText`` knows its language)."""
    shown = copy.copy(survey)
    for field in SURVEY_FIELDS:
        setattr(shown, field, _text(survey, field, lang))
    return shown


def questions_in(questions: list[Question], lang: str) -> list[Question]:
    """Copies of the questions with their text and hint in ``lang`` where
    written, and ``option_labels``: each English choice's label in ``lang``."""
    shown: list[Question] = []
    by_id: dict[int, Question] = {}
    for question in questions:
        local = copy.copy(question)
        for field in QUESTION_FIELDS:
            setattr(local, field, _text(question, field, lang))
        written = option_translation(question, lang)
        local.option_labels = {  # type: ignore[attr-defined]
            str(option): LangText(text, lang)
            if text and lang != CONTENT_LANGUAGE
            else LangText(option, CONTENT_LANGUAGE)
            for option, text in zip(question.options, written, strict=True)
        }
        by_id[question.pk] = local
        shown.append(local)
    for local in shown:
        earlier = by_id.get(local.show_if_question_id or 0)
        if earlier is not None:
            local.show_if_question = earlier
    return shown


def label(question: Question, value: str) -> str:
    """How a stored (English) choice reads in the question's language."""
    labels: dict[str, str] = getattr(question, "option_labels", {})
    return labels.get(value, value)


#: Questions already put into a language, kept with the list they came from (the
#: answering page keeps that list between requests), so the answer form's own
#: store of built fields finds the same list again.
_shown: OrderedDict[tuple[int, str], tuple[list[Question], list[Question]]] = (
    OrderedDict()
)
KEEP = 512


def questions_in_kept(questions: list[Question], lang: str) -> list[Question]:
    if lang == CONTENT_LANGUAGE:
        return questions
    key = (id(questions), lang)
    kept = _shown.get(key)
    if kept is not None and kept[0] is questions:
        _shown.move_to_end(key)
        return kept[1]
    local = questions_in(questions, lang)
    _shown[key] = (questions, local)
    while len(_shown) > KEEP:
        _shown.popitem(last=False)
    return local


def chosen_language(
    requested: str, interface: str, survey: Survey, questions: list[Question]
) -> tuple[str, list[str]]:
    """The language to show the survey in, and those on offer: the one asked for
    (``?lang=``) if offered, else the page's language if offered, else English."""
    languages = offered(survey, questions)
    for lang in (requested, interface.split("-")[0]):
        if lang in languages:
            return lang, languages
    return CONTENT_LANGUAGE, languages
