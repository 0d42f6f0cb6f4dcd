"""Needs: demands people express, some prioritised into recognised needs."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .activity import Activity
from .cycle import Cycle
from .decision import Decision


class NeedStatus(models.TextChoices):
    EXPRESSED = "expressed", _("Expressed")
    RECOGNISED = "recognised", _("Recognised as a priority need")
    NOT_PRIORITISED = "not_prioritised", _("Not prioritised this time")


class WayToMeet(models.TextChoices):
    BEHAVIOUR_CHANGE = "behaviour_change", _("Behaviour change by citizens")
    CO_PRODUCTION = "co_production", _("Co-production by users and communities")
    SERVICE = "service", _("A commissioned service")


def list_group() -> models.Case:
    """The group a need is listed in: priority needs, then those waiting to be
    considered, then those not prioritised this time. The list's index is on
    this very expression, so the list is read from the index, not sorted."""
    return models.Case(
        models.When(status=NeedStatus.RECOGNISED, then=models.Value(0)),
        models.When(status=NeedStatus.EXPRESSED, then=models.Value(1)),
        default=models.Value(2),
    )


#: The order of a cycle's list of needs (with ``group=list_group()``).
LIST_ORDER = ("group", "priority", "-how_many", "pk")


class Need(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="needs")
    statement = models.CharField(
        _("the need, in the words people used"), max_length=300
    )
    raised_by = models.CharField(
        _("who raised it"),
        max_length=200,
        blank=True,
        help_text=_("For example: carers at the breakfast meeting."),
    )
    source_activity = models.ForeignKey(
        Activity,
        verbose_name=_("where it was raised"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
    )
    source_survey = models.ForeignKey(
        "surveys.Survey",
        verbose_name=_("survey it came from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
    )
    how_many = models.PositiveIntegerField(
        _("how many people raised it"), null=True, blank=True
    )
    groups = models.CharField(_("which groups"), max_length=300, blank=True)
    quiet_demand = models.BooleanField(
        _("sought out from a group that is seldom heard"), default=False
    )
    ways_to_meet = models.JSONField(_("how it could be met"), default=list, blank=True)
    outcomes = models.ManyToManyField(
        "outcomes.Outcome",
        verbose_name=_("outcomes it links to"),
        blank=True,
        related_name="needs",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=NeedStatus.choices,
        default=NeedStatus.EXPRESSED,
    )
    priority = models.PositiveSmallIntegerField(_("priority"), null=True, blank=True)
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision that prioritised it"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
    )
    demand_measure = models.CharField(
        _("demand, measured as"),
        max_length=200,
        blank=True,
        help_text=_("For example: referrals to secondary care a month."),
    )
    demand_source = models.CharField(
        _("where the demand figure comes from"), max_length=200, blank=True
    )
    demand_baseline = models.DecimalField(
        _("demand at the start (baseline)"),
        max_digits=14,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    demand_baseline_date = models.DateField(
        _("date of the baseline"), null=True, blank=True
    )
    demand_indicators = models.ManyToManyField(
        "outcomes.Indicator",
        verbose_name=_("indicators that track the demand"),
        blank=True,
        related_name="demand_of",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[outcomes])

    class Meta:
        ordering = ["cycle", "status", "priority", "-how_many", "pk"]
        indexes = [
            models.Index(
                models.F("cycle"),
                list_group(),
                models.F("priority"),
                models.F("how_many").desc(),
                models.F("id"),
                name="cycles_need_list_order",
            ),
            models.Index(fields=["cycle", "status"], name="cycles_need_by_status"),
        ]

    def __str__(self) -> str:
        return self.statement

    def way_labels(self) -> list[str]:
        return [
            str(WayToMeet(w).label) for w in self.ways_to_meet if w in WayToMeet.values
        ]
