"""Co-assessment by citizens: inspection visit and mystery shopping reports, and
ratings of the contract against the organisation's governance principles."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .contract import Contract

#: What a visit report rates, from 1 (very poor) to 5 (very good).
ASPECTS = [
    ("welcome", _("Welcome and first contact")),
    ("access", _("Getting there and getting in")),
    ("information", _("Clear, useful information")),
    ("respect", _("Dignity and respect")),
    ("surroundings", _("Safe, clean and comfortable surroundings")),
    ("difference", _("Helping people get where they want to be")),
]


class ReportKind(models.TextChoices):
    VISIT = "visit", _("Inspection visit by service users")
    MYSTERY = "mystery", _("Mystery shopping")


class CoAssessmentReport(models.Model):
    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="co_assessments"
    )
    kind = models.CharField(
        _("kind of report"), max_length=10, choices=ReportKind.choices
    )
    visited_on = models.DateField(_("date of the visit or contact"))
    ratings = models.JSONField(_("ratings"), default=dict)
    worked_well = models.TextField(_("what worked well"), blank=True)
    to_improve = models.TextField(_("what should improve"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["contract", "-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.visited_on}"

    def get_absolute_url(self) -> str:
        return reverse(
            "contracts:report",
            kwargs={
                "org_slug": self.contract.cycle.organisation.slug,
                "pk": self.contract_id,
                "report_pk": self.pk,
            },
        )

    @property
    def average(self) -> Decimal | None:
        scores = [int(v) for v in self.ratings.values() if v]
        if not scores:
            return None
        return (Decimal(sum(scores)) / len(scores)).quantize(Decimal("0.1"))

    def rated_aspects(self) -> list[tuple[str, int | None]]:
        return [(str(label), self.ratings.get(code)) for code, label in ASPECTS]


class RatingPerspective(models.TextChoices):
    CITIZEN = "citizen", _("Citizens")
    TEAM = "team", _("Commissioning team")
    PROVIDER = "provider", _("Provider (self-assessment)")


class GovernanceRating(models.Model):
    """One person's rating of how the contract lives up to one principle."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="governance_ratings"
    )
    principle = models.ForeignKey(
        "governance.GovernancePrinciple", on_delete=models.CASCADE, related_name="+"
    )
    perspective = models.CharField(max_length=10, choices=RatingPerspective.choices)
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    evidence = models.TextField(_("evidence"), blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    rated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["contract", "principle", "perspective"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "principle", "rated_by"],
                condition=models.Q(rated_by__isnull=False),
                name="one_rating_per_person_and_principle",
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5),
                name="rating_from_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.principle}: {self.score}"
