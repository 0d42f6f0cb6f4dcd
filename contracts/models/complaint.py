"""The complaints log of a contracted or in-house service: no personal data,
just enough to see patterns."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .contract import Contract


class ComplaintCategory(models.TextChoices):
    ACCESS = "access", _("Getting help: access and waiting")
    STAFF = "staff", _("Staff attitude or behaviour")
    QUALITY = "quality", _("Quality of care or support")
    COMMUNICATION = "communication", _("Communication and information")
    EQUALITY = "equality", _("Discrimination or unfair treatment")
    SAFETY = "safety", _("Safety")
    OTHER = "other", _("Something else")


class ComplaintOutcome(models.TextChoices):
    OPEN = "open", _("Not resolved yet")
    UPHELD = "upheld", _("Upheld")
    PARTLY = "partly", _("Partly upheld")
    NOT_UPHELD = "not_upheld", _("Not upheld")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Complaint(models.Model):
    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="complaints"
    )
    received_on = models.DateField(_("date received"))
    category = models.CharField(
        _("what it was about"), max_length=15, choices=ComplaintCategory.choices
    )
    area = models.ForeignKey(
        "panels.CategoryValue",
        verbose_name=_("area"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=12,
        choices=ComplaintOutcome.choices,
        default=ComplaintOutcome.OPEN,
    )
    resolved_on = models.DateField(_("date resolved"), null=True, blank=True)
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("A few words, with no names or details that identify anyone."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["contract", "-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resolved_on__isnull=True)
                | models.Q(resolved_on__gte=models.F("received_on")),
                name="complaint_resolved_after_received",
                violation_error_message=_(
                    "The date resolved must be on or after the date received."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} – {self.received_on}"

    @property
    def days_to_resolve(self) -> int | None:
        if self.resolved_on is None:
            return None
        return (self.resolved_on - self.received_on).days
