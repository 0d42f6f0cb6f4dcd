"""The answer form, built from a survey's questions, and the builder's forms."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from crispy_forms_gds.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from cocommission.forms import NumberInput
from panels.models import Panel

from .models import (
    OTHER,
    Audience,
    Ballot,
    BallotOption,
    Kind,
    Layout,
    Question,
    Survey,
)


class _Gov:
    helper: FormHelper

    def _gov(self) -> None:
        self.helper = FormHelper()
        self.helper.form_tag = False


def _condition_hint(question: Question) -> str:
    earlier = question.show_if_question
    if earlier is None:
        return ""
    return str(
        _("Only if you answered “%(answer)s” to “%(question)s”.")
        % {"answer": question.show_if_answer, "question": earlier.text}
    )


def matrix_field(question: Question, row_number: int) -> str:
    return f"{question.field_name}__{row_number}"


def _rule_hint(question: Question) -> str:
    """What the question expects, said before anyone gets it wrong."""
    if question.kind == Kind.MULTIPLE:
        if question.max_choices:
            return str(_("Choose up to %(n)s.") % {"n": question.max_choices})
        return str(_("Choose all that apply."))
    if question.kind == Kind.RATING:
        return str(_("1 is very poor and 5 is very good."))
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


class AnswerForm(_Gov, forms.Form):
    """One field per question (two for choices with "Other"). ``answers()`` gives
    what is stored: labels, lists of labels, numbers as text, or text."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        questions: list[Question],
        areas: list[str],
        earlier: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.areas = areas
        #: Answers given on earlier pages, for "only ask if" rules.
        self.earlier = earlier or {}
        for number, question in enumerate(questions, start=1):
            hint = " ".join(
                filter(
                    None,
                    [
                        question.help_text,
                        _rule_hint(question),
                        _condition_hint(question),
                    ],
                )
            )
            label = f"{number}. {question.text}"
            if not question.required:
                label += " " + str(_("(optional)"))
            if question.kind == Kind.MATRIX:
                for row_number, row in enumerate(question.rows):
                    self.fields[matrix_field(question, row_number)] = forms.ChoiceField(
                        label=f"{label} – {row}" if row_number == 0 else row,
                        help_text=hint if row_number == 0 else "",
                        choices=[(c, c) for c in question.choices()],
                        required=False,
                        widget=forms.RadioSelect,
                    )
                continue
            self.fields[question.field_name] = self._field(question, label, hint)
            if question.allow_other:
                self.fields[f"{question.field_name}_other"] = forms.CharField(
                    label=_("If other, please say what"),
                    required=False,
                    max_length=200,
                )
        self._gov()

    def _field(self, question: Question, label: str, hint: str) -> forms.Field:
        choices = [(c, c) for c in question.choices(self.areas)]
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
            if question.kind == Kind.MATRIX:
                given = {
                    row: data.get(matrix_field(question, i))
                    for i, row in enumerate(question.rows)
                }
                if question.required:
                    for i, row in enumerate(question.rows):
                        if not given[row]:
                            self.add_error(
                                matrix_field(question, i), _("Answer this question")
                            )
                data[name] = {row: value for row, value in given.items() if value}
                continue
            value = data.get(name)
            if not self._shown(question, data):
                data[name] = None
                continue
            empty = value in (None, "", [])
            if question.required and empty and name not in self.errors:
                self.add_error(name, _("Answer this question"))
            if (
                question.kind == Kind.MULTIPLE
                and question.max_choices
                and value
                and len(value) > question.max_choices
            ):
                self.add_error(
                    name,
                    _("Choose at most %(n)s") % {"n": question.max_choices},
                )
            if question.allow_other:
                chose_other = value == OTHER or (
                    isinstance(value, list) and OTHER in value
                )
                if chose_other and not data.get(f"{name}_other", "").strip():
                    self.add_error(f"{name}_other", _("Say what ‘other’ means"))
        return data

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


class SurveyForm(_Gov, forms.ModelForm):
    class Meta:
        model = Survey
        fields = [
            "title",
            "welcome",
            "thank_you",
            "audience",
            "panel",
            "is_anonymous",
            "layout",
            "opens_at",
            "closes_at",
            "target_responses",
        ]
        widgets = {
            "audience": forms.RadioSelect,
            "layout": forms.RadioSelect,
            "welcome": forms.Textarea(attrs={"rows": 3}),
            "thank_you": forms.Textarea(attrs={"rows": 3}),
            "opens_at": forms.DateTimeInput(
                attrs={
                    "type": "datetime-local",
                    "class": "govuk-input govuk-input--width-20",
                },
                format="%Y-%m-%dT%H:%M",
            ),
            "closes_at": forms.DateTimeInput(
                attrs={
                    "type": "datetime-local",
                    "class": "govuk-input govuk-input--width-20",
                },
                format="%Y-%m-%dT%H:%M",
            ),
            "target_responses": NumberInput(attrs={"inputmode": "numeric"}),
        }
        error_messages = {
            "title": {"required": _("Enter a title")},
            "opens_at": {"invalid": _("Enter a real date and time")},
            "closes_at": {"invalid": _("Enter a real date and time")},
            "target_responses": {"invalid": _("Enter a whole number")},
        }

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = Panel.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        )
        self.fields["panel"].help_text = _("Only for ‘members of one panel’.")
        self.fields["layout"].required = False
        self._gov()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("layout"):
            data["layout"] = Layout.WHOLE
            self.instance.layout = Layout.WHOLE
        if data.get("audience") == Audience.PUBLIC:
            data["panel"] = None
            self.instance.panel = None
        return data


class QuestionForm(_Gov, forms.ModelForm):
    options_text = forms.CharField(
        label=_("Choices"),
        required=False,
        help_text=_(
            "One per line: the choices of ‘one choice’ and ‘several choices’, or "
            "the statements of an agreement grid."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    class Meta:
        model = Question
        fields = [
            "text",
            "help_text",
            "kind",
            "required",
            "options_text",
            "allow_other",
            "max_choices",
            "min_value",
            "max_value",
            "show_if_question",
            "show_if_answer",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "max_choices": NumberInput(attrs={"inputmode": "numeric"}),
            "min_value": NumberInput(),
            "max_value": NumberInput(),
        }
        error_messages = {
            "text": {"required": _("Enter the question")},
            "kind": {"required": _("Choose the kind of question")},
            "max_choices": {"invalid": _("Enter a whole number")},
            "min_value": {"invalid": _("Enter a number")},
            "max_value": {"invalid": _("Enter a number")},
        }

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        earlier = survey.questions.exclude(
            kind__in=[Kind.NUMBER, Kind.SHORT_TEXT, Kind.LONG_TEXT]
        )
        if self.instance.pk:
            earlier = earlier.filter(position__lt=self.instance.position)
            if not self.is_bound:
                self.initial["options_text"] = "\n".join(self.instance.options)
        self.fields["show_if_question"].queryset = earlier  # type: ignore[attr-defined]
        self.fields["show_if_question"].help_text = _("Leave empty to ask everyone.")
        self._gov()

    def save(self, commit: bool = True) -> Question:
        question: Question = super().save(commit=False)
        question.options = [
            line.strip()
            for line in self.cleaned_data.get("options_text", "").splitlines()
            if line.strip()
        ]
        if commit:
            question.save()
        return question


class CodeForm(_Gov, forms.Form):
    form = forms.CharField(widget=forms.HiddenInput, initial="code")
    code = forms.CharField(
        label=_("Your invitation code"),
        help_text=_("It is on your letter or card, for example ABCD-2345."),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "spellcheck": "false",
                "autocapitalize": "characters",
                "class": "govuk-input govuk-input--width-10",
            }
        ),
        error_messages={"required": _("Enter your invitation code")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()


class CodeBatchForm(_Gov, forms.Form):
    count = forms.IntegerField(
        label=_("How many codes?"),
        min_value=1,
        max_value=2000,
        widget=NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Enter how many codes to make"),
            "invalid": _("Enter a whole number"),
            "min_value": _("Make at least one code"),
            "max_value": _("Make at most 2,000 codes at a time"),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()


class BallotForm(_Gov, forms.ModelForm):
    class Meta:
        model = Ballot
        fields = [
            "title",
            "description",
            "budget",
            "rule",
            "max_choices",
            "min_spend",
            "eligibility",
            "panel",
            "allow_changes",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "budget": NumberInput(),
            "rule": forms.RadioSelect,
            "eligibility": forms.RadioSelect,
            "max_choices": NumberInput(attrs={"inputmode": "numeric"}),
            "min_spend": NumberInput(),
        }
        error_messages = {
            "title": {"required": _("Enter a title")},
            "budget": {
                "required": _("Enter the budget"),
                "invalid": _("Enter the budget in pounds, like 250000"),
            },
            "max_choices": {"invalid": _("Enter a whole number")},
            "min_spend": {"invalid": _("Enter an amount in pounds")},
        }

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = Panel.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        )
        self.fields["panel"].help_text = _("Only for ‘members of one panel’.")
        self._gov()


class OptionForm(_Gov, forms.ModelForm):
    class Meta:
        model = BallotOption
        fields = ["title", "description", "cost"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "cost": NumberInput(),
        }
        error_messages = {
            "title": {"required": _("Enter the option")},
            "cost": {
                "required": _("Enter what it costs"),
                "invalid": _("Enter the cost in pounds, like 40000"),
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()


class DecideForm(_Gov, forms.Form):
    rule = forms.ChoiceField(
        label=_("Fund the options chosen by"),
        choices=[
            ("equal_shares", _("The Method of Equal Shares")),
            ("votes", _("Most votes first")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose which result to fund")},
    )
    rationale = forms.CharField(
        label=_("Why"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why, in a sentence or two")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()


class QuoteForm(_Gov, forms.Form):
    text = forms.CharField(
        label=_("The quote as it will be published"),
        help_text=_(
            "Take out names, places, dates and anything else that could point to "
            "a person. You may shorten it; do not change its meaning."
        ),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Enter the quote")},
    )
    checked = forms.BooleanField(
        label=_("I have removed anything that could identify someone"),
        error_messages={"required": _("Confirm you have checked the quote")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()
