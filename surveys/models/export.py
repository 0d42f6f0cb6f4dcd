"""Downloads of a survey's answers, built in the background."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .survey import Survey

#: How long a finished download stays available.
KEEP_FOR = datetime.timedelta(days=7)


class ExportKind(models.TextChoices):
    RESPONSES_CSV = "responses_csv", _("Every response (CSV)")
    RESPONSES_XLSX = "responses_xlsx", _("Every response (Excel)")
    AGGREGATES_CSV = "aggregates_csv", _("Counts per answer (CSV)")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class Export(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="exports")
    kind = models.CharField(max_length=20, choices=ExportKind.choices)
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="private/exports/%Y/%m/", blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | ~models.Q(file=""),
                name="a_done_export_has_its_file",
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey} – {self.get_kind_display()}"

    @property
    def expires_at(self) -> datetime.datetime | None:
        return self.finished_at + KEEP_FOR if self.finished_at else None

    @property
    def is_expired(self) -> bool:
        return bool(self.expires_at and self.expires_at < timezone.now())

    @property
    def is_working(self) -> bool:
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)
