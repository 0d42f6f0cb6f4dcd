"""The review of a contract: a recommendation recorded as a decision in the
cycle's decision log, which the next cycle's recommissioning starts from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .contract import Contract


class Recommendation(models.TextChoices):
    CONTINUE = "continue", _("Continue as it is")
    CHANGE = "change", _("Continue, with changes")
    DECOMMISSION = "decommission", _("Decommission: end it or do not renew")


class ContractReview(models.Model):
    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="reviews"
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=15, choices=Recommendation.choices
    )
    changes = models.TextField(_("what should change"), blank=True)
    rationale = models.TextField(_("why"))
    decision = models.OneToOneField(
        "cycles.Decision", on_delete=models.PROTECT, related_name="contract_review"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["contract", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.contract} – {self.get_recommendation_display()}"
