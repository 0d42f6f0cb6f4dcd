"""The provider form: who a provider is and the registers it is on."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocommission.forms import GovMixin

from ..models import Provider, Sector


class ProviderForm(GovMixin, forms.ModelForm):
    representatives_text = forms.CharField(
        label=_("Representatives’ e-mail addresses"),
        required=False,
        help_text=_(
            "One per line. They sign in to see this provider’s contracts and send "
            "its returns. Each needs the ‘provider representative’ role first."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Provider
        fields = [
            "name",
            "sector",
            "members",
            "register_scheme",
            "register_id",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        widgets = {
            "sector": forms.RadioSelect,
            "members": forms.CheckboxSelectMultiple,
            "contact_email": forms.EmailInput(attrs={"spellcheck": "false"}),
            "contact_phone": forms.TextInput(attrs={"type": "tel"}),
        }
        error_messages = {
            "name": {"required": _("Enter the provider’s name")},
            "sector": {"required": _("Choose the sector")},
            "contact_email": {
                "invalid": _("Enter an e-mail address like name@example.com")
            },
        }

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = Provider.objects.filter(organisation=organisation).exclude(
            sector=Sector.ALLIANCE
        )
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
            if not self.is_bound:
                self.initial["representatives_text"] = "\n".join(
                    self.instance.representatives.values_list("email", flat=True)
                )
        self.fields["members"].queryset = others  # type: ignore[attr-defined]
        self.fields["members"].help_text = _(
            "Only for a partnership or alliance: the providers in it."
        )
        self._gov()

    def representative_emails(self) -> list[str]:
        return [
            line.strip()
            for line in self.cleaned_data.get("representatives_text", "").splitlines()
            if line.strip()
        ]
