"""Joint monitoring: contract monitoring meetings (meetings of the panel that
monitors the contract) and the issues citizens raise at them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .contract import Contract


class MonitoringMeeting(models.Model):
    """Marks a panel meeting as a monitoring meeting of one contract; the meeting
    itself (attendance, agenda, minutes, actions) lives with the panel."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="monitoring_meetings"
    )
    meeting = models.OneToOneField(
        "panels.Meeting", on_delete=models.CASCADE, related_name="monitoring"
    )

    class Meta:
        ordering = ["-meeting__starts_at", "-pk"]

    def __str__(self) -> str:
        return str(self.meeting)

    def get_absolute_url(self) -> str:
        return reverse(
            "contracts:meeting",
            kwargs={
                "org_slug": self.contract.cycle.organisation.slug,
                "pk": self.contract_id,
                "meeting_pk": self.pk,
            },
        )


class IssueStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


class MonitoringIssue(models.Model):
    """Something a citizen raised about the service, and what came of it."""

    monitoring_meeting = models.ForeignKey(
        MonitoringMeeting, on_delete=models.CASCADE, related_name="issues"
    )
    text = models.TextField(_("the issue"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty if raised on someone's behalf or the person left."),
    )
    response = models.TextField(_("the provider's or team's response"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=IssueStatus.choices,
        default=IssueStatus.OPEN,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["monitoring_meeting", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
