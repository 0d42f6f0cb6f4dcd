"""Forms for the provider register, contracts and specifications."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocommission.forms import DateInput, GovMixin, NumberInput
from cycles.models import Cycle
from governance.models import GovernancePrinciple
from outcomes.models import Indicator, Outcome
from panels.models import CategoryValue, Panel
from surveys.models import Survey

from .models import (
    ASPECTS,
    MAX_SCORE,
    Bid,
    CoAssessmentReport,
    Complaint,
    ComplaintOutcome,
    Contract,
    ContractKind,
    Criterion,
    Provider,
    Recommendation,
    Route,
    Sector,
    Specification,
)


class ProviderForm(GovMixin, forms.ModelForm):
    representatives_text = forms.CharField(
        label=_("Representatives’ e-mail addresses"),
        required=False,
        help_text=_(
            "One per line. They sign in to see this provider’s contracts and send "
            "its returns. Each needs the ‘provider representative’ role first."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Provider
        fields = [
            "name",
            "sector",
            "members",
            "register_scheme",
            "register_id",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        widgets = {
            "sector": forms.RadioSelect,
            "members": forms.CheckboxSelectMultiple,
            "contact_email": forms.EmailInput(attrs={"spellcheck": "false"}),
            "contact_phone": forms.TextInput(attrs={"type": "tel"}),
        }
        error_messages = {
            "name": {"required": _("Enter the provider’s name")},
            "sector": {"required": _("Choose the sector")},
            "contact_email": {
                "invalid": _("Enter an e-mail address like name@example.com")
            },
        }

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = Provider.objects.filter(organisation=organisation).exclude(
            sector=Sector.ALLIANCE
        )
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
            if not self.is_bound:
                self.initial["representatives_text"] = "\n".join(
                    self.instance.representatives.values_list("email", flat=True)
                )
        self.fields["members"].queryset = others  # type: ignore[attr-defined]
        self.fields["members"].help_text = _(
            "Only for a partnership or alliance: the providers in it."
        )
        self._gov()

    def representative_emails(self) -> list[str]:
        return [
            line.strip()
            for line in self.cleaned_data.get("representatives_text", "").splitlines()
            if line.strip()
        ]


class ContractForm(GovMixin, forms.ModelForm):
    class Meta:
        model = Contract
        fields = [
            "cycle",
            "title",
            "kind",
            "providers",
            "route",
            "status",
            "value",
            "starts_on",
            "ends_on",
            "monitoring_panel",
            "ratings_survey",
            "outcomes",
            "indicators",
            "principles",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "providers": forms.CheckboxSelectMultiple,
            "route": forms.RadioSelect,
            "status": forms.RadioSelect,
            "value": NumberInput(),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "outcomes": forms.CheckboxSelectMultiple,
            "indicators": forms.CheckboxSelectMultiple,
            "principles": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "cycle": {"required": _("Choose the cycle")},
            "title": {"required": _("Enter the service")},
            "providers": {"required": _("Choose at least one provider")},
            "route": {"required": _("Choose how the provider was chosen")},
            "value": {"invalid": _("Enter the value in pounds, like 250000")},
            "starts_on": {"invalid": _("Enter a real date")},
            "ends_on": {"invalid": _("Enter a real date")},
        }

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["cycle"].queryset = Cycle.objects.filter(organisation=organisation)
        fields["providers"].queryset = Provider.objects.filter(
            organisation=organisation
        )
        fields["monitoring_panel"].queryset = Panel.objects.filter(
            organisation=organisation
        )
        fields["ratings_survey"].queryset = Survey.objects.of_organisation(organisation)
        fields["outcomes"].queryset = Outcome.objects.filter(
            framework__organisation=organisation
        ).select_related("framework")
        fields["indicators"].queryset = Indicator.objects.filter(
            outcome__framework__organisation=organisation
        )
        fields["principles"].queryset = GovernancePrinciple.objects.filter(
            organisation=organisation, is_retired=False
        )
        self._gov()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end must be on or after the start."))
        if data.get("kind") == ContractKind.SLA and data.get("route") not in (
            None,
            Route.IN_HOUSE,
        ):
            self.add_error(
                "route",
                _("An in-house agreement is not procured: choose ‘in-house’."),
            )
        return data


class SpecificationForm(GovMixin, forms.ModelForm):
    class Meta:
        model = Specification
        fields = ["text", "agreed_on", "co_agreed_by", "agreement_note"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 10}),
            "agreed_on": DateInput(),
        }
        error_messages = {
            "text": {"required": _("Enter the specification")},
            "agreed_on": {
                "required": _("Enter the date it was agreed"),
                "invalid": _("Enter a real date"),
            },
        }

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["co_agreed_by"].queryset = Panel.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        )
        self._gov()


class ReturnForm(GovMixin, forms.Form):
    """The period, one figure per indicator of the contract, and a note."""

    period_end = forms.DateField(
        label=_("End of the period you are reporting"),
        help_text=_("For example, the last day of the quarter."),
        widget=DateInput(),
        error_messages={
            "required": _("Enter the end of the period"),
            "invalid": _("Enter a real date"),
        },
    )

    def __init__(
        self,
        *args: Any,
        indicators: list[Any],
        providers: list[Provider],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        if len(providers) > 1:
            self.fields["provider"] = forms.ModelChoiceField(
                label=_("On behalf of"),
                queryset=Provider.objects.filter(pk__in=[p.pk for p in providers]),
                error_messages={"required": _("Choose the provider")},
            )
        for indicator in indicators:
            hint = indicator.definition
            if indicator.target_value is not None:
                hint = f"{hint} " + str(
                    _("Target: %(target)s.") % {"target": f"{indicator.target_value:g}"}
                )
            self.fields[f"indicator_{indicator.pk}"] = forms.DecimalField(
                label=f"{indicator.name} ({indicator.unit})",
                help_text=hint.strip(),
                required=False,
                max_digits=14,
                decimal_places=3,
                widget=NumberInput(),
                error_messages={"invalid": _("Enter a number, like 12 or 12.5")},
            )
        self.fields["note"] = forms.CharField(
            label=_("Anything the team should know (optional)"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        self._gov()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.indicators and all(
            data.get(f"indicator_{i.pk}") is None for i in self.indicators
        ):
            self.add_error(
                f"indicator_{self.indicators[0].pk}", _("Give at least one figure")
            )
        return data

    def figures(self) -> dict[Any, Any]:
        return {i: self.cleaned_data.get(f"indicator_{i.pk}") for i in self.indicators}


class QueryForm(GovMixin, forms.Form):
    query = forms.CharField(
        label=_("Your question to the provider"),
        help_text=_("They see it with the return and answer by sending it again."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what you need to know")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()


class IssueForm(GovMixin, forms.Form):
    form = forms.CharField(widget=forms.HiddenInput, initial="issue")
    text = forms.CharField(
        label=_("Raise an issue"),
        help_text=_(
            "Something about the service that the provider and the team should "
            "look at. Do not name other people."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Describe the issue")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()


class IssueResponseForm(GovMixin, forms.Form):
    response = forms.CharField(
        label=_("Response"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    resolved = forms.BooleanField(label=_("Resolved"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()


class ComplaintForm(GovMixin, forms.ModelForm):
    class Meta:
        model = Complaint
        fields = [
            "received_on",
            "category",
            "area",
            "outcome",
            "resolved_on",
            "summary",
        ]
        widgets = {
            "received_on": DateInput(),
            "resolved_on": DateInput(),
            "category": forms.RadioSelect,
            "outcome": forms.RadioSelect,
        }
        error_messages = {
            "received_on": {
                "required": _("Enter the date received"),
                "invalid": _("Enter a real date"),
            },
            "resolved_on": {"invalid": _("Enter a real date")},
            "category": {"required": _("Choose what it was about")},
        }

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area: Any = self.fields["area"]
        area.queryset = CategoryValue.objects.filter(
            category__organisation=organisation, category__name="Area"
        )
        area.empty_label = _("Not known")
        self.fields["outcome"].required = False
        self._gov()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("outcome"):
            data["outcome"] = ComplaintOutcome.OPEN
            self.instance.outcome = ComplaintOutcome.OPEN
        received, resolved = data.get("received_on"), data.get("resolved_on")
        if received and resolved and resolved < received:
            self.add_error(
                "resolved_on",
                _("The date resolved must be on or after the date received."),
            )
        return data


SCALE = [
    ("5", _("5 – very good")),
    ("4", _("4 – good")),
    ("3", _("3 – all right")),
    ("2", _("2 – poor")),
    ("1", _("1 – very poor")),
]


class ReportForm(GovMixin, forms.ModelForm):
    class Meta:
        model = CoAssessmentReport
        fields = ["kind", "visited_on", "worked_well", "to_improve"]
        widgets = {
            "kind": forms.RadioSelect,
            "visited_on": DateInput(),
            "worked_well": forms.Textarea(attrs={"rows": 4}),
            "to_improve": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "kind": {"required": _("Choose the kind of report")},
            "visited_on": {
                "required": _("Enter the date of the visit"),
                "invalid": _("Enter a real date"),
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in ASPECTS:
            self.fields[f"rate_{code}"] = forms.ChoiceField(
                label=label,
                choices=[*SCALE, ("", _("Did not see this"))],
                required=False,
                widget=forms.RadioSelect,
            )
        order = ["kind", "visited_on", *[f"rate_{c}" for c, _l in ASPECTS]]
        self.order_fields([*order, "worked_well", "to_improve"])
        self._gov()

    def ratings(self) -> dict[str, str]:
        return {
            code: self.cleaned_data[f"rate_{code}"]
            for code, _label in ASPECTS
            if self.cleaned_data.get(f"rate_{code}")
        }


class GovernanceRatingForm(GovMixin, forms.Form):
    """A score and evidence for each principle."""

    def __init__(self, *args: Any, principles: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.principles = principles
        for principle in principles:
            self.fields[f"score_{principle.pk}"] = forms.ChoiceField(
                label=principle.name,
                help_text=principle.description,
                choices=[*SCALE, ("", _("No rating"))],
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"evidence_{principle.pk}"] = forms.CharField(
                label=_("What you saw (optional)"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self._gov()

    def ratings(self) -> dict[Any, tuple[int | None, str]]:
        data = self.cleaned_data
        return {
            p: (
                int(data[f"score_{p.pk}"]) if data.get(f"score_{p.pk}") else None,
                data.get(f"evidence_{p.pk}", ""),
            )
            for p in self.principles
        }


class ReviewForm(GovMixin, forms.Form):
    recommendation = forms.ChoiceField(
        label=_("Recommendation"),
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the recommendation")},
    )
    changes = forms.CharField(
        label=_("What should change (if continuing with changes)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    rationale = forms.CharField(
        label=_("Why"),
        help_text=_("Name the evidence: figures, citizens' reports, complaints."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say why, in a sentence or two")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()


class TenderStartForm(GovMixin, forms.Form):
    form = forms.CharField(widget=forms.HiddenInput, initial="start")
    panel = forms.ModelChoiceField(
        label=_("Procurement panel"),
        queryset=Panel.objects.none(),
        required=False,
        empty_label=_("No panel: officers score alone"),
        help_text=_("Its members score the bids alongside officers."),
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = Panel.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        )
        self._gov()


class CriterionForm(GovMixin, forms.ModelForm):
    form = forms.CharField(widget=forms.HiddenInput, initial="criterion")

    class Meta:
        model = Criterion
        fields = ["name", "guidance", "weight"]
        widgets = {
            "guidance": forms.Textarea(attrs={"rows": 2}),
            "weight": NumberInput(attrs={"inputmode": "numeric"}),
        }
        error_messages = {
            "name": {"required": _("Enter the criterion")},
            "weight": {
                "required": _("Enter the weight"),
                "invalid": _("Enter a whole number of per cent"),
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()


class BidForm(GovMixin, forms.ModelForm):
    form = forms.CharField(widget=forms.HiddenInput, initial="bid")

    class Meta:
        model = Bid
        fields = ["provider", "price", "summary"]
        widgets = {
            "price": NumberInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "provider": {"required": _("Choose the bidder")},
            "price": {"invalid": _("Enter the price in pounds, like 450000")},
        }

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Provider.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        )
        self.fields["provider"].help_text = _(
            "Add a new bidder to the provider register first."
        )
        self._gov()


POINTS = [(str(n), str(n)) for n in range(MAX_SCORE, -1, -1)]


class ScoreForm(GovMixin, forms.Form):
    """A score (0 to 10) and a comment for each bid on each criterion."""

    def __init__(
        self, *args: Any, bids: list[Any], criteria: list[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.cells = [(b, c) for b in bids for c in criteria]
        for bid, criterion in self.cells:
            key = f"{bid.pk}_{criterion.pk}"
            self.fields[f"score_{key}"] = forms.ChoiceField(
                label=_("%(bid)s: %(criterion)s (%(weight)s%%)")
                % {
                    "bid": bid.provider.name,
                    "criterion": criterion.name,
                    "weight": criterion.weight,
                },
                help_text=criterion.guidance,
                choices=[("", _("Not scored")), *POINTS],
                required=False,
            )
            self.fields[f"comment_{key}"] = forms.CharField(
                label=_("Why this score (optional)"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self._gov()

    def scores(self) -> dict[Any, tuple[int | None, str]]:
        data = self.cleaned_data
        result = {}
        for bid, criterion in self.cells:
            key = f"{bid.pk}_{criterion.pk}"
            value = data.get(f"score_{key}") or ""
            result[(bid, criterion)] = (
                int(value) if value else None,
                data.get(f"comment_{key}", ""),
            )
        return result


class AwardForm(GovMixin, forms.Form):
    form = forms.CharField(widget=forms.HiddenInput, initial="award")
    bid = forms.ModelChoiceField(
        label=_("Award the contract to"),
        queryset=Bid.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the bid")},
    )
    rationale = forms.CharField(
        label=_("Why"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why, in a sentence or two")},
    )

    def __init__(self, *args: Any, tender: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["bid"]
        field.queryset = tender.bids.select_related("provider")
        field.label_from_instance = lambda bid: bid.provider.name
        self._gov()
