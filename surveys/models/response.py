"""Responses, who has taken part, and the running tallies the results read."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .survey import Question, Survey


class Channel(models.TextChoices):
    """How a response reached the service: people's own answers come online; the
    team enters the others from paper forms, phone calls and events."""

    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper form")
    PHONE = "phone", _("Phone call")
    EVENT = "event", _("At an event")


class Response(models.Model):
    """One person's answers. The key is random, and for anonymous surveys nothing
    links it to a person: not a user, not an exact time, not an order."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses"
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Only for surveys that are not anonymous.",
    )
    answers = models.JSONField(default=dict)
    submitted_on = models.DateField()
    submission_key = models.UUIDField()
    ip_hash = models.CharField(max_length=64, blank=True)
    #: The database fills it in too, for the one-statement store of visitors'
    #: answers (``submission``), which names no channel.
    channel = models.CharField(
        max_length=10,
        choices=Channel.choices,
        default=Channel.ONLINE,
        db_default=Channel.ONLINE,
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The team member who typed it in from paper, a call or an event.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "submission_key"], name="one_response_per_key"
            ),
            models.UniqueConstraint(
                fields=["survey", "respondent"],
                condition=models.Q(respondent__isnull=False),
                name="one_response_per_respondent",
            ),
        ]
        indexes = [
            # The free-text answers page walks a survey's responses newest first,
            # a page at a time from the last one seen (surveys.results.text_answers).
            models.Index(
                fields=["survey", "-submitted_on", "-id"], name="response_newest_first"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} – {self.submitted_on}"


class UncountedResponse(models.Model):
    """The outbox of responses stored but not yet added to the tallies. A response
    and its row here are written together; counting adds a batch to the tallies
    and deletes its rows in one transaction, so each response is counted exactly
    once and none is lost. Nothing here says who answered or when."""

    response = models.OneToOneField(
        Response, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"{self.response_id} (not counted yet)"


class Participation(models.Model):
    """That a signed-in person has answered (so they cannot answer twice), kept
    apart from what they answered."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="participations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="survey_participations",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"], name="one_participation_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.survey}"


#: Each count is split over this many rows, and a response adds to one of them
#: at random, so parallel responses rarely wait for each other's row locks.
SHARDS = 16


class Tally(models.Model):
    """A running count for one answer to one question, kept in step with the
    responses by counting the outbox (``UncountedResponse``) in batches. ``total``
    sums numbers. Results add up the shards."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="tallies"
    )
    key = models.CharField(max_length=200)
    shard = models.PositiveSmallIntegerField(default=0)
    count = models.PositiveIntegerField(default=0)
    total = models.DecimalField(max_digits=16, decimal_places=2, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["question", "key", "shard"], name="one_tally_per_answer_shard"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.key} = {self.count}"


class InvitationCode(models.Model):
    """A single-use code for one response. Only a keyed hash is stored: the codes
    themselves are shown once, to print."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="invitation_codes"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    batch = models.PositiveSmallIntegerField(default=1)
    used = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["batch", "pk"]

    def __str__(self) -> str:
        return f"{self.survey} – batch {self.batch}"


class SurveyCounter(models.Model):
    """How many responses a survey has, in shards like the tallies."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="counters"
    )
    shard = models.PositiveSmallIntegerField(default=0)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "shard"], name="one_counter_per_shard"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey}: {self.count}"


class Draft(models.Model):
    """Answers so far, for a signed-in person answering one question per page, so
    they can stop and come back. Deleted when the response is sent."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="drafts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    answers = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "user"], name="one_draft_each")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.survey}"


class Quote(models.Model):
    """A free-text answer chosen for publishing, edited by the team to take out
    names and other personal details. Raw answers are never published."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="quotes"
    )
    text = models.TextField()
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["question", "created_at"]

    def __str__(self) -> str:
        return self.text[:60]
