"""Forms for assets and pledges."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocommission.csv_files import csv_upload
from cocommission.forms import GovMixin, NumberInput, current_cycle_first

from .models import Asset, AssetKind, HolderType, Pledge, PledgeStatus, ResourceLine


class AssetForm(GovMixin, forms.ModelForm):
    fields: dict[str, Any]  # narrowed: model choice fields get querysets

    class Meta:
        model = Asset
        fields = [
            "name",
            "kind",
            "holder_type",
            "description",
            "area",
            "address",
            "availability",
            "condition",
            "contact",
            "is_public",
            "cycle",
            "needs",
            "outcomes",
        ]
        widgets = {
            "needs": forms.CheckboxSelectMultiple,
            "outcomes": forms.CheckboxSelectMultiple,
            "kind": forms.RadioSelect,
            "holder_type": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "name": {"required": _("Enter the asset's name")},
            "kind": {"required": _("Choose what kind of asset it is")},
            "holder_type": {"required": _("Choose who holds it")},
        }

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()
        self.fields["cycle"].queryset = organisation.cycles.order_by("title")
        from cycles.models import Need
        from outcomes.models import Outcome

        self.fields["needs"].queryset = Need.objects.filter(
            cycle__organisation=organisation
        )
        self.fields["outcomes"].queryset = Outcome.objects.filter(
            framework__organisation=organisation
        )
        current = self.instance.cycle if self.instance.cycle_id else None
        current_cycle_first(self.fields["needs"], cycle_path="cycle", current=current)
        current_cycle_first(
            self.fields["outcomes"], cycle_path="framework__cycle", current=current
        )


class AssetFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Any kind")), *AssetKind.choices],
    )
    holder_type = forms.ChoiceField(
        label=_("Held by"),
        required=False,
        choices=[("", _("Anyone")), *HolderType.choices],
    )


class AssetImportForm(GovMixin, forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: name, kind, holder_type, and optionally description, area, "
            "address, latitude, longitude, availability, condition, is_public."
        ),
        error_messages={"required": _("Choose a CSV file")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()

    def clean_file(self) -> str:
        return csv_upload(self.cleaned_data["file"], max_mb=20)


class PledgeForm(GovMixin, forms.ModelForm):
    """The short form a citizen fills in on a phone."""

    class Meta:
        model = Pledge
        fields = ["offer", "kind", "hours_per_month"]
        labels = {
            "offer": _("What could you do or give?"),
            "kind": _("What kind of help is it?"),
            "hours_per_month": _("About how many hours a month? (optional)"),
        }
        help_texts = {
            "offer": _(
                "For example: I could drive people to the lunch club on Tuesdays."
            )
        }
        widgets = {
            "offer": forms.Textarea(attrs={"rows": 3}),
            "kind": forms.RadioSelect,
            "hours_per_month": NumberInput,
        }
        error_messages = {
            "offer": {"required": _("Tell us what you could do or give")},
            "hours_per_month": {"invalid": _("Enter the hours as a number, like 4")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()

    def clean_hours_per_month(self) -> Any:
        hours = self.cleaned_data.get("hours_per_month")
        if hours is not None and not 0 < hours <= 744:
            raise forms.ValidationError(_("Enter a number of hours between 1 and 744"))
        return hours


class PledgeStatusForm(forms.Form):
    status = forms.ChoiceField(choices=PledgeStatus.choices)
    cycle = forms.IntegerField(required=False)


class ResourceLineForm(GovMixin, forms.ModelForm):
    class Meta:
        model = ResourceLine
        fields = ["source", "label", "amount", "period", "restrictions"]
        widgets = {"source": forms.RadioSelect, "amount": NumberInput}
        error_messages = {
            "source": {"required": _("Choose where the money comes from")},
            "label": {"required": _("Say what it is")},
            "amount": {
                "required": _("Enter the amount"),
                "invalid": _("Enter the amount as a number, like 25000"),
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()

    def clean_amount(self) -> Any:
        amount = self.cleaned_data["amount"]
        if amount < 0:
            raise forms.ValidationError(_("The amount cannot be negative"))
        return amount


class PledgeRecordForm(GovMixin, forms.ModelForm):
    """A pledge a commissioner records for someone (from a conversation, say)."""

    fields: dict[str, Any]  # narrowed: model choice fields get querysets

    class Meta:
        model = Pledge
        fields = [
            "pledged_by_name",
            "offer",
            "kind",
            "hours_per_month",
            "amount",
            "cycle",
        ]
        widgets = {
            "offer": forms.Textarea(attrs={"rows": 3}),
            "kind": forms.RadioSelect,
            "hours_per_month": NumberInput,
            "amount": NumberInput,
        }
        error_messages = {
            "offer": {"required": _("Say what they offer")},
            "hours_per_month": {"invalid": _("Enter the hours as a number, like 4")},
            "amount": {"invalid": _("Enter the amount as a number")},
        }

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()
        self.fields["pledged_by_name"].required = True
        self.fields["pledged_by_name"].error_messages["required"] = _(
            "Enter the name of the person or group"
        )
        self.fields["cycle"].queryset = organisation.cycles.order_by("title")
