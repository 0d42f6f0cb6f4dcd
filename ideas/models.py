"""Needs and ideas citizens raise on a public cycle, in their own words, with the
supports and comments others give them.

Nothing a citizen writes is public until the team publishes it. Every moderated
row keeps its history (django-simple-history): when the team edits personal data
out before publishing, the words as first written stay in the history, which only
the team sees."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cocommission.organisations.models import STAFF_ROLES, Membership


class Kind(models.TextChoices):
    NEED = "need", _("A need")
    IDEA = "idea", _("An idea")


class IdeaStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for the team")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden")
    CLOSED = "closed", _("Closed")


class IdeaQuerySet(models.QuerySet["Idea"]):
    def published(self) -> IdeaQuerySet:
        """What anyone may read: published items of public cycles (a closed idea
        stays readable, with the reason it was closed)."""
        return self.filter(
            status__in=[IdeaStatus.PUBLISHED, IdeaStatus.CLOSED],
            cycle__visibility="public",
            was_published=True,
        )

    def for_team(self, user: Any) -> IdeaQuerySet:
        """Everything raised on the cycles of the user's commissioning teams."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        orgs = Membership.objects.filter(user=user, role__in=STAFF_ROLES).values(
            "organisation_id"
        )
        return self.filter(cycle__organisation_id__in=orgs)

    def with_support_count(self) -> IdeaQuerySet:
        return self.annotate(support_count=Count("supports", distinct=True))


class Idea(models.Model):
    """A need or an idea a citizen raised on a cycle."""

    cycle = models.ForeignKey(
        "cycles.Cycle", on_delete=models.CASCADE, related_name="raised"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas_raised",
    )
    kind = models.CharField(
        _("is it a need or an idea?"), max_length=10, choices=Kind.choices
    )
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("what you want to say"), max_length=3000)
    groups = models.CharField(_("the groups it concerns"), max_length=300, blank=True)
    anonymous = models.BooleanField(_("posted anonymously"), default=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=IdeaStatus.choices,
        default=IdeaStatus.WAITING,
    )
    #: Whether the team ever published it: a closed idea that never was stays
    #: out of public view.
    was_published = models.BooleanField(default=False)
    reason = models.TextField(_("reason"), blank=True, max_length=2000)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas_moderated",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    redacted = models.BooleanField(_("personal data edited out"), default=False)
    need = models.OneToOneField(
        "cycles.Need",
        verbose_name=_("the need it became"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="raised_by_citizen",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = IdeaQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["cycle", "status"], name="ideas_by_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def public_name(self) -> str:
        if self.anonymous or self.author is None:
            return str(_("Anonymous"))
        return self.author.display_name or str(_("A citizen"))

    @property
    def team_name(self) -> str:
        """Who raised it, for the team (anonymous posts included)."""
        if self.author is None:
            return str(_("Former participant"))
        return self.author.display_name or self.author.email


class Support(models.Model):
    """One person supports one published item; the constraint makes a second
    support from the same person impossible, however the requests race."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="idea_supports",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "user"], name="one_support_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} supports {self.idea_id}"


class CommentStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    REPORTED = "reported", _("Reported")
    HIDDEN = "hidden", _("Hidden")


class CommentQuerySet(models.QuerySet["Comment"]):
    def shown(self) -> CommentQuerySet:
        """Comments published on post; reported ones stay up until the team hides
        them."""
        return self.exclude(status=CommentStatus.HIDDEN)


class Comment(models.Model):
    """A comment on a published item, or a reply to one (one level only)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    # Comments are hidden, never deleted one by one; SET_NULL so a reply is not a
    # row "under" another person's comment in their copy of their data.
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="idea_comments",
    )
    body = models.TextField(_("your comment"), max_length=2000)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CommentStatus.choices,
        default=CommentStatus.PUBLISHED,
    )
    reason = models.TextField(_("reason"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:50]

    @property
    def author_name(self) -> str:
        if self.author is None:
            return str(_("Former participant"))
        return self.author.display_name or str(_("A citizen"))


class CommentReport(models.Model):
    """Someone says a comment is abusive, and why."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="comment_reports",
    )
    reason = models.TextField(_("what is wrong with it?"), max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"], name="one_report_per_person"
            )
        ]

    def __str__(self) -> str:
        return self.reason[:50]
