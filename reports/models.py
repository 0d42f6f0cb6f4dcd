"""Reports made in the background: HTML, PDF and an XLSX data annex, private to
the organisation's team and kept for a while."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocommission.jobs import FileJob, JobStatus

KEEP_FOR = datetime.timedelta(days=30)


class ReportKind(models.TextChoices):
    CYCLE = "cycle", _("Cycle report")
    SURVEY = "survey", _("Survey results report")
    BALLOT = "ballot", _("Participatory budgeting result")
    CONTRACT = "contract", _("Contract review report")


#: A report's state is a background file job's (cocommission.jobs).
ReportStatus = JobStatus


class Report(FileJob):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="reports"
    )
    # The language its headings and words are written in (the request form's choice).
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en-gb"
    )
    kind = models.CharField(max_length=10, choices=ReportKind.choices)
    cycle = models.ForeignKey(
        "cycles.Cycle",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    survey = models.ForeignKey(
        "surveys.Survey",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    ballot = models.ForeignKey(
        "surveys.Ballot",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    contract = models.ForeignKey(
        "contracts.Contract",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    #: A hash of the report's content: the same inputs give the same hash.
    fingerprint = models.CharField(max_length=64, blank=True)
    html = models.FileField(upload_to="private/reports/%Y/%m/", blank=True)
    pdf = models.FileField(upload_to="private/reports/%Y/%m/", blank=True)
    xlsx = models.FileField(upload_to="private/reports/%Y/%m/", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done")
                | (~models.Q(html="") & ~models.Q(pdf="") & ~models.Q(xlsx="")),
                name="a_done_report_has_its_files",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse(
            "reports:detail",
            kwargs={"org_slug": self.organisation.slug, "pk": self.pk},
        )

    @property
    def subject(self) -> object:
        return self.cycle or self.survey or self.ballot or self.contract

    @property
    def expires_at(self) -> datetime.datetime | None:
        return self.finished_at + KEEP_FOR if self.finished_at else None

    @property
    def is_expired(self) -> bool:
        return bool(self.expires_at and self.expires_at < timezone.now())


class OpenDataPackage(models.Model):
    """An organisation's open data: a ZIP of CSVs about its public work, with a
    data dictionary, remade every night. No personal data."""

    organisation = models.OneToOneField(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="open_data",
    )
    file = models.FileField(upload_to="public/open-data/")
    made_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.organisation} open data"
