"""Forms of a provider's return: its figures, and a query on it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocommission.forms import DateInput, GovMixin, NumberInput

from ..models import Provider


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
            if indicator.target is not None:
                hint = f"{hint} " + str(
                    _("Target: %(target)s.") % {"target": indicator.target_label}
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


class AcceptForm(GovMixin, forms.Form):
    """Accepting a return. For each figure the team already has a different value
    for, which one stands, and one reason for the choices."""

    def __init__(
        self, *args: Any, clashes: list[tuple[Any, Any]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.clashes = clashes
        for figure, measurement in clashes:
            unit = figure.indicator.unit
            self.fields[f"figure_{figure.indicator_id}"] = forms.ChoiceField(
                label=_("Which figure stands for “%(indicator)s”?")
                % {"indicator": figure.indicator.name},
                choices=[
                    (
                        "team",
                        _("Keep the team's figure: %(value)s %(unit)s")
                        % {"value": _plain(measurement.value), "unit": unit},
                    ),
                    (
                        "provider",
                        _("Use the provider's figure: %(value)s %(unit)s")
                        % {"value": _plain(figure.value), "unit": unit},
                    ),
                ],
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose which figure stands for “%(indicator)s”")
                    % {"indicator": figure.indicator.name}
                },
            )
        if clashes:
            self.fields["reason"] = forms.CharField(
                label=_("Why these figures stand"),
                help_text=_(
                    "Kept with the return and, where the provider's figure replaces "
                    "the team's, in the measurement's history."
                ),
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={
                    "required": _("Say why these figures stand"),
                    "max_length": _("Keep the reason under 1,000 characters"),
                },
            )
        self._gov()

    def choices(self) -> dict[int, str]:
        return {
            figure.indicator_id: self.cleaned_data[f"figure_{figure.indicator_id}"]
            for figure, _measurement in self.clashes
        }


def _plain(value: Any) -> str:
    """A stored figure as someone would write it: "12", not "12.000"."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
