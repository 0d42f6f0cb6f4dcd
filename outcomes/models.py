"""Outcomes and public value. For now: the organisation's governance principles."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cocommission.organisations.models import Organisation


class GovernancePrincipleQuerySet(models.QuerySet["GovernancePrinciple"]):
    def in_use(self) -> GovernancePrincipleQuerySet:
        return self.filter(is_retired=False)


class GovernancePrinciple(models.Model):
    """A principle every cycle of the organisation is held to ("the ends do not
    justify the means")."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="principles"
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    order = models.PositiveSmallIntegerField(default=0)
    is_retired = models.BooleanField(_("retired"), default=False)

    history = HistoricalRecords()
    objects = GovernancePrincipleQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="unique_principle_name"
            )
        ]

    def __str__(self) -> str:
        return self.name
