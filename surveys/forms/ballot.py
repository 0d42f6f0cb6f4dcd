"""Participatory budgeting: a ballot, its options and the decision on its result."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocommission.csv_files import csv_upload
from cocommission.forms import GovMixin, NumberInput
from cycles.models import Activity
from panels.models import CategoryValue, Panel

from ..models import Ballot, BallotOption


class BallotForm(GovMixin, forms.ModelForm):
    class Meta:
        model = Ballot
        fields = [
            "title",
            "description",
            "budget",
            "rule",
            "max_choices",
            "min_spend",
            "completion",
            "eligibility",
            "panel",
            "areas",
            "allow_changes",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "budget": NumberInput(),
            "rule": forms.RadioSelect,
            "completion": forms.RadioSelect,
            "eligibility": forms.RadioSelect,
            "max_choices": NumberInput(attrs={"inputmode": "numeric"}),
            "min_spend": NumberInput(),
            "areas": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "title": {"required": _("Enter a title")},
            "budget": {
                "required": _("Enter the budget"),
                "invalid": _("Enter the budget in pounds, like 250000"),
            },
            "max_choices": {"invalid": _("Enter a whole number")},
            "completion": {
                "required": _("Choose what Equal Shares does with money it leaves")
            },
            "min_spend": {"invalid": _("Enter an amount in pounds")},
        }

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = Panel.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        )
        self.fields["panel"].help_text = _("Only for ‘members of one panel’.")
        self.fields["areas"].queryset = CategoryValue.objects.filter(  # type: ignore[attr-defined]
            category__organisation=organisation, category__name="Area"
        )
        self.fields["areas"].help_text = _(
            "Only for ‘residents of the areas chosen below’. The team records "
            "whose address it has checked on the ‘checked residents’ page."
        )
        self._gov()


class OptionForm(GovMixin, forms.ModelForm):
    class Meta:
        model = BallotOption
        fields = ["title", "description", "cost"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "cost": NumberInput(),
        }
        error_messages = {
            "title": {"required": _("Enter the option")},
            "cost": {
                "required": _("Enter what it costs"),
                "invalid": _("Enter the cost in pounds, like 40000"),
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()


class DecideForm(GovMixin, forms.Form):
    rule = forms.ChoiceField(
        label=_("Fund the options chosen by"),
        choices=[
            ("equal_shares", _("The Method of Equal Shares")),
            ("votes", _("Most votes first")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose which result to fund")},
    )
    rationale = forms.CharField(
        label=_("Why"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why, in a sentence or two")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()


class PabulibImportForm(GovMixin, forms.Form):
    """A past participatory budget, from a Pabulib ``.pb`` file."""

    activity: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Which activity was the vote part of?"),
        queryset=None,
        empty_label=_("Choose an activity"),
        error_messages={"required": _("Choose the activity the vote was part of")},
    )
    file = forms.FileField(
        label=_("Pabulib file (.pb)"),
        help_text=_(
            "A file in the Pabulib format, as pabulib.org and pabutools write them, "
            "with approval or choose-1 votes. Up to 20 MB."
        ),
        error_messages={"required": _("Choose a .pb file")},
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["activity"]
        field.queryset = (  # type: ignore[attr-defined]
            Activity.objects.filter(cycle__organisation=organisation)
            .select_related("cycle")
            .order_by("cycle__title", "phase", "title")
        )
        field.label_from_instance = (  # type: ignore[attr-defined]
            lambda activity: f"{activity.cycle.title}: {activity.title}"
        )
        self._gov()

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        self.file_name = upload.name or ""
        return csv_upload(upload, max_mb=20)
