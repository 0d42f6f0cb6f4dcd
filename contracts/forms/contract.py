"""Forms of a contract and its specification."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocommission.forms import (
    DateInput,
    GovMixin,
    NumberInput,
    current_cycle_first,
)
from cycles.models import Cycle
from governance.models import GovernancePrinciple
from outcomes.models import Indicator, Outcome
from panels.models import Panel
from surveys.models import Survey

from ..models import Contract, ContractKind, Provider, Route, Specification


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
            "awarded_on",
            "signed_on",
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
            "awarded_on": DateInput(),
            "signed_on": DateInput(),
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
            "awarded_on": {"invalid": _("Enter a real date")},
            "signed_on": {"invalid": _("Enter a real date")},
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
        current = self.instance.cycle if self.instance.cycle_id else None
        current_cycle_first(
            fields["outcomes"], cycle_path="framework__cycle", current=current
        )
        current_cycle_first(
            fields["indicators"],
            cycle_path="outcome__framework__cycle",
            current=current,
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
