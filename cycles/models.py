"""Commissioning cycles: one run of Analyse, Plan, Do, Review for a service area."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cocommission.organisations.models import STAFF_ROLES, Membership, Organisation


class Phase(models.TextChoices):
    ANALYSE = "analyse", _("Analyse")
    PLAN = "plan", _("Plan")
    DO = "do", _("Do")
    REVIEW = "review", _("Review")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Private to the organisation")
    PUBLIC = "public", _("Has a public page")


class CycleQuerySet(models.QuerySet["Cycle"]):
    def for_user(self, user: Any) -> CycleQuerySet:
        """Cycles the user may see: all of their commissioning teams' cycles, and
        public cycles of any organisation."""
        public = models.Q(visibility=Visibility.PUBLIC)
        if not getattr(user, "is_authenticated", False):
            return self.filter(public)
        staff_orgs = Membership.objects.filter(user=user, role__in=STAFF_ROLES).values(
            "organisation_id"
        )
        return self.filter(public | models.Q(organisation_id__in=staff_orgs))

    def active(self) -> CycleQuerySet:
        return self.filter(status=Status.ACTIVE)


class Cycle(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="cycles"
    )
    title = models.CharField(_("title"), max_length=200)
    problem_statement = models.TextField(_("problem statement"), blank=True)
    current_phase = models.CharField(
        _("current phase"), max_length=10, choices=Phase.choices, default=Phase.ANALYSE
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PRIVATE,
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead commissioner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = CycleQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "pk"]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return self.title
