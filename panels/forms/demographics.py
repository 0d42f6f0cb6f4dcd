"""The demographic category form, with its values and population shares."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocommission.forms import GovMixin

from ..models import DemographicCategory


class CategoryForm(GovMixin, forms.ModelForm):
    values_text = forms.CharField(
        label=_("Answers and population shares"),
        required=False,
        help_text=_(
            "One answer per line, optionally followed by a comma and its share of "
            "the population in per cent. For example: 16 to 24, 12.9"
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    class Meta:
        model = DemographicCategory
        fields = ["name", "question", "is_equalities", "is_retired"]
        error_messages = {
            "name": {"required": _("Enter a name")},
            "question": {"required": _("Enter the question as citizens see it")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["values_text"] = "\n".join(
                f"{v.label}, {v.population_share}"
                if v.population_share is not None
                else v.label
                for v in self.instance.values.all()
            )
        self._gov()

    def clean_values_text(self) -> list[tuple[str, Decimal | None]]:
        values: list[tuple[str, Decimal | None]] = []
        errors = []
        for number, line in enumerate(self.cleaned_data["values_text"].splitlines(), 1):
            if not line.strip():
                continue
            label, _sep, share_text = line.rpartition(",")
            if not _sep:
                label, share_text = line, ""
            label = label.strip()
            share: Decimal | None = None
            if share_text.strip():
                try:
                    share = Decimal(share_text.strip().rstrip("%"))
                except InvalidOperation:
                    label, share = line.strip(), None
            if share is not None and not 0 <= share <= 100:
                errors.append(
                    _("Line %(n)s: a share must be between 0 and 100") % {"n": number}
                )
            if not label:
                errors.append(_("Line %(n)s: enter the answer") % {"n": number})
            values.append((label[:100], share))
        if errors:
            raise forms.ValidationError(errors)
        labels = [label.casefold() for label, _share in values]
        if len(labels) != len(set(labels)):
            raise forms.ValidationError(_("Each answer may appear only once"))
        total = sum((s for _label, s in values if s is not None), Decimal(0))
        if total > Decimal("100.5"):
            raise forms.ValidationError(
                _("The shares add up to %(total)s%%, more than 100%%")
                % {"total": total}
            )
        return values
