"""Forms of demand and routes: a need's demand, and one route that meets it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocommission.forms import DateInput, NumberInput, current_cycle_first

from ..models import Need, NeedRoute
from .common import GovModelForm

_SHARE_ERRORS = {
    "invalid": _("Enter the planned share as a number, for example 40"),
    "required": _("Enter the planned share of the demand, from 0 to 100"),
    "min_value": _("The planned share must be 0 or more"),
    "max_value": _("The planned share must be 100 or less"),
    "max_digits": _("Enter a share from 0 to 100, with at most two decimals"),
    "max_decimal_places": _("Enter a share with at most two decimals"),
}
_MONEY_ERRORS = {
    "invalid": _("Enter an amount in pounds, for example 42000"),
    "min_value": _("Enter an amount of 0 or more"),
    "max_digits": _("Enter an amount under a trillion pounds"),
    "max_decimal_places": _("Enter pounds and pence, at most two decimals"),
}


def _indicators_of(field: Any, need: Need) -> None:
    """Narrow an indicator picker to the organisation's, this cycle's first."""
    field.queryset = field.queryset.filter(
        outcome__framework__organisation=need.cycle.organisation
    ).select_related("outcome__framework")
    current_cycle_first(
        field, cycle_path="outcome__framework__cycle", current=need.cycle
    )
    field.required = False


class DemandForm(GovModelForm):
    class Meta:
        model = Need
        fields = [
            "demand_measure",
            "demand_source",
            "demand_baseline",
            "demand_baseline_date",
            "demand_indicators",
        ]
        widgets: dict[str, Any] = {
            "demand_baseline": NumberInput,
            "demand_baseline_date": DateInput,
            "demand_indicators": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "demand_baseline": {
                "invalid": _("Enter the baseline as a number, for example 100"),
                "min_value": _("The baseline must be 0 or more"),
                "max_digits": _("Enter a smaller baseline"),
                "max_decimal_places": _("Enter the baseline with at most 3 decimals"),
            },
            "demand_baseline_date": {"invalid": _("Enter a real date")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _indicators_of(self.fields["demand_indicators"], self.instance)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("demand_baseline") is not None and not data.get("demand_measure"):
            self.add_error(
                "demand_measure",
                _("Say what the demand is measured as, for example referrals a month"),
            )
        return data


class RouteForm(GovModelForm):
    class Meta:
        model = NeedRoute
        fields = [
            "route",
            "planned_share",
            "description",
            "strategies",
            "activities",
            "pledges",
            "assets",
            "contracts",
            "public_cost",
            "indicators",
        ]
        widgets = {
            "route": forms.RadioSelect,
            "planned_share": NumberInput,
            "public_cost": NumberInput,
            "description": forms.Textarea(attrs={"rows": 3}),
            "strategies": forms.CheckboxSelectMultiple,
            "activities": forms.CheckboxSelectMultiple,
            "pledges": forms.CheckboxSelectMultiple,
            "assets": forms.CheckboxSelectMultiple,
            "contracts": forms.CheckboxSelectMultiple,
            "indicators": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "strategies": _(
                "For behaviour change: how the public sector influences it."
            ),
            "pledges": _(
                "For co-production: what people offered, valued by their hours."
            ),
            "assets": _("For co-production: the community's strengths it draws on."),
            "contracts": _(
                "For commissioned services: their value counts as public input."
            ),
        }
        error_messages = {
            "route": {"required": _("Choose the route")},
            "planned_share": _SHARE_ERRORS,
            "public_cost": _MONEY_ERRORS,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        need: Need = self.instance.need
        cycle = need.cycle
        fields = self.fields
        fields["route"].choices = [
            c for c in fields["route"].choices if c[0]
        ]  # no empty radio
        fields["strategies"].queryset = fields["strategies"].queryset.filter(
            is_active=True
        )
        fields["activities"].queryset = cycle.activities.order_by("phase", "title")
        fields["pledges"].queryset = fields["pledges"].queryset.filter(cycle=cycle)
        fields["assets"].queryset = fields["assets"].queryset.filter(
            organisation=cycle.organisation
        )
        fields["contracts"].queryset = fields["contracts"].queryset.filter(cycle=cycle)
        _indicators_of(fields["indicators"], need)
        for name in ("strategies", "activities", "pledges", "assets", "contracts"):
            fields[name].required = False
