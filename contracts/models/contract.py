"""Contracts and in-house service level agreements, with their versioned
specifications."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ContractKind(models.TextChoices):
    CONTRACT = "contract", _("Contract with an external provider")
    SLA = "sla", _("In-house service level agreement")


class Route(models.TextChoices):
    """How the provider was chosen; ``OCDS_METHOD`` gives the OCDS method (none
    when it is not known)."""

    OPEN = "open", _("Open procedure")
    COMPETITIVE = "competitive", _("Competitive flexible or restricted procedure")
    FRAMEWORK = "framework", _("Call-off from a framework")
    DIRECT = "direct", _("Direct award")
    GRANT = "grant", _("Grant")
    IN_HOUSE = "in_house", _("In-house: no procurement")
    # Many contracts are recorded long after they were let.
    NOT_KNOWN = "not_known", _("Not known")


OCDS_METHOD: dict[str, str] = {
    Route.OPEN: "open",
    Route.COMPETITIVE: "selective",
    Route.FRAMEWORK: "limited",
    Route.DIRECT: "direct",
}

#: Routes that are not public procurement: OCDS describes procurement processes,
#: so grants and in-house arrangements are left out of the export.
NOT_PROCUREMENT = frozenset({Route.GRANT, Route.IN_HOUSE})


class ContractStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    TENDERING = "tendering", _("Out to tender")
    ACTIVE = "active", _("In force")
    ENDED = "ended", _("Ended")
    TERMINATED = "terminated", _("Ended early")


class ContractQuerySet(models.QuerySet["Contract"]):
    def of_organisation(self, organisation: Any) -> ContractQuerySet:
        return self.filter(cycle__organisation=organisation)

    def visible_outside_the_team(self, user: Any) -> ContractQuerySet:
        """What someone outside the commissioning team may see: the contracts of
        the providers they represent, and those their panel monitors or scores
        the tender of."""
        from panels.models import SEATED

        return self.filter(
            models.Q(providers__representatives=user)
            | models.Q(providers__members__representatives=user)
            | models.Q(
                monitoring_panel__members__user=user,
                monitoring_panel__members__status__in=SEATED,
            )
            | models.Q(
                tender__panel__members__user=user,
                tender__panel__members__status__in=SEATED,
            )
        ).distinct()

    def procurement(self) -> ContractQuerySet:
        """Contracts let through public procurement (not grants or in-house
        agreements): what the Open Contracting export publishes."""
        return self.exclude(kind=ContractKind.SLA).exclude(route__in=NOT_PROCUREMENT)

    def search(self, text: str) -> ContractQuerySet:
        if not text:
            return self
        return self.filter(
            models.Q(title__icontains=text) | models.Q(providers__name__icontains=text)
        ).distinct()


class Contract(models.Model):
    cycle = models.ForeignKey(
        "cycles.Cycle",
        verbose_name=_("cycle"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    title = models.CharField(
        _("service"),
        max_length=200,
        help_text=_("What is delivered, for example: community mental health support."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=ContractKind.choices,
        default=ContractKind.CONTRACT,
    )
    providers = models.ManyToManyField(
        "contracts.Provider",
        verbose_name=_("providers"),
        related_name="contracts",
    )
    value = models.DecimalField(
        _("total value (£)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    awarded_on = models.DateField(
        _("date awarded"),
        null=True,
        blank=True,
        help_text=_("When the decision to award it was made."),
    )
    signed_on = models.DateField(_("date signed"), null=True, blank=True)
    route = models.CharField(
        _("how the provider was chosen"), max_length=12, choices=Route.choices
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ContractStatus.choices,
        default=ContractStatus.PLANNED,
    )
    outcomes = models.ManyToManyField(
        "outcomes.Outcome",
        verbose_name=_("outcomes it is accountable for"),
        blank=True,
        related_name="contracts",
    )
    indicators = models.ManyToManyField(
        "outcomes.Indicator",
        verbose_name=_("indicators it reports on"),
        blank=True,
        related_name="contracts",
    )
    monitoring_panel = models.ForeignKey(
        "panels.Panel",
        verbose_name=_("panel that monitors it"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="monitored_contracts",
        help_text=_(
            "Its members sit at the contract monitoring meetings and see this contract."
        ),
    )
    ratings_survey = models.ForeignKey(
        "surveys.Survey",
        verbose_name=_("survey of the people who use it"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rated_contracts",
        help_text=_("Its ratings and agreement questions count in the review."),
    )
    principles = models.ManyToManyField(
        "governance.GovernancePrinciple",
        verbose_name=_("governance criteria written into it"),
        blank=True,
        related_name="contracts",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ContractQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="contract_ends_after_it_starts",
                violation_error_message=_("The end must be on or after the start."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "contracts:detail",
            kwargs={"org_slug": self.cycle.organisation.slug, "pk": self.pk},
        )

    @property
    def is_procurement(self) -> bool:
        """Let through public procurement, so published as Open Contracting data."""
        return self.kind != ContractKind.SLA and self.route not in NOT_PROCUREMENT

    @property
    def ocid(self) -> str:
        """The Open Contracting ID: the publisher's prefix and our number."""
        return f"{settings.OCDS_OCID_PREFIX}-{self.pk}"


class Specification(models.Model):
    """One version of what the provider must deliver. Versions are never edited:
    a change is a new version, with who agreed it."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="specifications"
    )
    version = models.PositiveSmallIntegerField()
    text = models.TextField(_("the specification"))
    agreed_on = models.DateField(_("date agreed"))
    co_agreed_by = models.ForeignKey(
        "panels.Panel",
        verbose_name=_("panel that co-agreed it"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="specifications",
    )
    agreement_note = models.CharField(
        _("who else agreed it"),
        max_length=300,
        blank=True,
        help_text=_("For example: the procurement panel and the alliance board."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["contract", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "version"], name="one_specification_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract} – version {self.version}"
