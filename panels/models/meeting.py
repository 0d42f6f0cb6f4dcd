"""Panel meetings (who came, whether their access needs were met, what was agreed)
and the hours citizens give."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .panel import Panel


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def upcoming(self) -> MeetingQuerySet:
        return self.filter(starts_at__gte=timezone.now()).order_by("starts_at")

    def past(self) -> MeetingQuerySet:
        return self.filter(starts_at__lt=timezone.now()).order_by("-starts_at")


class Meeting(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    duration_hours = models.DecimalField(
        _("length (hours)"),
        max_digits=4,
        decimal_places=1,
        default=2,
        validators=[MinValueValidator(0)],
        help_text=_("Counts as citizens' time for everyone who attends."),
    )
    place = models.CharField(
        _("place"),
        max_length=300,
        blank=True,
        help_text=_("Address, or how to join online."),
    )
    is_online = models.BooleanField(_("online"), default=False)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.ManyToManyField(
        "cycles.Decision",
        verbose_name=_("decisions it fed into"),
        blank=True,
        related_name="meetings",
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    #: The iCalendar SEQUENCE: one more each time the time, place or title
    #: changes or the meeting is cancelled, so calendar apps take the new version.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[decisions])
    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "panels:meeting",
            kwargs={
                "org_slug": self.panel.organisation.slug,
                "pk": self.panel_id,
                "meeting_pk": self.pk,
            },
        )

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(hours=float(self.duration_hours))


class NeedsMet(models.TextChoices):
    NOT_NEEDED = "not_needed", _("None asked for")
    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")


class Attendance(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        help_text=_("Empty once the person erased their account; the count stays."),
    )
    attended = models.BooleanField(_("attended"), default=True)
    access_needs_met = models.CharField(
        _("access needs"),
        max_length=12,
        choices=NeedsMet.choices,
        default=NeedsMet.NOT_NEEDED,
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=models.Q(user__isnull=False),
                name="one_attendance_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.meeting}"


class MeetingAction(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="actions"
    )
    description = models.CharField(_("action"), max_length=300)
    owner = models.CharField(_("who will do it"), max_length=200)
    due_on = models.DateField(_("due"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["done", "due_on", "pk"]

    def __str__(self) -> str:
        return self.description

    @property
    def is_overdue(self) -> bool:
        return bool(
            not self.done and self.due_on and self.due_on < timezone.localdate()
        )


class ContributionKind(models.TextChoices):
    VOLUNTEERING = "volunteering", _("Volunteering")
    PEER_SUPPORT = "peer_support", _("Peer support")
    INSPECTION = "inspection", _("Service inspection or visit")
    TRAINING = "training", _("Training others")
    OTHER = "other", _("Other co-delivery")


class Contribution(models.Model):
    """Hours a citizen gives to deliver or check a service (co-delivery)."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    cycle = models.ForeignKey(
        "cycles.Cycle",
        verbose_name=_("cycle"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
    )
    panel = models.ForeignKey(
        Panel,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="contributions",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ContributionKind.choices)
    hours = models.DecimalField(
        _("hours"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(0)],
    )
    given_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.hours} h {self.get_kind_display()}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A person's secret calendar address: calendar apps cannot sign in, so the
    token in the address stands for the person. A new token ends the old one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.CharField(
        max_length=64, unique=True, default=new_feed_token, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"calendar feed of {self.user_id}"
