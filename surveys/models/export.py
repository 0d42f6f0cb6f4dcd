"""Downloads of a survey's answers, built in the background."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocommission.jobs import FileJob, JobStatus

from .survey import Survey

#: How long a finished download stays available.
KEEP_FOR = datetime.timedelta(days=7)


class ExportKind(models.TextChoices):
    RESPONSES_CSV = "responses_csv", _("Every response (CSV)")
    RESPONSES_XLSX = "responses_xlsx", _("Every response (Excel)")
    AGGREGATES_CSV = "aggregates_csv", _("Counts per answer (CSV)")


#: A download's state is a background file job's (cocommission.jobs).
ExportStatus = JobStatus


class Export(FileJob):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="exports")
    kind = models.CharField(max_length=20, choices=ExportKind.choices)
    file = models.FileField(upload_to="private/exports/%Y/%m/", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

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
