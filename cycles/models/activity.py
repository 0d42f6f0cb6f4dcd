"""Activities: the co-commissioning work done in a phase, each with a Four Co's mode."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .catalogue import CatalogueEntry
from .choices import ActivityStatus, Mode, Phase
from .cycle import Cycle


class ActivityQuerySet(models.QuerySet["Activity"]):
    def counted(self) -> ActivityQuerySet:
        """Activities that count towards coverage: not dropped."""
        return self.exclude(status=ActivityStatus.DROPPED)

    def done(self) -> ActivityQuerySet:
        return self.filter(status=ActivityStatus.DONE)


class Activity(models.Model):
    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="activities"
    )
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices)
    title = models.CharField(_("title"), max_length=200)
    mode = models.CharField(
        _("how citizens take part"),
        max_length=20,
        choices=Mode.choices,
        help_text=_(
            "One of the Four Co's, or “Traditional” for a task the team does alone, "
            "such as awarding a contract. Traditional activities are counted apart."
        ),
    )
    approach = models.CharField(
        _("approach"),
        max_length=200,
        blank=True,
        help_text=_("For example: focus group on risk, participatory budgeting."),
    )
    purpose = models.TextField(_("purpose"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ActivityStatus.choices,
        default=ActivityStatus.PLANNED,
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    participants = models.TextField(
        _("who takes part"),
        blank=True,
        help_text=_("Groups or people involved, for example: 12 carers, 3 GPs."),
    )
    outputs = models.TextField(_("outputs and notes"), blank=True)
    catalogue_entry = models.ForeignKey(
        CatalogueEntry,
        verbose_name=_("started from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    covers_tasks = models.ManyToManyField(
        CatalogueEntry,
        verbose_name=_("traditional tasks it covers"),
        blank=True,
        related_name="covering_activities",
        limit_choices_to={"kind": "ipc_task"},
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[covers_tasks])
    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["cycle", "phase", "start_date", "pk"]
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["cycle", "phase", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_citizen_action(self) -> bool:
        return self.mode == Mode.CO_DELIVERY

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {
                    "end_date": _(
                        "The end date must be the same as or after the start date"
                    )
                }
            )


class ActivityAttachment(models.Model):
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="activities/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.title
