"""Forms of contract monitoring: raising an issue and answering it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocommission.forms import GovMixin


class IssueForm(GovMixin, forms.Form):
    form = forms.CharField(widget=forms.HiddenInput, initial="issue")
    text = forms.CharField(
        label=_("Raise an issue"),
        help_text=_(
            "Something about the service that the provider and the team should "
            "look at. Do not name other people."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Describe the issue")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()


class IssueResponseForm(GovMixin, forms.Form):
    response = forms.CharField(
        label=_("Response"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    resolved = forms.BooleanField(label=_("Resolved"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()
