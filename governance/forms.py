"""Forms for governance principles, the charter and assessing a cycle."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from cocommission.forms import NumberInput
from cocommission.languages import (
    CONTENT_LANGUAGE,
    LangText,
    direction,
    fill,
    language_name,
    quoted,
)
from cocommission.organisations.models import Organisation
from cocommission.translations import shown_in, text_in

from .models import CriterionScale, GovernancePrinciple, PrincipleCriterion


class _GovModelForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class PrincipleForm(_GovModelForm):
    class Meta:
        model = GovernancePrinciple
        fields = ["name", "description", "weight"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "weight": NumberInput,
        }
        help_texts = {
            "weight": _(
                "How much this principle counts in the public value scorecard, 1 to 5."
            )
        }
        error_messages = {"name": {"required": _("Enter the principle's name")}}

    def clean_weight(self) -> int:
        weight = self.cleaned_data["weight"]
        if not 1 <= weight <= 5:
            raise forms.ValidationError(_("Enter a weight from 1 to 5"))
        return weight

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = GovernancePrinciple.objects.filter(
            organisation=self.instance.organisation, name__iexact=name
        ).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("Your organisation already has this principle")
            )
        return name


class CriterionForm(_GovModelForm):
    class Meta:
        model = PrincipleCriterion
        fields = ["question", "scale"]
        widgets = {"scale": forms.RadioSelect}
        error_messages = {"question": {"required": _("Enter the question to ask")}}


class CharterForm(forms.Form):
    """A new version's text in English and, beside it, in each of the
    organisation's other languages (``text_<code>``): those it requires must be
    written, so a version is complete when it is published."""

    text = forms.CharField(
        label=_("Charter text"),
        help_text=_(
            "Publishing makes a new version. "
            "Earlier versions and who signed them stay on record."
        ),
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={"required": _("Write the charter text")},
    )

    def __init__(
        self, *args: Any, organisation: Organisation | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.languages = organisation.languages[1:] if organisation else []
        required = organisation.languages_required if organisation else []
        if self.languages:
            self.fields["text"].label = _("Charter text in English")
        for lang in self.languages:
            name = language_name(lang)
            needed = lang in required
            label = (
                _("Charter text in %(language)s")
                if needed
                else _("Charter text in %(language)s (optional)")
            )
            self.fields[f"text_{lang}"] = forms.CharField(
                label=label % {"language": name},
                help_text=(
                    ""
                    if needed
                    else _("Left empty, people who choose it read the English.")
                ),
                required=needed,
                widget=forms.Textarea(
                    attrs={
                        "rows": 14,
                        "lang": lang,
                        "dir": direction(lang),
                        "spellcheck": "true",
                    }
                ),
                error_messages={
                    "required": _("Write the charter in %(language)s")
                    % {"language": name}
                },
            )

    def translations(self) -> dict[str, str]:
        """The text written in each other language, by language."""
        return {
            lang: self.cleaned_data.get(f"text_{lang}") or "" for lang in self.languages
        }


RATING_CHOICES = [
    ("1", _("1 – poor")),
    ("2", _("2")),
    ("3", _("3 – acceptable")),
    ("4", _("4")),
    ("5", _("5 – excellent")),
]
YES_NO_CHOICES = [("yes", _("Yes")), ("no", _("No"))]


class GovernanceAssessmentForm(forms.Form):
    """Every principle in use, with its questions (or one overall rating)."""

    def __init__(
        self,
        *args: Any,
        principles: list[GovernancePrinciple],
        existing: dict[int, Any],
        lang: str = CONTENT_LANGUAGE,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.groups: list[tuple[GovernancePrinciple, list[str]]] = []
        for principle in principles:
            before = existing.get(principle.pk)
            names = []
            questions: list[PrincipleCriterion | None] = [
                *principle.criteria.all()
            ] or [None]
            for criterion in questions:
                key = str(criterion.pk) if criterion else "overall"
                name = f"p{principle.pk}_{key}"
                yes_no = (
                    criterion is not None and criterion.scale == CriterionScale.YES_NO
                )
                if criterion is not None:
                    question = text_in(criterion, "question", lang)
                    label: Any = quoted(question)
                    # Shortened for the list of problems, keeping its language.
                    short = quoted(
                        LangText(Truncator(question).chars(80), question.lang)
                    )
                else:
                    label = short = fill(
                        _("Overall, how well did this cycle honour %(p)s?"),
                        p=quoted(text_in(principle, "name", lang)),
                    )
                self.fields[name] = forms.ChoiceField(
                    label=label,
                    choices=YES_NO_CHOICES if yes_no else RATING_CHOICES,
                    widget=forms.RadioSelect,
                    initial=before.answers.get(key) if before else None,
                    # Named, so a list of problems says which question each is.
                    error_messages={
                        "required": fill(_("Answer “%(question)s”"), question=short)
                    },
                )
                names.append(name)
            evidence = f"p{principle.pk}_evidence"
            self.fields[evidence] = forms.CharField(
                label=fill(
                    _("Evidence or comments about %(p)s"),
                    p=quoted(text_in(principle, "name", lang)),
                ),
                required=False,
                initial=before.evidence if before else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            names.append(evidence)
            self.groups.append(
                (shown_in(principle, ("name", "description"), lang), names)
            )

    def answers_for(self, principle: GovernancePrinciple) -> tuple[dict[str, str], str]:
        prefix = f"p{principle.pk}_"
        answers = {
            name[len(prefix) :]: value
            for name, value in self.cleaned_data.items()
            if name.startswith(prefix) and not name.endswith("_evidence")
        }
        return answers, self.cleaned_data.get(f"{prefix}evidence", "")
