"""The builder's forms: a survey's settings and its questions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocommission.forms import GovMixin, NumberInput
from panels.models import Panel

from ..models import Audience, Kind, Layout, Question, Survey


class SurveyForm(GovMixin, forms.ModelForm):
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
            "reminders",
            "reminder_gap_days",
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
            "reminders": NumberInput(attrs={"inputmode": "numeric"}),
            "reminder_gap_days": NumberInput(attrs={"inputmode": "numeric"}),
        }
        error_messages = {
            "title": {"required": _("Enter a title")},
            "opens_at": {"invalid": _("Enter a real date and time")},
            "closes_at": {"invalid": _("Enter a real date and time")},
            "target_responses": {"invalid": _("Enter a whole number")},
            "reminders": {
                "invalid": _("Enter a whole number"),
                "max_value": _("Send at most 3 reminders"),
                "min_value": _("Enter 0 for no reminders"),
            },
            "reminder_gap_days": {
                "invalid": _("Enter a whole number of days"),
                "max_value": _("Leave at most 60 days between reminders"),
                "min_value": _("Leave at least 1 day between reminders"),
            },
        }

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = Panel.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        )
        self.fields["panel"].help_text = _("Only for ‘members of one panel’.")
        self.fields["layout"].required = False
        self.fields["reminders"].required = False
        self.fields["reminder_gap_days"].required = False
        self._gov()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("layout"):
            data["layout"] = Layout.WHOLE
            self.instance.layout = Layout.WHOLE
        for name, default in (("reminders", 0), ("reminder_gap_days", 7)):
            if name in data and data[name] is None:
                data[name] = default
        if data.get("audience") == Audience.PUBLIC:
            data["panel"] = None
            self.instance.panel = None
        return data


class QuestionForm(GovMixin, forms.ModelForm):
    options_text = forms.CharField(
        label=_("Choices"),
        required=False,
        help_text=_(
            "One per line: the choices of ‘one choice’, ‘several choices’ and "
            "‘put choices in order’, or the statements of an agreement grid."
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
            kind__in=[
                Kind.NUMBER,
                Kind.SHORT_TEXT,
                Kind.LONG_TEXT,
                Kind.MATRIX,
                Kind.RANKING,
            ]
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
