"""Tender evaluation: criteria with weights, bids, scores from officers and
procurement panel citizens, moderation and the award."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .contract import Contract
from .provider import Provider

MAX_SCORE = 10


class Tender(models.Model):
    contract = models.OneToOneField(
        Contract, on_delete=models.CASCADE, related_name="tender"
    )
    panel = models.ForeignKey(
        "panels.Panel",
        verbose_name=_("procurement panel"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tenders",
        help_text=_("Its members score the bids alongside officers."),
    )
    awarded_bid = models.OneToOneField(
        "contracts.Bid",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    award_decision = models.OneToOneField(
        "cycles.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tender_award",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{_('Tender')}: {self.contract}"


class Criterion(models.Model):
    tender = models.ForeignKey(
        Tender, on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("criterion"), max_length=200)
    guidance = models.TextField(_("what scorers look for"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["tender", "pk"]

    def __str__(self) -> str:
        return self.name


class Bid(models.Model):
    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="bids")
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="bids"
    )
    price = models.DecimalField(
        _("price (£)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    summary = models.TextField(_("summary of the bid"), blank=True)

    class Meta:
        ordering = ["tender", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tender", "provider"], name="one_bid_per_provider"
            )
        ]

    def __str__(self) -> str:
        return str(self.provider)


class Score(models.Model):
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="scores"
    )
    scorer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    is_citizen = models.BooleanField(default=False)
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(MAX_SCORE)]
    )
    comment = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["bid", "criterion", "scorer"],
                condition=models.Q(scorer__isnull=False),
                name="one_score_per_scorer",
            ),
            models.CheckConstraint(
                condition=models.Q(score__lte=MAX_SCORE), name="score_at_most_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bid} / {self.criterion}: {self.score}"


class Moderation(models.Model):
    """The agreed score for a bid on a criterion, after the scorers met."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="moderations")
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="moderations"
    )
    score = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_SCORE)],
    )
    note = models.CharField(_("why"), max_length=300, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["bid", "criterion"], name="one_moderation_per_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.bid} / {self.criterion}: {self.score}"
