"""The paper version of a survey: the same questions, choices and hints in the
same order as online, with boxes to tick and lines to write on, as a tagged PDF
(PDF/UA-1) made by WeasyPrint."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.translation import get_language

from .forms.answer import ordinal, question_hint
from .models import Audience, Kind, Question, Survey
from .qr import qr_data_uri
from .services import area_labels, survey_questions


@dataclass
class PaperQuestion:
    number: int
    text: str
    hint: str
    required: bool
    kind: str
    #: Boxes to tick (one or several choices, agreement, rating, areas).
    choices: list[str] = field(default_factory=list)
    #: A matrix's statements (rows) on the agreement scale (``choices``).
    rows: list[str] = field(default_factory=list)
    #: A ranking's places: 1st, 2nd …
    places: list[str] = field(default_factory=list)
    lines: int = 0


def _paper_question(number: int, question: Question, areas: list[str]) -> PaperQuestion:
    paper = PaperQuestion(
        number=number,
        text=question.text,
        hint=question_hint(question),
        required=question.required,
        kind=question.kind,
    )
    if question.kind == Kind.MATRIX:
        paper.rows = question.rows
        paper.choices = question.choices()
    elif question.kind == Kind.RANKING:
        paper.choices = question.choices()
        paper.places = [ordinal(n) for n in range(1, question.places + 1)]
    elif (
        question.kind == Kind.AREA
        and not areas
        or question.kind in {Kind.SHORT_TEXT, Kind.NUMBER}
    ):
        paper.lines = 1
    elif question.kind == Kind.LONG_TEXT:
        paper.lines = 5
    else:
        paper.choices = question.choices(areas)
    if question.allow_other:
        paper.lines = 1
    return paper


def paper_html(survey: Survey, *, answer_link: str) -> str:
    questions = survey_questions(survey)
    areas = area_labels(survey) if any(q.kind == Kind.AREA for q in questions) else []
    return render_to_string(
        "surveys/paper.html",
        {
            "survey": survey,
            "organisation": survey.activity.cycle.organisation,
            "questions": [
                _paper_question(n, q, areas) for n, q in enumerate(questions, start=1)
            ],
            "needs_code": survey.audience == Audience.CODES,
            "answer_link": answer_link,
            "qr": qr_data_uri(answer_link),
            "language": get_language() or "en",
        },
    )


def paper_pdf(survey: Survey, *, answer_link: str) -> bytes:
    """The survey as a tagged, accessible PDF (PDF/UA-1, language set)."""
    from weasyprint import HTML

    html = paper_html(survey, answer_link=answer_link)
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1") or b""
