"""The forms of surveys, one module per topic. The names are re-exported here so
that ``from surveys.forms import AnswerForm`` keeps working."""

from .answer import AnswerForm, form_values, ordinal, part_field
from .ballot import BallotForm, DecideForm, OptionForm
from .codes import CodeBatchForm, CodeForm
from .results import QuoteForm
from .survey import QuestionForm, SurveyForm

__all__ = [
    "AnswerForm",
    "BallotForm",
    "CodeBatchForm",
    "CodeForm",
    "DecideForm",
    "OptionForm",
    "QuestionForm",
    "QuoteForm",
    "SurveyForm",
    "form_values",
    "ordinal",
    "part_field",
]
