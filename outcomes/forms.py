"""Forms for outcomes frameworks, indicators, measurements and costs."""

from __future__ import annotations

from typing import Any, cast

from crispy_forms_gds.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from cocommission.csv_files import csv_upload
from cocommission.forms import DateInput, NumberInput, current_cycle_first
from cocommission.organisations.models import Organisation

from .models import (
    Contribution,
    Indicator,
    MeasurementSource,
    Outcome,
    OutcomesFramework,
    Pathway,
    ValueType,
)


class _GovModelForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class FrameworkForm(_GovModelForm):
    template = forms.ModelChoiceField(
        label=_("Start from a template"),
        queryset=OutcomesFramework.objects.none(),
        required=False,
        empty_label=_("No, start empty"),
        help_text=_(
            "Copies the template's outcomes and indicators, not its measurements."
        ),
    )

    class Meta:
        model = OutcomesFramework
        fields = ["title", "description", "cycle", "is_template"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"title": {"required": _("Enter a title for the framework")}}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["cycle"]
        ).queryset = organisation.cycles.all().order_by("title")
        cast(
            forms.ModelChoiceField, self.fields["template"]
        ).queryset = OutcomesFramework.objects.filter(
            organisation=organisation, is_template=True
        )
        if self.instance.pk:
            del self.fields["template"]


class OutcomeForm(_GovModelForm):
    value_types = forms.MultipleChoiceField(
        label=_("Kinds of value"),
        choices=ValueType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every kind of value the outcome brings."),
        error_messages={"required": _("Tick at least one kind of value")},
    )

    class Meta:
        model = Outcome
        fields = [
            "statement",
            "who_for",
            "value_types",
            "priority",
            "priority_decision",
        ]
        widgets = {"priority": NumberInput}
        error_messages = {
            "statement": {"required": _("Write the outcome in plain words")}
        }

    def __init__(self, *args: Any, framework: OutcomesFramework, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from cycles.models import Decision

        decisions = Decision.objects.filter(cycle__organisation=framework.organisation)
        if framework.cycle_id:
            decisions = decisions.filter(cycle_id=framework.cycle_id)
        cast(
            forms.ModelChoiceField, self.fields["priority_decision"]
        ).queryset = decisions.exclude(kind__in=["phase_change", "gate_override"])
        self.fields["priority_decision"].help_text = _(
            "The decision in which citizens and decision makers set this priority."
        )
        existing = {}
        if self.instance.pk:
            existing = {
                p.pathway: p.contributions for p in self.instance.pathways.all()
            }
        benefits = self.instance.beneficiaries.all() if self.instance.pk else []
        self.fields["beneficiaries"] = forms.CharField(
            label=_("Who else benefits"),
            help_text=_(
                "One body a line, and how if you know, for example: "
                "Police – fewer first-time offenders"
            ),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            initial="\n".join(
                f"{b.body} – {b.how}" if b.how else b.body for b in benefits
            ),
        )
        for pathway in Pathway:
            self.fields[f"pathway_{pathway.value}"] = forms.MultipleChoiceField(
                label=_("%(pathway)s: what it relies on") % {"pathway": pathway.label},
                choices=Contribution.choices,
                required=False,
                initial=existing.get(pathway.value, []),
                widget=forms.CheckboxSelectMultiple,
            )

    def beneficiaries(self) -> list[tuple[str, str]]:
        rows = []
        for line in self.cleaned_data.get("beneficiaries", "").splitlines():
            body, _sep, how = line.replace(" - ", " – ").partition(" – ")
            if body.strip():
                rows.append((body.strip()[:200], how.strip()[:300]))
        return rows

    def pathways(self) -> dict[str, list[str]]:
        return {
            p.value: self.cleaned_data[f"pathway_{p.value}"]
            for p in Pathway
            if self.cleaned_data.get(f"pathway_{p.value}")
        }


class IndicatorForm(_GovModelForm):
    class Meta:
        model = Indicator
        fields = [
            "name",
            "definition",
            "unit",
            "baseline_value",
            "baseline_date",
            "target_kind",
            "target_value",
            "target_date",
            "direction",
            "data_source",
            "frequency",
            "owner",
            "co_assessed",
            "attributed_cost",
            "threshold_per_unit",
        ]
        widgets = {
            "baseline_date": DateInput,
            "target_date": DateInput,
            "baseline_value": NumberInput,
            "target_value": NumberInput,
            "attributed_cost": NumberInput,
            "threshold_per_unit": NumberInput,
            "direction": forms.RadioSelect,
            "target_kind": forms.RadioSelect,
            "definition": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "name": {"required": _("Enter the indicator's name")},
            "unit": {"required": _("Enter the unit, for example: people or %")},
            "baseline_value": {"invalid": _("Enter the baseline as a number")},
            "target_value": {"invalid": _("Enter the target as a number")},
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from cocommission.accounts.models import User
        from cocommission.organisations.models import STAFF_ROLES

        cast(
            forms.ModelChoiceField, self.fields["owner"]
        ).queryset = User.objects.filter(
            memberships__organisation=organisation, memberships__role__in=STAFF_ROLES
        ).order_by("email")


class MeasurementForm(forms.Form):
    period_end = forms.DateField(
        label=_("End of the period"),
        widget=DateInput,
        error_messages={
            "required": _("Enter the date the period ends"),
            "invalid": _("Enter a real date"),
        },
    )
    value = forms.DecimalField(
        label=_("Value"),
        max_digits=14,
        decimal_places=3,
        widget=NumberInput,
        error_messages={
            "required": _("Enter the value"),
            "invalid": _("Enter the value as a number"),
        },
    )
    source = forms.ChoiceField(label=_("Source"), choices=MeasurementSource.choices)
    note = forms.CharField(
        label=_("Evidence or note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


_REASON_HELP = _("It is kept with the measurement's history, which the team can see.")


class MeasurementCorrectionForm(MeasurementForm):
    """The measurement's figures, to correct, and why."""

    reason = forms.CharField(
        label=_("Reason for the correction"),
        help_text=_REASON_HELP,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Say why you are correcting the measurement"),
            "max_length": _("Keep the reason under 1,000 characters"),
        },
    )


class MeasurementWithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawing it"),
        help_text=_REASON_HELP,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Say why you are withdrawing the measurement"),
            "max_length": _("Keep the reason under 1,000 characters"),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class MeasurementImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: period_end (like 2026-03-31), value, "
            "and optionally source and note."
        ),
        error_messages={"required": _("Choose a CSV file")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_file(self) -> str:
        return csv_upload(self.cleaned_data["file"], max_mb=20)


class CycleCostForm(forms.Form):
    label = forms.CharField(
        label=_("What the cost is for"),
        max_length=200,
        error_messages={"required": _("Say what the cost is for")},
    )
    amount = forms.DecimalField(
        label=_("Amount (£)"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        widget=NumberInput,
        error_messages={
            "required": _("Enter the amount"),
            "invalid": _("Enter the amount as a number, like 25000"),
            "min_value": _("The amount cannot be negative"),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class SurveyMeasurementForm(forms.Form):
    """Pick a survey question, then which of its answers make up the value."""

    question: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Survey question"),
        queryset=None,
        empty_label=_("Choose a question"),
        error_messages={"required": _("Choose a survey question")},
    )
    answers = forms.MultipleChoiceField(
        label=_("Which answers count"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The value is the share, in per cent, of people who gave one."),
    )
    period_end = forms.DateField(
        label=_("End of the period"),
        widget=DateInput,
        required=False,
        error_messages={"invalid": _("Enter a real date")},
    )

    def __init__(
        self,
        *args: Any,
        organisation: Any,
        chosen: Any = None,
        cycle: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        from surveys.models import CHOICE_KINDS, Question

        questions = (
            Question.objects.filter(
                survey__activity__cycle__organisation=organisation,
                kind__in=CHOICE_KINDS,
                survey__published_at__isnull=False,
            )
            .select_related("survey")
            .order_by("survey__title", "position")
        )
        question_field = self.fields["question"]
        question_field.queryset = questions  # type: ignore[attr-defined]
        current_cycle_first(
            question_field,
            cycle_path="survey__activity__cycle",
            current=cycle,
            label=lambda q: f"{q.survey.title}: {q.text}",
        )
        if chosen is not None:
            from surveys.services import area_labels

            self.fields["answers"].choices = [  # type: ignore[attr-defined]
                (c, c) for c in chosen.choices(area_labels(chosen.survey))
            ]
        else:
            del self.fields["answers"]
            del self.fields["period_end"]
        self.helper = FormHelper()
        self.helper.form_tag = False
