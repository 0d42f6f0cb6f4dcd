"""The co-produced risk register: whose risks, whether citizens accept them, and the
fallback (resilience mechanism) if they happen."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .cycle import Cycle

SCALE = [MinValueValidator(1), MaxValueValidator(5)]
LIKELIHOOD_LABELS = {
    1: _("Rare"),
    2: _("Unlikely"),
    3: _("Possible"),
    4: _("Likely"),
    5: _("Almost certain"),
}
IMPACT_LABELS = {
    1: _("Very low"),
    2: _("Low"),
    3: _("Medium"),
    4: _("High"),
    5: _("Very high"),
}
HIGH_RATING = 15


def scale_labels(organisation: object, scale: str) -> dict[int, str]:
    """The organisation's names for levels 1 to 5 of "likelihood" or "impact"."""
    defaults = LIKELIHOOD_LABELS if scale == "likelihood" else IMPACT_LABELS
    custom = (getattr(organisation, "risk_scales", None) or {}).get(scale) or []
    if len(custom) == 5 and all(str(name).strip() for name in custom):
        return {n: str(custom[n - 1]) for n in range(1, 6)}
    return {n: str(label) for n, label in defaults.items()}


class WhoseRisk(models.TextChoices):
    USERS = "users", _("Service users")
    COMMUNITY = "community", _("The community")
    PROVIDER = "provider", _("A provider")
    COMMISSIONER = "commissioner", _("The commissioning body")
    OTHER = "other", _("Someone else")


class Acceptance(models.TextChoices):
    NOT_ASKED = "not_asked", _("Not asked yet")
    ACCEPTED = "accepted", _("Accepted for better outcomes")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")


class RiskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class RiskQuerySet(models.QuerySet["Risk"]):
    def open(self) -> RiskQuerySet:
        return self.filter(status=RiskStatus.OPEN)

    def overdue(self, today: datetime.date) -> RiskQuerySet:
        """Open risks whose review date has passed."""
        return self.open().filter(review_date__lt=today)


class Risk(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="risks")
    description = models.CharField(_("the risk"), max_length=300)
    whose = models.CharField(_("whose risk"), max_length=20, choices=WhoseRisk.choices)
    likelihood = models.PositiveSmallIntegerField(_("likelihood"), validators=SCALE)
    impact = models.PositiveSmallIntegerField(_("impact"), validators=SCALE)
    benefits = models.TextField(_("benefits of taking the risk"), blank=True)
    disbenefits = models.TextField(_("harm if it happens"), blank=True)
    acceptance = models.CharField(
        _("do the people affected accept it?"),
        max_length=20,
        choices=Acceptance.choices,
        default=Acceptance.NOT_ASKED,
    )
    acceptance_source = models.CharField(
        _("how you know"),
        max_length=300,
        blank=True,
        help_text=_("For example: carers' focus group, 3 May."),
    )
    enablement = models.TextField(
        _("how we make it safe to take (enablement and mitigation)"), blank=True
    )
    resilience = models.TextField(
        _("fallback if it happens (resilience mechanism)"),
        blank=True,
        help_text=_("For example: a local café serves lunch if the meals round fails."),
    )
    residual_likelihood = models.PositiveSmallIntegerField(
        _("likelihood after mitigation"), validators=SCALE, null=True, blank=True
    )
    residual_impact = models.PositiveSmallIntegerField(
        _("impact after mitigation"), validators=SCALE, null=True, blank=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    review_date = models.DateField(_("next review"), null=True, blank=True)
    reminded_for = models.DateField(null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["reminded_for"])
    objects = RiskQuerySet.as_manager()

    class Meta:
        ordering = ["cycle", "-likelihood", "-impact", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    likelihood__gte=1, likelihood__lte=5, impact__gte=1, impact__lte=5
                ),
                name="risk_scales_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def rating(self) -> int:
        return self.likelihood * self.impact

    @property
    def residual_rating(self) -> int | None:
        if self.residual_likelihood and self.residual_impact:
            return self.residual_likelihood * self.residual_impact
        return None

    @property
    def is_high(self) -> bool:
        return self.rating >= HIGH_RATING
