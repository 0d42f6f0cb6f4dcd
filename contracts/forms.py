"""Forms for the provider register, contracts and specifications."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocommission.forms import DateInput, GovMixin, NumberInput
from cycles.models import Cycle
from outcomes.models import GovernancePrinciple, Indicator, Outcome
from panels.models import Panel

from .models import Contract, ContractKind, Provider, Route, Sector, Specification


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


class ContractForm(GovMixin, forms.ModelForm):
    class Meta:
        model = Contract
        fields = [
            "cycle",
            "title",
            "kind",
            "providers",
            "route",
            "status",
            "value",
            "starts_on",
            "ends_on",
            "outcomes",
            "indicators",
            "principles",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "providers": forms.CheckboxSelectMultiple,
            "route": forms.RadioSelect,
            "status": forms.RadioSelect,
            "value": NumberInput(),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "outcomes": forms.CheckboxSelectMultiple,
            "indicators": forms.CheckboxSelectMultiple,
            "principles": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "cycle": {"required": _("Choose the cycle")},
            "title": {"required": _("Enter the service")},
            "providers": {"required": _("Choose at least one provider")},
            "route": {"required": _("Choose how the provider was chosen")},
            "value": {"invalid": _("Enter the value in pounds, like 250000")},
            "starts_on": {"invalid": _("Enter a real date")},
            "ends_on": {"invalid": _("Enter a real date")},
        }

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["cycle"].queryset = Cycle.objects.filter(organisation=organisation)
        fields["providers"].queryset = Provider.objects.filter(
            organisation=organisation
        )
        fields["outcomes"].queryset = Outcome.objects.filter(
            framework__organisation=organisation
        ).select_related("framework")
        fields["indicators"].queryset = Indicator.objects.filter(
            outcome__framework__organisation=organisation
        )
        fields["principles"].queryset = GovernancePrinciple.objects.filter(
            organisation=organisation, is_retired=False
        )
        self._gov()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end must be on or after the start."))
        if data.get("kind") == ContractKind.SLA and data.get("route") not in (
            None,
            Route.IN_HOUSE,
        ):
            self.add_error(
                "route",
                _("An in-house agreement is not procured: choose ‘in-house’."),
            )
        return data


class SpecificationForm(GovMixin, forms.ModelForm):
    class Meta:
        model = Specification
        fields = ["text", "agreed_on", "co_agreed_by", "agreement_note"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 10}),
            "agreed_on": DateInput(),
        }
        error_messages = {
            "text": {"required": _("Enter the specification")},
            "agreed_on": {
                "required": _("Enter the date it was agreed"),
                "invalid": _("Enter a real date"),
            },
        }

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["co_agreed_by"].queryset = Panel.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        )
        self._gov()
