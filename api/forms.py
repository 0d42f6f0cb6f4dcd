"""Making an API token."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocommission.forms import GovMixin
from contracts.models import Provider

from .models import Scope

EXPIRY_CHOICES = [
    ("30", _("In 30 days")),
    ("90", _("In 90 days")),
    ("365", _("In a year")),
    ("", _("Never (revoke it by hand)")),
]


class TokenForm(GovMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        help_text=_("What will use it, for example “Power BI refresh”."),
        max_length=100,
        error_messages={"required": _("Enter a name")},
    )
    expires = forms.ChoiceField(
        label=_("Expires"),
        choices=EXPIRY_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        initial="90",
    )

    def __init__(
        self, *args: Any, providers: list[Provider] | None = None, **kwargs: Any
    ) -> None:
        """``providers``: a provider representative's providers, to choose the
        token's (it then only sends that provider's returns); None for the team."""
        super().__init__(*args, **kwargs)
        if providers is None:
            self.fields["scopes"] = forms.MultipleChoiceField(
                label=_("What it may do"),
                choices=[c for c in Scope.choices if c[0] != Scope.RETURNS],
                widget=forms.CheckboxSelectMultiple,
                error_messages={"required": _("Choose at least one thing it may do")},
            )
        else:
            self.fields["provider"] = forms.ModelChoiceField(
                label=_("For the provider"),
                help_text=_("It sends this provider's returns for its contracts."),
                queryset=Provider.objects.filter(pk__in=[p.pk for p in providers]),
                empty_label=None,
                error_messages={"required": _("Choose the provider")},
            )
        self._gov()

    def expires_at(self) -> datetime.datetime | None:
        days = self.cleaned_data.get("expires")
        if not days:
            return None
        return timezone.now() + datetime.timedelta(days=int(days))

    def scopes(self) -> set[str]:
        if "provider" in self.fields:
            return {Scope.RETURNS}
        return set(self.cleaned_data["scopes"])
