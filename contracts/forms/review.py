"""The contract review form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocommission.forms import GovMixin

from ..models import Recommendation


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
