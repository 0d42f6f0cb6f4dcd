"""Who gains: the forms and workflows of partners, their benefits and the
agreements to share costs and benefits. Each workflow is one transaction."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cocommission.accounts.models import User
from cocommission.forms import GovModelForm, NumberInput

from .models import CostSharingAgreement, Partner, PartnerBenefit

_MONEY_ERRORS = {
    "invalid": _("Enter an amount in pounds, for example 250000"),
    "min_value": _("Enter an amount of 0 or more"),
    "max_digits": _("Enter an amount under a trillion pounds"),
    "max_decimal_places": _("Enter pounds and pence, at most two decimals"),
}


class PartnerForm(GovModelForm):
    class Meta:
        model = Partner
        fields = ["name", "kind"]
        widgets = {"kind": forms.RadioSelect}
        error_messages = {"name": {"required": _("Enter the partner's name")}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0]]


class PartnerBenefitForm(GovModelForm):
    class Meta:
        model = PartnerBenefit
        fields = [
            "partner",
            "benefit",
            "outcome",
            "estimated_value",
            "how_estimated",
            "is_public",
        ]
        widgets = {
            "estimated_value": NumberInput,
            "how_estimated": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "partner": {"required": _("Choose the partner who gains")},
            "benefit": {"required": _("Say what the partner gains")},
            "estimated_value": _MONEY_ERRORS,
        }

    def __init__(self, *args: Any, cycle: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(
            organisation=cycle.organisation
        )
        self.fields["outcome"].queryset = self.fields["outcome"].queryset.filter(
            framework__cycle=cycle
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("estimated_value") is not None and not data.get("how_estimated"):
            self.add_error(
                "how_estimated",
                _("Say how the value was estimated, so others can check it"),
            )
        return data


class AgreementForm(GovModelForm):
    class Meta:
        model = CostSharingAgreement
        fields = ["title", "partners", "terms", "contribution", "is_public"]
        widgets = {
            "partners": forms.CheckboxSelectMultiple,
            "contribution": NumberInput,
            "terms": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "title": {"required": _("Enter a title for the agreement")},
            "partners": {"required": _("Choose the partners who share")},
            "terms": {"required": _("Say what each partner puts in and gets back")},
            "contribution": _MONEY_ERRORS,
        }

    def __init__(self, *args: Any, cycle: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = Partner.objects.filter(
            organisation=cycle.organisation
        )


@transaction.atomic
def partner_save(*, partner: Partner, by: User) -> Partner:
    """Add or change a partner of the organisation."""
    partner.full_clean()
    partner.save()
    return partner


@transaction.atomic
def partner_benefit_save(*, benefit: PartnerBenefit, by: User) -> PartnerBenefit:
    """Record what a partner gains from a cycle."""
    benefit.full_clean()
    benefit.save()
    return benefit


@transaction.atomic
def agreement_save(
    *, agreement: CostSharingAgreement, by: User, partners: Any
) -> CostSharingAgreement:
    """Record an agreement to share a cycle's costs and benefits."""
    agreement.full_clean()
    agreement.save()
    org = agreement.cycle.organisation_id
    agreement.partners.set([p for p in partners if p.organisation_id == org])
    return agreement
