"""Who gains: partners (police, courts, the NHS...) that benefit from a cycle's
outcomes, often without having paid for them, and agreements to share costs and
benefits between them. The free-text "who else benefits" of an outcome
(``OutcomeBeneficiary``) stays alongside for notes that name no partner."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cocommission.organisations.models import Organisation


class PartnerKind(models.TextChoices):
    POLICE = "police", _("Police")
    COURTS = "courts", _("Courts and justice")
    HEALTH = "health", _("NHS and health")
    COUNCIL = "council", _("Council")
    THIRD_SECTOR = "third_sector", _("Charity or community group")
    BUSINESS = "business", _("Business")
    OTHER = "other", _("Other")


class Partner(models.Model):
    """An organisation the team works with, kept by the team."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="partners"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind of organisation"),
        max_length=20,
        choices=PartnerKind.choices,
        default=PartnerKind.OTHER,
    )

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="one_partner_of_a_name",
                violation_error_message=_("There is already a partner of this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class PartnerBenefit(models.Model):
    """What a partner gains from a cycle, with an estimated value and how it was
    estimated."""

    cycle = models.ForeignKey(
        "cycles.Cycle", on_delete=models.CASCADE, related_name="partner_benefits"
    )
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="benefits",
    )
    outcome = models.ForeignKey(
        "outcomes.Outcome",
        verbose_name=_("outcome it comes from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner_benefits",
    )
    benefit = models.CharField(_("what they gain"), max_length=300)
    estimated_value = models.DecimalField(
        _("estimated value (£)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    how_estimated = models.TextField(_("how the value was estimated"), blank=True)
    is_public = models.BooleanField(_("show on the public cycle page"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cycle", "partner__name", "pk"]

    def __str__(self) -> str:
        return f"{self.partner}: {self.benefit}"


class CostSharingAgreement(models.Model):
    """An agreement between partners to share a cycle's costs and benefits."""

    cycle = models.ForeignKey(
        "cycles.Cycle", on_delete=models.CASCADE, related_name="sharing_agreements"
    )
    title = models.CharField(_("title"), max_length=200)
    partners = models.ManyToManyField(
        Partner, verbose_name=_("partners"), related_name="agreements"
    )
    terms = models.TextField(
        _("what each partner puts in and gets back"),
        help_text=_("For example: the police pay a quarter of the youth workers."),
    )
    contribution = models.DecimalField(
        _("money partners put in (£)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    is_public = models.BooleanField(_("show on the public cycle page"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cycle", "pk"]

    def __str__(self) -> str:
        return self.title
