"""The answer form, built from a survey's questions, and its helpers."""

from __future__ import annotations

import copy
from collections import OrderedDict
from decimal import Decimal
from typing import Any

from crispy_forms_gds.layout import Div, Field, Fieldset
from crispy_forms_gds.layout import Layout as FormLayout
from django import forms
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cocommission.forms import GovMixin, Markup, NumberInput
from cocommission.languages import LangText, fill, quoted

from ..answer_checks import answer_problems, answer_wanted, matrix_answer
from ..models import Kind, Question
from ..translations import fixed_label
from ..translations import label as translated_label


def _condition_hint(question: Question) -> SafeString:
    earlier = question.show_if_question
    if earlier is None:
        return mark_safe("")  # noqa: S308 - empty
    # The sentence is ours, the answer and question the organisation's (in
    # their own language): the sentence escaped, the quoted parts put in.
    return fill(
        _("Only if you answered “%(answer)s” to “%(question)s”."),
        answer=quoted(translated_label(earlier, question.show_if_answer)),
        question=quoted(earlier.text),
    )


def part_field(question: Question, number: int) -> str:
    """The field for one statement of a matrix or one choice of a ranking."""
    return f"{question.field_name}__{number}"


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th … 11th, 12th, 13th, 21st."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def form_values(question: Question, value: Any) -> dict[str, Any]:
    """A stored answer turned back into the values of the form's fields."""
    if value in (None, "", [], {}):
        return {}
    if question.kind == Kind.MATRIX:
        rows = question.rows
        return {
            part_field(question, rows.index(row)): choice
            for row, choice in dict(value).items()
            if row in rows
        }
    if question.kind == Kind.RANKING:
        options = question.choices()
        return {
            part_field(question, options.index(label)): str(place)
            for place, label in enumerate(value, start=1)
            if label in options
        }
    return {question.field_name: value}


def _rule_hint(question: Question) -> str:
    """What the question expects, said before anyone gets it wrong."""
    if question.kind == Kind.MULTIPLE:
        if question.max_choices:
            return str(_("Choose up to %(n)s.") % {"n": question.max_choices})
        # Said once: not again after an author's "Tick all that apply."
        if "all that apply" in question.help_text.casefold():
            return ""
        return str(_("Choose all that apply."))
    if question.kind == Kind.RATING:
        # A fixed word: in the survey's language where written, marked with it.
        hint = getattr(question, "rating_hint", None)
        return quoted(hint) if hint else str(_("1 is very poor and 5 is very good."))
    if question.kind == Kind.RANKING:
        if question.places < len(question.options):
            return str(
                _("Give your top %(n)s a place: 1st for the one that matters most.")
                % {"n": question.places}
            )
        return str(_("Give each a place: 1st for the one that matters most."))
    if (
        question.kind == Kind.NUMBER
        and question.min_value is not None
        and question.max_value is not None
    ):
        return str(
            _("A number from %(low)s to %(high)s.")
            % {"low": f"{question.min_value:g}", "high": f"{question.max_value:g}"}
        )
    return ""


def question_hint(question: Question) -> SafeString:
    """The hint under a question, online and on paper: the author's (marked with
    its language), what the question expects, and when it is asked."""
    parts = [
        quoted(question.help_text) if question.help_text else "",
        conditional_escape(_rule_hint(question)),
        _condition_hint(question),
    ]
    return format_html_join(" ", "{}", ((p,) for p in parts if p))


def shown_label(question: Question, value: str) -> str:
    """An English choice as people answering in the question's language read it."""
    return translated_label(question, value)


def shown_choice(question: Question, value: str) -> str:
    """A choice's label: the translation marked with its language, or the label
    itself as before."""
    text = translated_label(question, value)
    return quoted(text) if isinstance(text, LangText) else value


def _fixed_choice(question: Question, value: str) -> str:
    """A matrix's scale word in the survey's language, marked with it."""
    text = fixed_label(question, value)
    return quoted(text) if isinstance(text, LangText) else value


def _other_prompt(question: Question) -> str:
    """The label of "Other"'s box in the survey's language, marked with it."""
    prompt = getattr(question, "other_prompt", None)
    return quoted(prompt) if prompt else str(_("If other, please say what"))


#: Fields already built for a list of questions, kept with the list itself so
#: its ``id`` cannot be reused while kept. The answering page's list is kept
#: between requests (``answer_cache``), and copying fields costs half as much
#: as building them from the questions.
_built: OrderedDict[int, tuple[Any, ...]] = OrderedDict()
KEEP_BUILT = 256


#: The GOV.UK pattern for one question a page: the question's label, or the
#: legend of its radios or checkboxes, is the page's h1.
PAGE_HEADING = {
    "label_tag": "h1",
    "label_size": "govuk-label--l",
    "legend_tag": "h1",
    "legend_size": "govuk-fieldset__legend--l",
}


class AnswerForm(GovMixin, forms.Form):
    """One field per question (two for choices with "Other"). ``answers()`` gives
    what is stored: labels, lists of labels, numbers as text, or text."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        questions: list[Question],
        areas: list[str],
        earlier: dict[str, Any] | None = None,
        heading: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        #: One question a page: its label or legend is the page's heading (h1).
        self.heading = heading
        self.areas = areas
        #: Answers given on earlier pages, for "only ask if" rules.
        self.earlier = earlier or {}
        #: Ranking questions, laid out as one fieldset of their choices.
        self.groups: dict[str, tuple[str, str, list[str]]] = {}
        key = (tuple(areas), get_language(), heading)
        kept = _built.get(id(questions))
        if kept is not None and kept[0] is questions and kept[1] == key:
            _built.move_to_end(id(questions))
        else:
            kept = (questions, key, *self._build())
            _built[id(questions)] = kept
            while len(_built) > KEEP_BUILT:
                _built.popitem(last=False)
        self.fields.update(copy.deepcopy(kept[2]))
        self.groups = dict(kept[3])
        self._gov()
        if self.groups or heading:
            self.helper.layout = self._layout()

    def _build(
        self,
    ) -> tuple[dict[str, forms.Field], dict[str, tuple[str, str, list[str]]]]:
        """The fields for the questions, and the ranking groups."""
        fields: dict[str, forms.Field] = {}
        groups: dict[str, tuple[str, str, list[str]]] = {}
        for number, question in enumerate(self.questions, start=1):
            hint = question_hint(question)
            # One question a page: the page says "Question 2 of 6", so the
            # question itself carries no number (it would always read "1.").
            # Written by the organisation: marked lang="en" on a Welsh page.
            text = quoted(question.text)
            label = text if self.heading else format_html("{}. {}", number, text)
            if not question.required:
                label = format_html("{} {}", label, _("(optional)"))
            if question.kind == Kind.MATRIX:
                for row_number, row in enumerate(question.rows):
                    fields[part_field(question, row_number)] = forms.ChoiceField(
                        label=format_html(
                            "{} – {}", label, quoted(shown_label(question, row))
                        )
                        if row_number == 0
                        else quoted(shown_label(question, row)),
                        help_text=hint if row_number == 0 else "",
                        choices=[
                            (c, _fixed_choice(question, c)) for c in question.choices()
                        ],
                        required=False,
                        widget=forms.RadioSelect,
                    )
                continue
            if question.kind == Kind.RANKING:
                places = [("", _("Not ranked"))] + [
                    (str(n), ordinal(n)) for n in range(1, question.places + 1)
                ]
                names = []
                for option_number, option in enumerate(question.choices()):
                    name = part_field(question, option_number)
                    fields[name] = forms.ChoiceField(
                        label=quoted(shown_label(question, option)),
                        choices=places,
                        required=False,
                    )
                    names.append(name)
                groups[question.field_name] = (label, hint, names)
                continue
            fields[question.field_name] = self._field(question, label, hint)
            if question.allow_other:
                fields[f"{question.field_name}_other"] = forms.CharField(
                    label=_other_prompt(question),
                    required=False,
                    max_length=200,
                )
        return fields, groups

    def _layout(self) -> FormLayout:
        """Every field in order, with each ranking's choices in a fieldset."""
        grouped = {name for _l, _h, names in self.groups.values() for name in names}
        items: list[Any] = []
        first = next(
            (q.field_name for q in self.questions if q.field_name in self.fields), ""
        )
        matrix = next((q for q in self.questions if q.kind == Kind.MATRIX), None)
        if self.heading and not first and matrix is not None:
            # Several statements, each its own group: the question heads them.
            items.append(
                Markup(
                    format_html(
                        '<h1 class="govuk-heading-l">{}</h1>', quoted(matrix.text)
                    )
                )
            )
        for name in self.fields:
            if name not in grouped:
                if self.heading and name == first:
                    items.append(Field(name, context=PAGE_HEADING))
                else:
                    items.append(name)
                continue
            question_name = name.rsplit("__", 1)[0]
            label, hint, names = self.groups[question_name]
            if name != names[0]:
                continue
            hint_id = f"id_{question_name}_hint"
            items.append(
                Div(
                    Fieldset(
                        Markup(
                            format_html(
                                '<div id="{}" class="govuk-hint">{}</div>',
                                hint_id,
                                hint,
                            )
                        ),
                        *names,
                        legend=label,
                        aria_describedby=hint_id,
                        **(
                            {"legend_tag": "h1", "legend_size": "l"}
                            if self.heading
                            else {}
                        ),
                    ),
                    css_class="govuk-form-group",
                    css_id=f"id_{question_name}",
                )
            )
        return FormLayout(*items)

    def _field(self, question: Question, label: str, hint: str) -> forms.Field:
        choices = [(c, shown_choice(question, c)) for c in question.choices(self.areas)]
        common: dict[str, Any] = {"label": label, "help_text": hint, "required": False}
        if question.kind == Kind.MULTIPLE:
            return forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple, **common
            )
        if question.kind in {Kind.SINGLE, Kind.AGREEMENT, Kind.RATING}:
            return forms.ChoiceField(
                choices=choices, widget=forms.RadioSelect, **common
            )
        if question.kind == Kind.AREA:
            if not choices:
                return forms.CharField(max_length=100, **common)
            return forms.ChoiceField(
                choices=[("", _("Choose your area")), *choices], **common
            )
        if question.kind == Kind.NUMBER:
            return forms.DecimalField(
                min_value=question.min_value,
                max_value=question.max_value,
                max_digits=12,
                decimal_places=2,
                widget=NumberInput(),
                error_messages={"invalid": _("Enter a number, like 3 or 2.5")},
                **common,
            )
        if question.kind == Kind.LONG_TEXT:
            return forms.CharField(
                max_length=5000, widget=forms.Textarea(attrs={"rows": 5}), **common
            )
        return forms.CharField(max_length=300, **common)

    def _shown(self, question: Question, data: dict[str, Any]) -> bool:
        earlier = question.show_if_question
        if earlier is None:
            return True
        given = data.get(earlier.field_name, self.earlier.get(earlier.field_name))
        if isinstance(given, list):
            return question.show_if_answer in given
        return given == question.show_if_answer

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for question in self.questions:
            name = question.field_name
            if not self._shown(question, data):
                data[name] = None
            elif question.kind == Kind.MATRIX:
                data[name], missing = matrix_answer(
                    question,
                    [
                        data.get(part_field(question, i))
                        for i in range(len(question.rows))
                    ],
                )
                for i in missing:
                    self.add_error(
                        part_field(question, i),
                        answer_wanted(f"{question.text} – {question.rows[i]}"),
                    )
            elif question.kind == Kind.RANKING:
                data[name] = self._ranking(question, data)
            else:
                refused = name in self.errors
                for field, message in answer_problems(question, data, refused=refused):
                    self.add_error(field, message)
        return data

    def _ranking(self, question: Question, data: dict[str, Any]) -> list[str]:
        """The choices in the order given, after checking the places: each used
        once, from 1st with no gaps, and all of them if an answer is needed."""
        options = question.choices()
        placed: dict[int, list[int]] = {}
        for number in range(len(options)):
            place = data.get(part_field(question, number))
            if place:
                placed.setdefault(int(place), []).append(number)
        fine = True
        for place, numbers in placed.items():
            if len(numbers) > 1:
                fine = False
                for number in numbers:
                    self.add_error(
                        part_field(question, number),
                        _("Only one choice can be %(place)s")
                        % {"place": ordinal(place)},
                    )
        wanted = question.places if question.required else len(placed)
        missing = [p for p in range(1, wanted + 1) if p not in placed]
        if fine and missing:
            fine = False
            unplaced = [
                n for n in range(len(options)) if not data.get(part_field(question, n))
            ]
            self.add_error(
                part_field(question, unplaced[0] if unplaced else 0),
                _("Give a choice the place %(place)s") % {"place": ordinal(missing[0])}
                if placed
                else answer_wanted(question.text),
            )
        if not fine:
            return []
        return [options[placed[p][0]] for p in sorted(placed)]

    def answers(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for question in self.questions:
            name = question.field_name
            value = self.cleaned_data.get(name)
            if value in (None, "", [], {}):
                continue
            if isinstance(value, Decimal):
                value = str(value)
            result[name] = value
            other = self.cleaned_data.get(f"{name}_other", "").strip()
            if question.allow_other and other:
                result[f"{name}_other"] = other
        return result

    @property
    def is_bot(self) -> bool:
        """The honeypot (a field people never see, rendered by the template) was
        filled in."""
        return bool(self.data.get("website"))
