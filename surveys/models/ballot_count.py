"""Participatory budgeting outcomes, counted once per change of the votes.

Counting 100,000 votes by two rules takes far longer than a page may, so pages never
count: they show the stored ``BallotCount``. Every change that can alter the outcome
(a vote, an option, the settings, closing) moves the ballot's ``version`` on, which
makes the stored outcome stale, and queues one ``BallotRecount`` (a background job,
``cocommission.jobs``) unless one is already waiting: a thousand votes in a row
queue one recount, not a thousand.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cocommission.jobs import FileJob

from .ballot import Ballot


class BallotCount(models.Model):
    """A ballot's changes so far, and its outcome as last counted."""

    ballot = models.OneToOneField(
        Ballot, on_delete=models.CASCADE, primary_key=True, related_name="count"
    )
    #: Moves on with every change that can alter the outcome.
    version = models.PositiveIntegerField(default=0)
    #: Votes cast or changed so far.
    votes_changed = models.PositiveIntegerField(default=0)
    #: The ``version`` and ``votes_changed`` the stored outcome was counted at.
    counted_version = models.PositiveIntegerField(null=True, blank=True)
    counted_votes_changed = models.PositiveIntegerField(default=0)
    #: Votes per option and both rules' outcomes with their steps and ties
    #: (``surveys.ballot_counts``); empty until the first count.
    outcome = models.JSONField(null=True, blank=True, editable=False)
    computed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ballot count")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(counted_version__isnull=True)
                | models.Q(outcome__isnull=False, computed_at__isnull=False),
                name="a_counted_ballot_has_its_outcome",
            )
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id} v{self.version}"

    @property
    def is_current(self) -> bool:
        """Counted for exactly the votes and options there are now."""
        return self.counted_version == self.version

    @property
    def votes_since(self) -> int:
        return self.votes_changed - self.counted_votes_changed


class BallotRecount(FileJob):
    """One background count of a ballot (a job: status, progress, heartbeat)."""

    ballot = models.ForeignKey(
        Ballot, on_delete=models.CASCADE, related_name="recounts"
    )
    #: The ballot's ``version`` this run read, set when it starts counting.
    version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["ballot", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(version__isnull=False),
                name="a_done_recount_has_its_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id} – {self.get_status_display()}"
