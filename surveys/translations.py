"""A survey in the organisation's languages: what can be translated, what is
missing, and the survey as people answering in one language see it.

English is written first and stays what is stored: a choice is kept as its
English label whatever language it was picked in, so the answers from every
language count in the same tallies. Translations live in each model's ``i18n``
field (django-modeltrans): ``title_cy``, ``text_ar``, ``options_ur`` (a list in
the order of the English choices), through ``cocommission.translations``, which
also knows which translations were written from English since changed."""

from __future__ import annotations

from collections import OrderedDict

from django.utils.translation import gettext as _

from cocommission import translations as translated
from cocommission.organisations import fixed_words
from cocommission.translations import Piece

from .models import Kind, Question, Survey

SURVEY_FIELDS = ("title", "welcome", "thank_you")
QUESTION_FIELDS = ("text", "help_text")
#: Kinds whose written choices (or statements, for a matrix) people read.
OPTION_KINDS = {Kind.SINGLE, Kind.MULTIPLE, Kind.MATRIX, Kind.RANKING}


def items(survey: Survey, questions: list[Question]) -> list[Piece]:
    """Everything the survey asks people to read, in order: the title, welcome
    and thanks (when written), then each question, its hint and its choices."""
    found = [Piece(survey, "title", _("Title"), prefix="survey")]
    if survey.welcome:
        found.append(Piece(survey, "welcome", _("Welcome text"), None, True, "survey"))
    if survey.thank_you:
        found.append(
            Piece(survey, "thank_you", _("Thank-you text"), None, True, "survey")
        )
    for number, question in enumerate(questions, start=1):
        prefix = f"q{question.pk}"
        found.append(
            Piece(question, "text", _("Question %(n)s") % {"n": number}, prefix=prefix)
        )
        if question.help_text:
            found.append(
                Piece(
                    question,
                    "help_text",
                    _("Hint of question %(n)s") % {"n": number},
                    prefix=prefix,
                )
            )
        if question.kind in OPTION_KINDS:
            for index in range(len(question.options)):
                found.append(
                    Piece(
                        question,
                        "options",
                        _("Choice %(c)s of question %(n)s")
                        % {"c": index + 1, "n": number},
                        index,
                        prefix=prefix,
                    )
                )
    return found


def gaps(survey: Survey, questions: list[Question]) -> list[translated.Gap]:
    """For each of the organisation's other languages, what is not written yet
    and what is out of date."""
    organisation = survey.activity.cycle.organisation
    return translated.gaps(organisation, items(survey, questions))


def fixed_words_needed(questions: list[Question]) -> list[str]:
    """The fixed words (in English) people answering these questions read."""
    needed: list[str] = []
    for question in questions:
        if question.kind in (Kind.AGREEMENT, Kind.MATRIX):
            needed.extend(fixed_words.AGREEMENT)
        if question.kind == Kind.RATING:
            needed.append(fixed_words.RATING_HINT)
        if question.allow_other and question.kind in (Kind.SINGLE, Kind.MULTIPLE):
            needed.extend((fixed_words.OTHER, fixed_words.OTHER_PROMPT))
    return list(dict.fromkeys(needed))


def publish_problem(survey: Survey, questions: list[Question]) -> str:
    """Why the survey cannot open yet for want of a translation (of its own text,
    or of the fixed words it uses) in a required language, or ""."""
    organisation = survey.activity.cycle.organisation
    problems = [
        translated.publish_problem(organisation, items(survey, questions)),
        fixed_words.publish_problem(organisation, fixed_words_needed(questions)),
    ]
    return " ".join(problem for problem in problems if problem)


def translation_save(
    *, survey: Survey, questions: list[Question], lang: str, data: dict[str, str]
) -> None:
    """Keep the text in ``lang`` of each piece named in ``data`` (blank removes)."""
    translated.save(items(survey, questions), lang, data)


def offered(survey: Survey, questions: list[Question]) -> list[str]:
    """The languages people can choose for this survey: English, and each of the
    organisation's languages the survey has anything written in."""
    organisation = survey.activity.cycle.organisation
    return translated.offered(organisation, items(survey, questions))


def survey_in(survey: Survey, lang: str) -> Survey:
    """A copy of the survey whose title, welcome and thanks are in ``lang`` where
    written (each ``LangText`` knows its language)."""
    shown: Survey = translated.shown_in(survey, SURVEY_FIELDS, lang)
    return shown


def questions_in(
    questions: list[Question], lang: str, organisation: object = None
) -> list[Question]:
    """Copies of the questions with their text and hint in ``lang`` where
    written, ``option_labels``: each English choice's label in ``lang`` (the
    fixed scales' words too, the organisation's where written), and the fixed
    words of "Other"'s box and the rating's hint in ``lang``."""
    shown: list[Question] = []
    by_id: dict[int, Question] = {}
    for question in questions:
        local = translated.shown_in(question, QUESTION_FIELDS, lang)
        fixed: dict[str, str] = {}
        if question.kind in (Kind.AGREEMENT, Kind.MATRIX):
            for word in fixed_words.AGREEMENT:
                fixed[word] = fixed_words.word_in(organisation, word, lang)
        if question.allow_other:
            fixed[fixed_words.OTHER] = fixed_words.word_in(
                organisation, fixed_words.OTHER, lang
            )
        local.fixed_labels = fixed
        local.option_labels = {
            str(option): text
            for option, text in zip(
                question.options,
                translated.list_in(question, "options", lang),
                strict=True,
            )
        }
        local.other_prompt = fixed_words.word_in(
            organisation, fixed_words.OTHER_PROMPT, lang
        )
        local.rating_hint = fixed_words.word_in(
            organisation, fixed_words.RATING_HINT, lang
        )
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
    if value in labels:
        return labels[value]
    return fixed_label(question, value)


def fixed_label(question: Question, value: str) -> str:
    """How a stored (English) fixed word (a scale's, or "Other") reads in the
    question's language."""
    fixed: dict[str, str] = getattr(question, "fixed_labels", {})
    return fixed.get(value, value)


#: Questions already put into a language, kept with the list they came from (the
#: answering page keeps that list between requests), so the answer form's own
#: store of built fields finds the same list again. The key holds what the
#: fixed words depend on (the organisation's words, the page's language), so
#: words the team writes show at once.
_shown: OrderedDict[tuple[int, str, str], tuple[list[Question], list[Question]]] = (
    OrderedDict()
)
KEEP = 512


def questions_in_kept(
    questions: list[Question], lang: str, organisation: object = None
) -> list[Question]:
    key = (id(questions), lang, fixed_words.signature(organisation, lang))
    kept = _shown.get(key)
    if kept is not None and kept[0] is questions:
        _shown.move_to_end(key)
        return kept[1]
    local = questions_in(questions, lang, organisation)
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
    return translated.chosen(requested, interface, languages), languages
