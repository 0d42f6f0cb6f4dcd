"""Forms of the cycle screens. Field errors speak plain words."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from cocommission.accounts.models import User
from cocommission.forms import DateInput, NumberInput
from cocommission.organisations.models import STAFF_ROLES, Organisation
from governance.models import GovernancePrinciple

from .contributions import carry_overs
from .models import (
    PHASE_ORDER,
    Activity,
    ActivityStatus,
    CatalogueEntry,
    CatalogueKind,
    Cycle,
    Decision,
    DecisionKind,
    GateCheck,
    Mode,
    Need,
    Phase,
    Risk,
    ServiceArea,
    Status,
    WayToMeet,
)
from .models.decision import CHAIR_ROLES, DECIDER_ROLES


class GovForm(forms.Form):
    """A form rendered by crispy-forms-gds inside our own <form> tag."""

    fields: dict[str, Any]  # narrowed per form: model choice fields get querysets

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class GovModelForm(forms.ModelForm):
    fields: dict[str, Any]  # narrowed per form: model choice fields get querysets

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


def _team_members(organisation: Organisation) -> Any:
    return User.objects.filter(
        memberships__organisation=organisation, memberships__role__in=STAFF_ROLES
    ).order_by("email")


class CycleForm(GovModelForm):
    class Meta:
        model = Cycle
        fields = [
            "title",
            "service_area",
            "problem_statement",
            "level",
            "population_served",
            "budget_envelope",
            "start_date",
            "end_date",
            "status",
            "visibility",
            "lead",
            "team",
            "lessons",
        ]
        widgets = {
            "lessons": forms.Textarea(attrs={"rows": 3}),
            "level": forms.RadioSelect,
            "visibility": forms.RadioSelect,
            "status": forms.RadioSelect,
            "start_date": DateInput,
            "end_date": DateInput,
            "budget_envelope": NumberInput,
            "team": forms.CheckboxSelectMultiple,
            "problem_statement": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "title": {"required": _("Enter a title for the cycle")},
            "budget_envelope": {
                "invalid": _("Enter the budget as a number, like 250000")
            },
            "start_date": {"invalid": _("Enter a real date")},
            "end_date": {"invalid": _("Enter a real date")},
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_area"].queryset = ServiceArea.objects.filter(
            is_active=True
        )
        self.fields["lead"].queryset = _team_members(organisation)
        self.fields["team"].queryset = _team_members(organisation)
        self.fields["team"].required = False


class CycleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    phase = forms.ChoiceField(
        label=_("Phase"), required=False, choices=[("", _("Any phase")), *Phase.choices]
    )
    service_area = forms.ModelChoiceField(
        label=_("Service area"),
        required=False,
        queryset=ServiceArea.objects.all(),
        empty_label=_("Any service area"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Status.choices],
    )


class ActivityForm(GovModelForm):
    class Meta:
        model = Activity
        fields = [
            "title",
            "phase",
            "mode",
            "approach",
            "purpose",
            "status",
            "start_date",
            "end_date",
            "lead",
            "participants",
            "outputs",
            "covers_tasks",
        ]
        widgets = {
            "mode": forms.RadioSelect,
            "status": forms.RadioSelect,
            "start_date": DateInput,
            "end_date": DateInput,
            "covers_tasks": forms.CheckboxSelectMultiple,
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "participants": forms.Textarea(attrs={"rows": 2}),
            "outputs": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "title": {"required": _("Enter a title for the activity")},
            "mode": {"required": _("Choose how citizens take part")},
        }

    def __init__(self, *args: Any, cycle: Cycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = _team_members(cycle.organisation)
        phase = (
            self.data.get("phase") or self.initial.get("phase") or self.instance.phase
        )
        if phase not in Phase.values:  # the phase field itself says what is wrong
            phase = Phase.ANALYSE
        self.fields["covers_tasks"].queryset = (
            CatalogueEntry.objects.active()
            .for_organisation(cycle.organisation)
            .filter(kind=CatalogueKind.IPC_TASK, phase=phase)
        )
        self.fields["covers_tasks"].help_text = _(
            "Tick the traditional commissioning tasks this activity does with citizens."
        )


class ActivityStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=ActivityStatus.choices,
        error_messages={"required": _("Choose a status")},
    )


class DecisionForm(GovModelForm):
    class Meta:
        model = Decision
        fields = [
            "title",
            "phase",
            "kind",
            "decided",
            "decided_by",
            "decided_by_body",
            "board_chair",
            "decided_on",
            "rationale",
            "citizen_input",
        ]
        widgets = {
            "decided_on": DateInput,
            "citizen_input": forms.CheckboxSelectMultiple,
            "decided": forms.Textarea(attrs={"rows": 3}),
            "rationale": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {"required": _("Enter a short title for the decision")},
            "decided": {"required": _("Say what was decided")},
            "decided_on": {
                "required": _("Enter the date of the decision"),
                "invalid": _("Enter a real date"),
            },
            "decided_by": {
                "invalid_choice": _(
                    "Choose someone in this organisation's commissioning team"
                )
            },
            "board_chair": {
                "invalid_choice": _(
                    "The chair must be a decision maker in this organisation"
                )
            },
        }

    def __init__(self, *args: Any, cycle: Cycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            c
            for c in DecisionKind.choices
            if c[0] not in {DecisionKind.PHASE_CHANGE, DecisionKind.GATE_OVERRIDE}
        ]
        self.fields["decided_by"].queryset = User.objects.filter(
            memberships__organisation=cycle.organisation,
            memberships__role__in=DECIDER_ROLES,
        ).order_by("email")
        self.fields["decided_by"].help_text = _(
            "The person who decided, or leave empty and name the board or panel "
            "below. They confirm the decision before it is published; if you name "
            "yourself, it is published when you record it."
        )
        self.fields["board_chair"].queryset = User.objects.filter(
            memberships__organisation=cycle.organisation,
            memberships__role__in=CHAIR_ROLES,
        ).order_by("email")
        self.fields["citizen_input"].queryset = cycle.activities.order_by(
            "phase", "title"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        person = data.get("decided_by")
        body = (data.get("decided_by_body") or "").strip()
        chair = data.get("board_chair")
        if person and body:
            self.add_error(
                "decided_by_body",
                _("Name either the person who decided or the board, not both"),
            )
        elif not person and not body and "decided_by" not in self.errors:
            self.add_error(
                "decided_by_body",
                _("Choose the person who decided, or name the board or panel"),
            )
        elif body and not chair and "board_chair" not in self.errors:
            self.add_error(
                "board_chair",
                _("Choose the decision maker who chairs the board or panel"),
            )
        elif chair and not body:
            self.add_error(
                "decided_by_body", _("Name the board or panel the chair chairs")
            )
        return data


class ConfirmDecisionForm(GovForm):
    """What the confirmer read, so an edit made meanwhile is not confirmed."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)


class DeclineDecisionForm(GovForm):
    reason = forms.CharField(
        label=_("What is wrong with it?"),
        help_text=_("The person who recorded it sees this, and can change it."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Say what is wrong with it")},
    )


class MoveForm(GovForm):
    reason = forms.CharField(
        label=_("Why is the cycle moving?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the cycle is moving")},
    )
    override_reason = forms.CharField(
        label=_("Reason for moving on although checks have not passed"),
        help_text=_(
            "Only a decision maker can do this. "
            "The reason is published in the decision log."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(
        self, *args: Any, can_override: bool, show_override: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not (can_override and show_override):
            del self.fields["override_reason"]


class AttestForm(GovForm):
    evidence = forms.CharField(
        label=_("Evidence that this check is met"),
        help_text=_("For example: minutes of the carers' forum on 3 May, item 4."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Describe the evidence that the check is met")},
    )


class RecommissionForm(GovForm):
    title = forms.CharField(
        label=_("Title of the next cycle"),
        max_length=200,
        error_messages={"required": _("Enter a title for the next cycle")},
    )
    rationale = forms.CharField(
        label=_("Why recommission?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the service is being recommissioned")},
    )
    lessons = forms.CharField(
        label=_("Lessons to carry into the next cycle"),
        help_text=_("What worked, what did not, and what citizens told you."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    carry_team = forms.BooleanField(
        label=_("Bring this cycle's team into the next cycle"),
        required=False,
        initial=True,
    )
    carry_risks = forms.BooleanField(
        label=_("Carry over the open risks"),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, cycle: Cycle, **kwargs: Any) -> None:
        """One list of checkboxes per carry-over an app registered (outcomes,
        panels), shown only when this cycle has something of that kind."""
        super().__init__(*args, **kwargs)
        carried = []
        for carry_over in carry_overs():
            choices = carry_over.choices(cycle)
            if choices.exists():
                self.fields[carry_over.name] = forms.ModelMultipleChoiceField(
                    label=carry_over.label,
                    help_text=carry_over.help_text,
                    queryset=choices,
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                )
                carried.append(carry_over.name)
        self.order_fields(
            ["title", "rationale", "lessons", "carry_team", *carried, "carry_risks"]
        )


class GateCheckForm(GovModelForm):
    class Meta:
        model = GateCheck
        fields = [
            "phase",
            "title",
            "description",
            "principle",
            "kind",
            "rule",
            "is_active",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {"required": _("Enter what the check asks")},
            "principle": {"required": _("Choose the governance principle it upholds")},
            "kind": {"required": _("Choose how the check is done")},
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["principle"].queryset = GovernancePrinciple.objects.filter(
            organisation=organisation
        ).in_use()
        self.fields["phase"].choices = [(p, Phase(p).label) for p in PHASE_ORDER]
        self.fields["rule"].help_text = _("Only for checks done automatically.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, rule = data.get("kind"), data.get("rule")
        if kind == "automatic" and not rule:
            self.add_error("rule", _("Choose the rule an automatic check uses"))
        if kind == "attested" and rule:
            self.add_error(
                "rule", _("Leave the rule empty for a check a person confirms")
            )
        return data


MODE_CHOICES = Mode.choices


class AttachmentForm(GovForm):
    title = forms.CharField(
        label=_("What is the file?"),
        max_length=200,
        error_messages={"required": _("Say what the file is")},
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("Up to 10 MB."),
        error_messages={"required": _("Choose a file to attach")},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file must be smaller than 10 MB"))
        return upload


class PhasePlanForm(GovForm):
    """Planned start and end dates for each of the four phases."""

    def __init__(self, *args: Any, cycle: Cycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in cycle.phases.all():
            label = row.get_phase_display()
            self.fields[f"{row.phase}_start"] = forms.DateField(
                label=_("%(phase)s: planned start") % {"phase": label},
                required=False,
                initial=row.planned_start,
                widget=DateInput,
                error_messages={"invalid": _("Enter a real date")},
            )
            self.fields[f"{row.phase}_end"] = forms.DateField(
                label=_("%(phase)s: planned end") % {"phase": label},
                required=False,
                initial=row.planned_end,
                widget=DateInput,
                error_messages={"invalid": _("Enter a real date")},
            )

    def dates(self) -> dict[str, tuple[Any, Any]]:
        return {
            phase: (
                self.cleaned_data[f"{phase}_start"],
                self.cleaned_data[f"{phase}_end"],
            )
            for phase in PHASE_ORDER
            if f"{phase}_start" in self.cleaned_data
        }


class CatalogueEntryForm(GovModelForm):
    class Meta:
        model = CatalogueEntry
        fields = ["kind", "phase", "mode", "title", "description", "is_active"]
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {"required": _("Enter a title")},
            "kind": {"required": _("Choose what kind of entry this is")},
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, phase, mode = data.get("kind"), data.get("phase"), data.get("mode")
        if kind in {CatalogueKind.IPC_TASK, CatalogueKind.CO_PRODUCED} and not phase:
            self.add_error("phase", _("Choose the phase this belongs to"))
        if kind in {CatalogueKind.CO_PRODUCED, CatalogueKind.APPROACH} and not mode:
            self.add_error("mode", _("Choose how citizens take part"))
        if kind == CatalogueKind.IPC_TASK and mode:
            self.add_error("mode", _("A traditional task has no Four Co's mode"))
        return data


class RiskForm(GovModelForm):
    class Meta:
        model = Risk
        fields = [
            "description",
            "whose",
            "likelihood",
            "impact",
            "benefits",
            "disbenefits",
            "acceptance",
            "acceptance_source",
            "enablement",
            "resilience",
            "residual_likelihood",
            "residual_impact",
            "owner",
            "review_date",
            "status",
        ]
        widgets = {
            "whose": forms.RadioSelect,
            "acceptance": forms.RadioSelect,
            "status": forms.RadioSelect,
            "review_date": DateInput,
            "benefits": forms.Textarea(attrs={"rows": 2}),
            "disbenefits": forms.Textarea(attrs={"rows": 2}),
            "enablement": forms.Textarea(attrs={"rows": 3}),
            "resilience": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "description": {"required": _("Describe the risk")},
            "whose": {"required": _("Choose whose risk it is")},
            "likelihood": {"required": _("Choose how likely it is")},
            "impact": {"required": _("Choose how bad it would be")},
        }

    def __init__(self, *args: Any, cycle: Cycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .models.risk import scale_labels

        likelihood = scale_labels(cycle.organisation, "likelihood")
        impact = scale_labels(cycle.organisation, "impact")
        for name, labels in (
            ("likelihood", likelihood),
            ("residual_likelihood", likelihood),
            ("impact", impact),
            ("residual_impact", impact),
        ):
            choices: list[tuple[Any, str]] = [
                (n, f"{n} – {labels[n]}") for n in range(1, 6)
            ]
            required = name in ("likelihood", "impact")
            self.fields[name] = forms.TypedChoiceField(
                label=self.fields[name].label,
                choices=choices
                if required
                else [("", str(_("Not assessed"))), *choices],
                coerce=int,
                empty_value=None,
                required=required,
                widget=forms.Select,
                error_messages=self.fields[name].error_messages,
            )
        self.fields["owner"].queryset = _team_members(cycle.organisation)


class NeedForm(GovModelForm):
    ways_to_meet = forms.MultipleChoiceField(
        label=_("How could it be met?"),
        choices=WayToMeet.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Consider all three: they often work best together."),
    )

    class Meta:
        model = Need
        fields = [
            "statement",
            "raised_by",
            "source_activity",
            "source_survey",
            "how_many",
            "groups",
            "quiet_demand",
            "ways_to_meet",
            "outcomes",
        ]
        widgets = {"how_many": NumberInput, "outcomes": forms.CheckboxSelectMultiple}
        error_messages = {
            "statement": {"required": _("Write the need in the words people used")},
            "how_many": {"invalid": _("Enter the number of people as a whole number")},
        }

    def __init__(self, *args: Any, cycle: Cycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Surveys and outcomes sit above cycles: narrow the querysets the model's
        # own fields give, rather than import them.
        fields = self.fields
        fields["source_activity"].queryset = cycle.activities.order_by("phase", "title")
        fields["source_survey"].queryset = fields["source_survey"].queryset.filter(
            activity__cycle=cycle
        )
        fields["outcomes"].queryset = (
            fields["outcomes"]
            .queryset.filter(framework__organisation=cycle.organisation)
            .select_related("framework")
        )
        self.fields["outcomes"].required = False


class PrioritiseForm(GovForm):
    """A rank for each expressed need: 1 is the first priority."""

    rationale = forms.CharField(
        label=_("Why these needs, in this order?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why these needs come first")},
    )
    decided_by_body = forms.CharField(
        label=_("On behalf of (board or panel, if any)"), required=False, max_length=200
    )

    def __init__(self, *args: Any, needs: list[Need], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.needs = needs
        choices = [("", _("Not a priority now"))] + [
            (str(i), str(i)) for i in range(1, len(needs) + 1)
        ]
        for need in needs:
            self.fields[f"rank_{need.pk}"] = forms.ChoiceField(
                label=need.statement, choices=choices, required=False
            )
        self.order_fields(
            [f"rank_{n.pk}" for n in needs] + ["rationale", "decided_by_body"]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ranks = [
            data.get(f"rank_{n.pk}") for n in self.needs if data.get(f"rank_{n.pk}")
        ]
        if not ranks:
            raise forms.ValidationError(_("Give at least one need a priority"))
        if len(ranks) != len(set(ranks)):
            raise forms.ValidationError(_("Give each priority number to one need only"))
        return data

    def ranked(self) -> list[Need]:
        chosen = [
            (int(self.cleaned_data[f"rank_{n.pk}"]), n)
            for n in self.needs
            if self.cleaned_data.get(f"rank_{n.pk}")
        ]
        return [need for _rank, need in sorted(chosen, key=lambda pair: pair[0])]


class RiskScalesForm(GovForm):
    """An organisation's names for the five levels of likelihood and impact."""

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .models.risk import scale_labels

        for scale, title in (("likelihood", _("Likelihood")), ("impact", _("Impact"))):
            labels = scale_labels(organisation, scale)
            for level in range(1, 6):
                self.fields[f"{scale}_{level}"] = forms.CharField(
                    label=_("%(scale)s, level %(n)d") % {"scale": title, "n": level},
                    max_length=40,
                    initial=labels[level],
                    error_messages={"required": _("Give every level a name")},
                )

    def scales(self) -> dict[str, list[str]]:
        return {
            scale: [self.cleaned_data[f"{scale}_{n}"].strip() for n in range(1, 6)]
            for scale in ("likelihood", "impact")
        }
