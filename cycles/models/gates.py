"""Gate checks: what must be true, by a governance principle, to leave a phase."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cocommission.organisations.models import Organisation
from governance.models import GovernancePrinciple

from .choices import GateKind, GateRule, Phase
from .cycle import Cycle


class GateCheckQuerySet(models.QuerySet["GateCheck"]):
    def active(self) -> GateCheckQuerySet:
        return self.filter(is_active=True)


class GateCheck(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="gate_checks"
    )
    phase = models.CharField(
        _("phase it guards"),
        max_length=10,
        choices=Phase.choices,
        help_text=_("The check must pass before a cycle leaves this phase."),
    )
    title = models.CharField(_("check"), max_length=200)
    description = models.TextField(_("what good looks like"), blank=True)
    principle = models.ForeignKey(
        GovernancePrinciple,
        verbose_name=_("governance principle"),
        on_delete=models.PROTECT,
        related_name="gate_checks",
    )
    kind = models.CharField(
        _("how it is checked"), max_length=10, choices=GateKind.choices
    )
    rule = models.CharField(
        _("automatic rule"), max_length=40, choices=GateRule.choices, blank=True
    )
    is_active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()
    objects = GateCheckQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "phase", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind=GateKind.AUTOMATIC) & ~models.Q(rule=""))
                | (models.Q(kind=GateKind.ATTESTED) & models.Q(rule="")),
                name="automatic_checks_have_a_rule",
            )
        ]

    def __str__(self) -> str:
        return self.title


class GateAttestation(models.Model):
    """A person's statement, with evidence, that an attested check is met."""

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="attestations"
    )
    gate_check = models.ForeignKey(
        GateCheck, on_delete=models.CASCADE, related_name="attestations"
    )
    evidence = models.TextField(_("evidence"))
    attested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    attested_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "gate_check"], name="one_attestation_per_check"
            )
        ]

    def __str__(self) -> str:
        return f"{self.gate_check} – {self.cycle}"
