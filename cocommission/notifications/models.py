"""A person's e-mail choices, and the record of each e-mail sent.

Moved from panels without moving data: the tables keep their old names."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationSettings(models.Model):
    """Which e-mails a person wants; all on until they say otherwise. E-mails also
    need their consent to be contacted by the organisation."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_settings",
    )
    invitations = models.BooleanField(_("Invitations to panels"), default=True)
    meeting_reminders = models.BooleanField(
        _("Reminders the day before a meeting"), default=True
    )
    decisions = models.BooleanField(_("Decisions in work I took part in"), default=True)
    surveys = models.BooleanField(
        _("Surveys opening and closing in work I take part in"), default=True
    )
    reports = models.BooleanField(
        _("My reports are ready (commissioning teams)"), default=True
    )
    review_dates = models.BooleanField(
        _("Contracts coming up for review (commissioning teams)"), default=True
    )
    weekly_digest = models.BooleanField(
        _("Send me one e-mail a week with everything, instead of each one"),
        default=False,
    )

    class Meta:
        db_table = "panels_notificationsettings"

    def __str__(self) -> str:
        return str(self.user)


class Notice(models.Model):
    """One e-mail about one event to one person: recorded so it is never sent
    twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=100)
    sent_at = models.DateTimeField(auto_now_add=True)
    #: Waiting for the person's weekly digest: the subject and text to list.
    in_digest = models.BooleanField(default=False)
    subject = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True)

    class Meta:
        db_table = "panels_notice"
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_notice_per_event")
        ]

    def __str__(self) -> str:
        return self.key
