"""Provider returns: the figures a provider reports for its contract's indicators,
which the commissioning team accepts (they become measurements) or queries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .contract import Contract
from .provider import Provider


class ReturnStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Sent: waiting for the team")
    QUERIED = "queried", _("Queried: the team has a question")
    ACCEPTED = "accepted", _("Accepted")


class ProviderReturn(models.Model):
    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="returns"
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="returns"
    )
    period_end = models.DateField(_("end of the period reported"))
    status = models.CharField(
        max_length=10, choices=ReturnStatus.choices, default=ReturnStatus.SUBMITTED
    )
    note = models.TextField(_("anything the team should know"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField()
    query = models.TextField(_("the team's question"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["contract", "-period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "period_end"], name="one_return_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract} – {self.period_end}"

    def get_absolute_url(self) -> str:
        return reverse(
            "contracts:return",
            kwargs={
                "org_slug": self.contract.cycle.organisation.slug,
                "pk": self.contract_id,
                "return_pk": self.pk,
            },
        )


class FigureUse(models.TextChoices):
    """What became of a figure when its return was accepted."""

    PENDING = "", _("Not accepted yet")
    RECORDED = "recorded", _("Recorded as the measurement")
    SAME = "same", _("The same as the team's figure")
    REPLACED = "replaced", _("Replaced the team's figure")
    NOT_USED = "not_used", _("Not used: the team's figure stands")


class ReturnFigure(models.Model):
    provider_return = models.ForeignKey(
        ProviderReturn, on_delete=models.CASCADE, related_name="figures"
    )
    indicator = models.ForeignKey(
        "outcomes.Indicator", on_delete=models.CASCADE, related_name="+"
    )
    value = models.DecimalField(max_digits=14, decimal_places=3)
    use = models.CharField(
        _("what became of it"),
        max_length=10,
        choices=FigureUse.choices,
        default=FigureUse.PENDING,
        blank=True,
    )
    team_value = models.DecimalField(
        _("the team's figure it met"),
        max_digits=14,
        decimal_places=3,
        null=True,
        blank=True,
    )
    reason = models.TextField(_("why the team chose this figure"), blank=True)

    class Meta:
        ordering = ["provider_return", "indicator__order", "indicator_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider_return", "indicator"], name="one_figure_per_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"
