"""Webhook endpoints, the deliveries queued to them and each attempt made."""

from __future__ import annotations

import uuid

from django.db import connections, models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    DECISION_PUBLISHED = "decision.published", _("A decision is published")
    SURVEY_OPENED = "survey.opened", _("A survey opens")
    SURVEY_CLOSED = "survey.closed", _("A survey closes")
    REPORT_READY = "report.ready", _("A report is ready")
    PROVIDER_RETURN_SENT = "provider_return.sent", _("A provider sends a return")
    REVIEW_DUE = "review.due", _("A contract is due for review")


class EndpointQuerySet(models.QuerySet["Endpoint"]):
    def listening(self, organisation_id: int, event: str) -> EndpointQuerySet:
        """The organisation's endpoints, not paused, that asked for ``event``.
        SQLite (the demo) has no JSON containment: there the few endpoints of
        one organisation are read and picked here."""
        mine = self.filter(organisation_id=organisation_id, paused_at__isnull=True)
        if connections[self.db].features.supports_json_field_contains:
            return mine.filter(events__contains=[event])
        wanted = [
            pk for pk, events in mine.values_list("pk", "events") if event in events
        ]
        return mine.filter(pk__in=wanted)


class Endpoint(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
    )
    url = models.URLField(
        _("address (URL)"),
        max_length=500,
        help_text=_(
            "An https address on the internet, for example "
            "https://data.example.org/cocommission."
        ),
    )
    description = models.CharField(_("what it is for"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list)
    # Kept as it is: signing needs it. Shown once, when made or regenerated.
    secret = models.CharField(max_length=80, editable=False)
    failures_in_a_row = models.PositiveIntegerField(default=0)
    paused_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EndpointQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "url", "pk"]

    def __str__(self) -> str:
        return self.url

    def event_labels(self) -> list[str]:
        return [str(Event(e).label) for e in self.events if e in Event.values]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    RETRYING = "retrying", _("Failed, trying again")
    SUCCEEDED = "succeeded", _("Delivered")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """One event for one endpoint; the body is kept so it can be sent again."""

    endpoint = models.ForeignKey(
        Endpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event_id = models.UUIDField(default=uuid.uuid4, editable=False)
    event = models.CharField(max_length=40, choices=Event.choices)
    # Stops an event raised again (a nightly check) from being sent twice.
    key = models.CharField(max_length=200, blank=True, editable=False)
    body = models.TextField()
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "key"],
                condition=~models.Q(key=""),
                name="one_delivery_per_event_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint}"


class Attempt(models.Model):
    """One try at sending a delivery: what came back, or what went wrong."""

    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="attempts"
    )
    at = models.DateTimeField(auto_now_add=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    response_excerpt = models.CharField(max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.delivery}: {self.status_code or self.error}"
