"""The decision log: who decided what, why, and on which citizen input."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .activity import Activity
from .choices import DecisionKind, Phase
from .cycle import Cycle


class DecisionQuerySet(models.QuerySet["Decision"]):
    def published(self) -> DecisionQuerySet:
        return self.filter(is_published=True)

    def current(self) -> DecisionQuerySet:
        """Decisions not superseded by a later one."""
        return self.filter(superseded_by__isnull=True)


class Decision(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="decisions")
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices)
    kind = models.CharField(
        _("kind of decision"),
        max_length=20,
        choices=DecisionKind.choices,
        default=DecisionKind.OTHER,
    )
    title = models.CharField(_("title"), max_length=200)
    decided = models.TextField(_("what was decided"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by (person)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions_made",
    )
    decided_by_body = models.CharField(
        _("decided by (board or panel)"),
        max_length=200,
        blank=True,
        help_text=_("For example: the Health and Wellbeing Board."),
    )
    decided_on = models.DateField(_("date decided"))
    rationale = models.TextField(_("why"), blank=True)
    citizen_input = models.ManyToManyField(
        Activity,
        verbose_name=_("citizen input it drew on"),
        blank=True,
        related_name="decisions",
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[citizen_input])
    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decided_by__isnull=False)
                | ~models.Q(decided_by_body=""),
                name="decision_has_a_decider",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def public_decider(self) -> str:
        """Who decided, for public pages: a name or a body, never an e-mail address."""
        name = self.decided_by.display_name if self.decided_by is not None else ""
        parts = [p for p in (name, self.decided_by_body) if p]
        return ", ".join(parts) or str(_("a decision maker"))

    @property
    def decider(self) -> str:
        if self.decided_by_id and self.decided_by_body:
            return f"{self.decided_by} ({self.decided_by_body})"
        return str(self.decided_by) if self.decided_by_id else self.decided_by_body
