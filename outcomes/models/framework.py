"""Outcomes frameworks: outcomes, the pathways they depend on, indicators and
measurements over time."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cocommission.organisations.models import Organisation


class ValueType(models.TextChoices):
    USER = "user", _("User value: for the people who use the service")
    SOCIAL = "social", _("Social value: for the community")
    ECONOMIC = "economic", _("Economic value: for the economy and businesses")
    ENVIRONMENTAL = "environmental", _("Environmental value")


class Pathway(models.TextChoices):
    PREVENTION = "prevention", _("Prevention")
    DETECTION = "detection", _("Detection")
    TREATMENT = "treatment", _("Treatment")
    REHABILITATION = "rehabilitation", _("Rehabilitation")


class Contribution(models.TextChoices):
    SERVICES = "services", _("Commissioned services")
    CO_PRODUCTION = "co_production", _("Co-production by users and communities")
    BEHAVIOUR_CHANGE = "behaviour_change", _("Behaviour change by citizens")


class TargetKind(models.TextChoices):
    """How an indicator's target is written."""

    LEVEL = "level", _("A level to reach, in the indicator's unit")
    CHANGE = (
        "change",
        _("A change from the baseline, in per cent (for example -60 for down 60%)"),
    )


class Direction(models.TextChoices):
    UP = "up", _("Higher is better")
    DOWN = "down", _("Lower is better")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    ANNUALLY = "annually", _("Once a year")
    OTHER = "other", _("Other")


class MeasurementSource(models.TextChoices):
    PROVIDER_RETURN = "provider_return", _("Provider return")
    SURVEY = "survey", _("Survey result")
    ROUTINE = "routine", _("Routine data")
    CO_ASSESSMENT = "co_assessment", _("Citizen co-assessment")


class FrameworkQuerySet(models.QuerySet["OutcomesFramework"]):
    def for_team(self, user: Any) -> FrameworkQuerySet:
        """Frameworks of the organisations whose commissioning team has the user."""
        from cocommission.organisations.models import STAFF_ROLES, Membership

        if not getattr(user, "is_authenticated", False):
            return self.none()
        orgs = Membership.objects.filter(user=user, role__in=STAFF_ROLES).values(
            "organisation_id"
        )
        return self.filter(organisation_id__in=orgs)


class OutcomesFramework(models.Model):
    """A set of outcomes, for the organisation or one cycle; may be a template."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="frameworks"
    )
    cycle = models.ForeignKey(
        "cycles.Cycle",
        verbose_name=_("cycle"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="frameworks",
        help_text=_("Leave empty for a framework the whole organisation uses."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_template = models.BooleanField(
        _("offer as a template for new frameworks"), default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = FrameworkQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "outcomes:framework",
            kwargs={"org_slug": self.organisation.slug, "pk": self.pk},
        )


class Outcome(models.Model):
    framework = models.ForeignKey(
        OutcomesFramework, on_delete=models.CASCADE, related_name="outcomes"
    )
    statement = models.CharField(
        _("the outcome, in plain words"),
        max_length=300,
        help_text=_("For example: people recover and stay well."),
    )
    who_for = models.CharField(_("who it is for"), max_length=300, blank=True)
    value_types = models.JSONField(
        _("kinds of value"),
        default=list,
        blank=True,
        help_text=_("An outcome can carry more than one kind of value."),
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), default=1, help_text=_("1 is the highest priority.")
    )
    priority_decision = models.ForeignKey(
        "cycles.Decision",
        verbose_name=_("decision that set the priority"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="prioritised_outcomes",
    )
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["framework", "priority", "order", "pk"]

    def __str__(self) -> str:
        return self.statement

    def value_type_labels(self) -> list[str]:
        return [
            str(ValueType(v).label) for v in self.value_types if v in ValueType.values
        ]


class OutcomePathway(models.Model):
    """A pathway an outcome depends on, and the contributions it relies on."""

    outcome = models.ForeignKey(
        Outcome, on_delete=models.CASCADE, related_name="pathways"
    )
    pathway = models.CharField(_("pathway"), max_length=20, choices=Pathway.choices)
    contributions = models.JSONField(
        _("contributions relied on"), default=list, blank=True
    )

    class Meta:
        # Prevention, detection, treatment, rehabilitation: the order care runs in.
        ordering = [
            "outcome",
            models.Case(
                *(
                    models.When(pathway=code, then=models.Value(position))
                    for position, code in enumerate(
                        ["prevention", "detection", "treatment", "rehabilitation"]
                    )
                ),
                default=models.Value(9),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["outcome", "pathway"], name="one_row_per_pathway"
            )
        ]

    def __str__(self) -> str:
        return f"{self.outcome}: {self.get_pathway_display()}"

    def contribution_labels(self) -> list[str]:
        return [
            str(Contribution(c).label)
            for c in self.contributions
            if c in Contribution.values
        ]


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    def with_latest(self) -> IndicatorQuerySet:
        """Each indicator with its latest measurement's value and period end, in the
        same query; read them back with ``Indicator.latest_measurement()``."""
        latest = Measurement.objects.filter(indicator=OuterRef("pk")).order_by(
            "-period_end"
        )
        return self.annotate(
            latest_value=Subquery(latest.values("value")[:1]),
            latest_period=Subquery(latest.values("period_end")[:1]),
        )


class Indicator(models.Model):
    outcome = models.ForeignKey(
        Outcome, on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("how it is measured"), blank=True)
    unit = models.CharField(
        _("unit"),
        max_length=50,
        help_text=_("For example: referrals a month, %, people."),
    )
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target_kind = models.CharField(
        _("the target is"),
        max_length=10,
        choices=TargetKind.choices,
        default=TargetKind.LEVEL,
    )
    target_value = models.DecimalField(
        _("target"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    direction = models.CharField(
        _("direction of good"),
        max_length=4,
        choices=Direction.choices,
        default=Direction.UP,
    )
    data_source = models.CharField(_("data source"), max_length=200, blank=True)
    frequency = models.CharField(
        _("how often"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.QUARTERLY,
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    co_assessed = models.BooleanField(_("citizens co-assess it"), default=False)
    attributed_cost = models.DecimalField(
        _("cost of achieving it (£)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Only where cost per unit makes sense, for example cost per QALY."),
    )
    threshold_per_unit = models.DecimalField(
        _("good value if each unit costs no more than (£)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()
    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["outcome", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_date__isnull=True)
                | Q(baseline_date__isnull=True)
                | Q(target_date__gt=models.F("baseline_date")),
                name="target_after_baseline",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def latest_measurement(self) -> Measurement | None:
        """The latest measurement as ``with_latest()`` read it (value and period end
        only, not saved), or None when the indicator has none. Without
        ``with_latest()`` the attributes are missing and this fails loudly."""
        annotated: Any = self
        if annotated.latest_period is None:
            return None
        return Measurement(
            indicator=self,
            period_end=annotated.latest_period,
            value=annotated.latest_value,
        )

    @property
    def target(self) -> Decimal | None:
        """The level the target asks for, in the indicator's unit: the target
        itself, or the baseline changed by the target's per cent."""
        if self.target_value is None:
            return None
        if self.target_kind != TargetKind.CHANGE:
            return self.target_value
        if self.baseline_value is None:
            return None
        level = self.baseline_value * (1 + Decimal(self.target_value) / 100)
        return level.quantize(Decimal("0.001"))

    def change_from_baseline(self, value: Decimal | None) -> str:
        """ "down 60%" or "up 5%" from the baseline, or "" where it cannot be said."""
        if value is None or not self.baseline_value:
            return ""
        percent = (Decimal(value) - self.baseline_value) / abs(self.baseline_value)
        rounded = round(percent * 100)
        if rounded == 0:
            return str(_("no change from the baseline"))
        if rounded < 0:
            return str(_("down %(n)d%% from the baseline") % {"n": -rounded})
        return str(_("up %(n)d%% from the baseline") % {"n": rounded})

    @property
    def target_change(self) -> str:
        """For a target written as a change: "down 60% from the baseline"."""
        if self.target_kind != TargetKind.CHANGE or self.target is None:
            return ""
        return self.change_from_baseline(self.target)

    @property
    def target_label(self) -> str:
        """The target as people read it: "40", or "40 (down 60% from the
        baseline)" for a target written as a change."""
        level = self.target
        if level is None:
            return ""
        number = f"{level.normalize():f}"
        change = self.target_change
        return f"{number} ({change})" if change else number

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if (
            self.baseline_date
            and self.target_date
            and self.target_date <= self.baseline_date
        ):
            raise ValidationError(
                {"target_date": _("The target date must be after the baseline date")}
            )
        if self.target_kind == TargetKind.CHANGE:
            if self.target_value is not None and self.baseline_value in (None, 0):
                raise ValidationError(
                    {
                        "baseline_value": _(
                            "A target written as a change needs a baseline other "
                            "than zero to change from"
                        )
                    }
                )
            if self.target_value is not None and self.target_value <= -100:
                raise ValidationError(
                    {
                        "target_value": _(
                            "A fall of 100% or more leaves nothing: enter a change "
                            "above -100"
                        )
                    }
                )


class MeasurementQuerySet(models.QuerySet["Measurement"]):
    def counted(self) -> MeasurementQuerySet:
        """Measurements that count: not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)


class CountedMeasurementManager(models.Manager.from_queryset(MeasurementQuerySet)):  # type: ignore[misc]
    """The default manager: a withdrawn measurement counts nowhere (latest value,
    status, scorecard, reports, charts, public pages, exports), so everything that
    reads measurements, the indicator's ``measurements`` included, leaves it out.
    ``Measurement.with_withdrawn`` is for the staff's own list and the history."""

    def get_queryset(self) -> MeasurementQuerySet:
        return super().get_queryset().counted()


class Measurement(models.Model):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="measurements"
    )
    period_end = models.DateField(_("end of the period measured"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3)
    source = models.CharField(
        _("source"),
        max_length=20,
        choices=MeasurementSource.choices,
        default=MeasurementSource.ROUTINE,
    )
    note = models.TextField(_("evidence or note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Kept here rather than only in the history's change reason (100 characters):
    # each history row copies it, so every correction keeps its own reason.
    correction_reason = models.TextField(
        _("reason for the last correction"), blank=True
    )
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_reason = models.TextField(_("reason for withdrawing it"), blank=True)

    history = HistoricalRecords()
    objects = CountedMeasurementManager()
    with_withdrawn = MeasurementQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "period_end"]
        # Related managers (``indicator.measurements``) use the default manager,
        # so they leave withdrawn measurements out too.
        default_manager_name = "objects"
        # Deleting an indicator must reach its withdrawn measurements as well.
        base_manager_name = "with_withdrawn"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_end"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_measurement_per_period",
                violation_error_message=_("There is already a value for this period."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.period_end})"

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class OutcomeBeneficiary(models.Model):
    """A body that gains from an outcome, often one that did not pay for it."""

    outcome = models.ForeignKey(
        Outcome, on_delete=models.CASCADE, related_name="beneficiaries"
    )
    body = models.CharField(_("who benefits"), max_length=200)
    how = models.CharField(_("how"), max_length=300, blank=True)

    class Meta:
        ordering = ["outcome", "body"]

    def __str__(self) -> str:
        return self.body


class CycleCost(models.Model):
    """A cost of a cycle, entered directly (resources will feed this later)."""

    cycle = models.ForeignKey(
        "cycles.Cycle", on_delete=models.CASCADE, related_name="costs"
    )
    label = models.CharField(_("what it is for"), max_length=200)
    amount = models.DecimalField(_("amount (£)"), max_digits=14, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["cycle", "created_at"]

    def __str__(self) -> str:
        return self.label
