"""Forms of the risk register: a risk, and the organisation's risk scales."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocommission.forms import DateInput

from ..models import Cycle, Risk
from .common import GovForm, GovModelForm, _team_members


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
        from ..models.risk import scale_labels

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


class RiskScalesForm(GovForm):
    """An organisation's names for the five levels of likelihood and impact."""

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from ..models.risk import scale_labels

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
