"""Where a citizen lives, as checked by the organisation's team: what makes a
person eligible for a vote limited to residents of some areas."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .demographics import CategoryValue


class ResidenceCheck(models.TextChoices):
    DOCUMENT = "document", _("Proof of address seen (a bill, letter or card)")
    REGISTER = "register", _("Matched to the electoral register or council tax list")
    LETTER = "letter", _("Answered a letter sent to the address")
    VOUCHED = "vouched", _("Vouched for by a trusted local organisation")


class Residence(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="residences"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="residences",
    )
    area = models.ForeignKey(
        CategoryValue,
        verbose_name=_("area"),
        on_delete=models.CASCADE,
        related_name="residences",
    )
    method = models.CharField(
        _("how it was checked"), max_length=10, choices=ResidenceCheck.choices
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    checked_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-checked_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="one_residence_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.area}"
