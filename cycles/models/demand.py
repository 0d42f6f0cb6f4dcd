"""Demand and the routes that meet it: the Public Value Model put into numbers.

A priority need creates demand (a measure such as referrals a month, with its
source and baseline). Each of the three routes (behaviour change, co-production,
commissioned services) is planned to take a share of that demand, and records what
it puts in: influence strategies and activities, pledges and assets, contracts.
What each route achieved is read from the indicators linked to it."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..demand import shares_problem
from .activity import Activity
from .need import Need, WayToMeet

HUNDRED = Decimal(100)


class InfluenceStrategy(models.Model):
    """A way the public sector can influence behaviour (a catalogue the platform's
    admins keep in the Django admin)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.CharField(_("what it is"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = _("influence strategies")

    def __str__(self) -> str:
        return self.name


class NeedRoute(models.Model):
    """One route to meeting a need: its planned share of the demand and what it
    puts in."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="routes")
    route = models.CharField(_("route"), max_length=20, choices=WayToMeet.choices)
    planned_share = models.DecimalField(
        _("planned share of the demand it meets (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Between 0 and 100. All routes of a need add up to 100 at most."),
    )
    public_cost = models.DecimalField(
        _("what the public sector spends on it, beyond contracts (£)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("For example the cost of a campaign or of supporting volunteers."),
    )
    description = models.TextField(_("how it works"), blank=True)
    strategies = models.ManyToManyField(
        InfluenceStrategy,
        verbose_name=_("influence strategies"),
        blank=True,
        related_name="routes",
    )
    activities = models.ManyToManyField(
        Activity, verbose_name=_("activities"), blank=True, related_name="routes"
    )
    pledges = models.ManyToManyField(
        "assets.Pledge", verbose_name=_("pledges"), blank=True, related_name="routes"
    )
    assets = models.ManyToManyField(
        "assets.Asset", verbose_name=_("assets"), blank=True, related_name="routes"
    )
    contracts = models.ManyToManyField(
        "contracts.Contract",
        verbose_name=_("contracts"),
        blank=True,
        related_name="routes",
    )
    indicators = models.ManyToManyField(
        "outcomes.Indicator",
        verbose_name=_("indicators of the demand it met"),
        blank=True,
        related_name="routes",
        help_text=_(
            "Measured in the need's unit of demand: the demand this route took."
        ),
    )

    class Meta:
        ordering = ["need", "route"]
        constraints = [
            models.UniqueConstraint(
                fields=["need", "route"],
                name="one_route_of_each_kind_per_need",
                violation_error_message=_("This need already has this route."),
            ),
            models.CheckConstraint(
                condition=Q(planned_share__gte=0) & Q(planned_share__lte=100),
                name="route_share_is_a_percentage",
                violation_error_message=_(
                    "The planned share must be between 0 and 100"
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.need}: {self.get_route_display()}"

    def clean(self) -> None:
        """The routes of one need add up to 100% at most."""
        if self.planned_share is None or self.need_id is None:
            return
        others = (
            NeedRoute.objects.filter(need_id=self.need_id)
            .exclude(pk=self.pk)
            .aggregate(total=models.Sum("planned_share"))["total"]
        ) or Decimal(0)
        if shares_problem([others, self.planned_share]):
            room = max(HUNDRED - others, Decimal(0))
            raise ValidationError(
                {
                    "planned_share": _(
                        "The routes of this need would add up to more than 100%%. "
                        "The other routes already plan %(others)s%%, so enter "
                        "%(room)s or less"
                    )
                    % {
                        "others": f"{others.normalize():f}",
                        "room": f"{room.normalize():f}",
                    }
                }
            )
