"""The form an admin fills in to add or change a webhook endpoint."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocommission.forms import GovModelForm

from .models import Endpoint, Event
from .safety import UnsafeAddress, check_url


class EndpointForm(GovModelForm):
    url = forms.URLField(
        label=_("Address (URL)"),
        max_length=500,
        assume_scheme="https",
        help_text=Endpoint._meta.get_field("url").help_text,
        error_messages={
            "required": _("Enter the address"),
            "invalid": _("Enter a web address, like https://example.org/hook"),
        },
    )
    events = forms.MultipleChoiceField(
        label=_("Events to send"),
        choices=Event.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event")},
    )

    class Meta:
        model = Endpoint
        fields = ["url", "description", "events"]

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        try:
            check_url(url)
        except UnsafeAddress as error:
            raise forms.ValidationError(str(error)) from error
        return url

    def clean_events(self) -> list[str]:
        chosen: list[Any] = self.cleaned_data["events"]
        return [e for e in Event.values if e in chosen]
