"""What a person tells us about taking part: experience, availability, access needs,
and how much they know and care about a cycle's topic."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Availability(models.TextChoices):
    WEEKDAY_DAYTIME = "weekday_daytime", _("Weekday daytimes")
    WEEKDAY_EVENING = "weekday_evening", _("Weekday evenings")
    WEEKEND = "weekend", _("Weekends")
    ONLINE = "online", _("Online meetings")


class AccessNeed(models.TextChoices):
    STEP_FREE = "step_free", _("Step-free venue")
    INTERPRETER = "interpreter", _("Interpreter (including British Sign Language)")
    LARGE_PRINT = "large_print", _("Large print papers")
    HEARING_LOOP = "hearing_loop", _("Hearing loop")
    EVENING_ONLY = "evening_only", _("Evening meetings only")
    CARER_COVER = "carer_cover", _("Help with the cost of care while I attend")


class Profile(models.Model):
    """Optional: every field may stay empty."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="participant_profile",
    )
    languages = models.CharField(
        _("languages you speak"),
        max_length=200,
        blank=True,
        help_text=_("For example: English, Polish, British Sign Language."),
    )
    lived_experience = models.ManyToManyField(
        "cycles.ServiceArea",
        verbose_name=_("services you have used or cared for someone using"),
        blank=True,
        related_name="+",
    )
    availability = models.JSONField(_("when you can take part"), default=list)
    access_needs = models.JSONField(_("what helps you take part"), default=list)
    access_needs_other = models.CharField(
        _("anything else that would help"), max_length=300, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return str(self.user)

    def get_availability_display(self) -> list[str]:
        return [str(Availability(v).label) for v in self.availability]

    def get_access_needs_display(self) -> list[str]:
        needs = [str(AccessNeed(v).label) for v in self.access_needs]
        if self.access_needs_other:
            needs.append(self.access_needs_other)
        return needs


#: A self-assessment of 4 or 5 counts as knowing or caring a lot.
HIGH = 4

#: The name of the built-in quota category computed from the ratings.
KNOW_CARE_CATEGORY = _("Who knows and who cares")


class KnowCareGroup(models.TextChoices):
    """The cells of the know / care grid, and people who gave no rating."""

    KNOW_AND_CARE = "know_and_care", _("Know and care")
    CARE = "care", _("Care, know less")
    KNOW = "know", _("Know, care less")
    NEITHER = "neither", _("Neither yet")
    NOT_RATED = "not_rated", _("Not rated")


class TopicInterest(models.Model):
    """How much a person knows and cares about a cycle's topic (1 to 5 each)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="topic_interests",
    )
    cycle = models.ForeignKey(
        "cycles.Cycle", on_delete=models.CASCADE, related_name="topic_interests"
    )
    knowledge = models.PositiveSmallIntegerField(
        _("how much you know about it"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    care = models.PositiveSmallIntegerField(
        _("how much you care about it"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "cycle"], name="one_interest_per_cycle"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.cycle}"

    @property
    def quadrant(self) -> str:
        """Which cell of the know / care grid the person sits in."""
        knows, cares = self.knowledge >= HIGH, self.care >= HIGH
        return {
            (True, True): "know_and_care",
            (False, True): "care",
            (True, False): "know",
            (False, False): "neither",
        }[(knows, cares)]
