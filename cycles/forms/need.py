"""Forms of needs: a need, and ranking needs into priorities."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocommission.forms import NumberInput, current_cycle_first

from ..models import Cycle, Need, WayToMeet
from .common import GovForm, GovModelForm


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
        current_cycle_first(
            fields["outcomes"], cycle_path="framework__cycle", current=cycle
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
