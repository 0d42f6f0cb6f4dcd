"""A survey, its questions and their options."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltrans.fields import TranslationField
from simple_history.models import HistoricalRecords

from cocommission.organisations import fixed_words


class Audience(models.TextChoices):
    PUBLIC = "public", _("Anyone with the link")
    PANEL = "panel", _("Members of one panel (signed in)")
    CODES = (
        "codes",
        _("People given a single-use invitation code (on paper or by hand)"),
    )


class Layout(models.TextChoices):
    WHOLE = "whole", _("All questions on one page")
    ONE_PER_PAGE = "one_per_page", _("One question per page, with progress shown")


class Kind(models.TextChoices):
    SINGLE = "single", _("One choice")
    MULTIPLE = "multiple", _("Several choices")
    AGREEMENT = "agreement", _("Agreement scale")
    RATING = "rating", _("Rating from 1 to 5")
    NUMBER = "number", _("Number")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    AREA = "area", _("Ward or postcode district")
    MATRIX = "matrix", _("Several statements on one agreement scale")
    RANKING = "ranking", _("Put choices in order")


#: Kinds whose answers are one or more labels from a fixed list.
CHOICE_KINDS = {Kind.SINGLE, Kind.MULTIPLE, Kind.AGREEMENT, Kind.RATING, Kind.AREA}
TEXT_KINDS = {Kind.SHORT_TEXT, Kind.LONG_TEXT}

#: The fixed answer scales, stored in English whatever language they are shown
#: in; the words are the core's, so an organisation can write them in each of its
#: languages (``cocommission.organisations.fixed_words``).
AGREEMENT = list(fixed_words.AGREEMENT)
RATING = ["1", "2", "3", "4", "5"]
OTHER = fixed_words.OTHER
MAX_REMINDERS = 3


def new_token() -> str:
    return secrets.token_urlsafe(12)


class SurveyQuerySet(models.QuerySet["Survey"]):
    def of_organisation(self, organisation: Any) -> SurveyQuerySet:
        return self.filter(activity__cycle__organisation=organisation)

    def with_response_count(self) -> SurveyQuerySet:
        """Annotate the number of responses: those counted, summed from the sharded
        counters, and those stored but waiting to be counted."""
        from .response import SurveyCounter, UncountedResponse

        counted = (
            SurveyCounter.objects.filter(survey=models.OuterRef("pk"))
            .values("survey")
            .annotate(total=models.Sum("count"))
            .values("total")
        )
        waiting = (
            UncountedResponse.objects.filter(survey=models.OuterRef("pk"))
            .values("survey")
            .annotate(total=models.Count("pk"))
            .values("total")
        )
        return self.annotate(
            responses_annotated=Coalesce(models.Subquery(counted), models.Value(0))
            + Coalesce(models.Subquery(waiting), models.Value(0))
        )


class Survey(models.Model):
    activity = models.ForeignKey(
        "cycles.Activity",
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="surveys",
    )
    title = models.CharField(_("title"), max_length=200)
    welcome = models.TextField(
        _("welcome text"),
        blank=True,
        help_text=_("Why you ask, how long it takes, and what happens next."),
    )
    thank_you = models.TextField(
        _("thank-you text"),
        blank=True,
        help_text=_("Shown after someone answers: what happens to their answers."),
    )
    audience = models.CharField(
        _("who can answer"),
        max_length=10,
        choices=Audience.choices,
        default=Audience.PUBLIC,
    )
    panel = models.ForeignKey(
        "panels.Panel",
        verbose_name=_("panel"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="surveys",
    )
    is_anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_(
            "Answers are never linked to a person; times are kept to the day only."
        ),
    )
    layout = models.CharField(
        _("layout"), max_length=12, choices=Layout.choices, default=Layout.WHOLE
    )
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    target_responses = models.PositiveIntegerField(
        _("responses hoped for"), null=True, blank=True
    )
    reminders = models.PositiveSmallIntegerField(
        _("reminders"),
        default=0,
        validators=[MaxValueValidator(MAX_REMINDERS)],
        help_text=_(
            "How many times to remind people invited by e-mail who have not "
            "answered yet (at most 3). Nobody is reminded after answering or "
            "saying they want no more e-mails."
        ),
    )
    reminder_gap_days = models.PositiveSmallIntegerField(
        _("days between reminders"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Counted from the invitation, then from each reminder."),
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    results_published = models.BooleanField(default=False, editable=False)
    token = models.CharField(
        max_length=40, unique=True, default=new_token, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    #: The title, welcome and thanks in the organisation's other languages
    #: (``title_cy`` …), one JSON field (django-modeltrans).
    i18n = TranslationField(
        fields=("title", "welcome", "thank_you"), virtual_fields=False
    )

    #: The history keeps the English; the ``i18n`` field and the names
    #: django-modeltrans reads it through (``title_cy`` …) stay out of it.
    history = HistoricalRecords(
        excluded_fields=[
            "i18n",
            *(
                f"{field}_{suffix}"
                for field in ("title", "welcome", "thank_you")
                for suffix in ("i18n", *settings.MODELTRANS_AVAILABLE_LANGUAGES)
            ),
        ]
    )
    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "surveys:detail",
            kwargs={
                "org_slug": self.activity.cycle.organisation.slug,
                "pk": self.pk,
            },
        )

    def get_answer_url(self) -> str:
        return reverse("survey_answer", kwargs={"token": self.token})

    @property
    def response_count(self) -> int:
        """How many responses: annotated by ``with_response_count``, else summed."""
        annotated = getattr(self, "responses_annotated", None)
        if annotated is not None:
            return int(annotated)
        if self.pk is None:
            return 0
        return Survey.objects.with_response_count().get(pk=self.pk).response_count

    @property
    def response_count_shown(self) -> str:
        """The number of responses under the disclosure rule."""
        from cocommission.disclosure import shown

        return shown(self.response_count)

    @property
    def is_draft(self) -> bool:
        return self.published_at is None

    def is_open(self, now: object = None) -> bool:
        now = now or timezone.now()
        return (
            self.published_at is not None
            and self.closed_at is None
            and (self.opens_at is None or self.opens_at <= now)  # type: ignore[operator]
            and (self.closes_at is None or now < self.closes_at)  # type: ignore[operator]
        )

    @property
    def state(self) -> str:
        if self.is_draft:
            return "draft"
        if self.is_open():
            return "open"
        if self.closed_at is None and self.opens_at and timezone.now() < self.opens_at:
            return "scheduled"
        return "closed"


class Question(models.Model):
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind of question"), max_length=12, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("hint"), max_length=300, blank=True)
    required = models.BooleanField(_("an answer is needed"), default=False)
    options = models.JSONField(_("choices"), default=list, blank=True)
    allow_other = models.BooleanField(
        _("offer ‘Other’ with a box to say what"), default=False
    )
    max_choices = models.PositiveSmallIntegerField(
        _("most choices allowed"),
        null=True,
        blank=True,
        help_text=_(
            "For ‘several choices’, how many people may tick; for ‘put choices in "
            "order’, how many places they fill (empty: all of them)."
        ),
    )
    min_value = models.DecimalField(
        _("smallest number allowed"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    max_value = models.DecimalField(
        _("largest number allowed"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    show_if_question = models.ForeignKey(
        "self",
        verbose_name=_("only ask if the answer to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    show_if_answer = models.CharField(_("was"), max_length=200, blank=True)
    #: The question, hint and choices (a list in the order of ``options``) in the
    #: organisation's other languages. Answers keep the English choice, so every
    #: language's answers count together.
    i18n = TranslationField(
        fields=("text", "help_text", "options"), virtual_fields=False
    )

    class Meta:
        ordering = ["survey", "position", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def field_name(self) -> str:
        return f"q{self.pk}"

    @property
    def rows(self) -> list[str]:
        """The statements of a matrix question."""
        return [str(o) for o in self.options] if self.kind == Kind.MATRIX else []

    @property
    def places(self) -> int:
        """How many places a ranking question asks people to fill."""
        if self.kind != Kind.RANKING:
            return 0
        return min(self.max_choices or len(self.options), len(self.options))

    def plain_language_hints(self) -> list[str]:
        from ..plain_language import hints

        return hints(
            f"{self.text} {self.help_text}",
            agreement=self.kind in {Kind.AGREEMENT, Kind.RATING},
        )

    def choices(self, areas: list[str] | None = None) -> list[str]:
        """The labels someone can choose from, in order."""
        if self.kind in (Kind.AGREEMENT, Kind.MATRIX):
            return list(AGREEMENT)
        if self.kind == Kind.RATING:
            return list(RATING)
        if self.kind == Kind.AREA:
            return list(areas or [])
        labels = [str(o) for o in self.options]
        if self.allow_other:
            labels.append(OTHER)
        return labels
