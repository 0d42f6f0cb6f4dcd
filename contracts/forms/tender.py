"""Forms of a tender: starting it, its criteria, bids, scores and the award."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocommission.forms import GovMixin, NumberInput
from panels.models import Panel

from ..models import MAX_SCORE, Bid, Criterion, Provider


class TenderStartForm(GovMixin, forms.Form):
    form = forms.CharField(widget=forms.HiddenInput, initial="start")
    panel: forms.ModelChoiceField[Panel] = forms.ModelChoiceField(
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
