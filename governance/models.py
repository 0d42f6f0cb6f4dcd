"""Governance principles, their assessment questions, the Co-production Charter and
how each cycle honoured the principles.

These models began in the outcomes app; their tables keep the names they had there
(``db_table`` below), so moving them moved no data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltrans.fields import TranslationField
from simple_history.models import HistoricalRecords

from cocommission.organisations.models import Organisation


def _english_only(*fields: str) -> list[str]:
    """What a history leaves out so that it keeps the English: the ``i18n``
    field and the names django-modeltrans reads it through (``name_cy`` …)."""
    return [
        "i18n",
        *(
            f"{field}_{suffix}"
            for field in fields
            for suffix in ("i18n", *settings.MODELTRANS_AVAILABLE_LANGUAGES)
        ),
    ]


class GovernancePrincipleQuerySet(models.QuerySet["GovernancePrinciple"]):
    def in_use(self) -> GovernancePrincipleQuerySet:
        return self.filter(is_retired=False)


class GovernancePrinciple(models.Model):
    """A principle every cycle of the organisation is held to ("the ends do not
    justify the means")."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="principles"
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    order = models.PositiveSmallIntegerField(default=0)
    is_retired = models.BooleanField(_("retired"), default=False)
    #: The name and description in the organisation's other languages
    #: (``name_cy`` …), one JSON field (django-modeltrans).
    i18n = TranslationField(fields=("name", "description"), virtual_fields=False)

    history = HistoricalRecords(
        table_name="outcomes_historicalgovernanceprinciple",
        excluded_fields=_english_only("name", "description"),
    )
    objects = GovernancePrincipleQuerySet.as_manager()

    class Meta:
        db_table = "outcomes_governanceprinciple"
        ordering = ["organisation", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="unique_principle_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CriterionScale(models.TextChoices):
    ONE_TO_FIVE = "1-5", _("A rating from 1 (poor) to 5 (excellent)")
    YES_NO = "yes-no", _("Yes or no")


class PrincipleCriterion(models.Model):
    """A question that assesses how well a cycle honours a principle."""

    principle = models.ForeignKey(
        GovernancePrinciple, on_delete=models.CASCADE, related_name="criteria"
    )
    question = models.CharField(_("question"), max_length=300)
    scale = models.CharField(
        _("answer scale"),
        max_length=10,
        choices=CriterionScale.choices,
        default=CriterionScale.ONE_TO_FIVE,
    )
    order = models.PositiveSmallIntegerField(default=0)
    #: The question in the organisation's other languages (``question_cy`` …).
    i18n = TranslationField(fields=("question",), virtual_fields=False)

    history = HistoricalRecords(
        table_name="outcomes_historicalprinciplecriterion",
        excluded_fields=_english_only("question"),
    )

    class Meta:
        db_table = "outcomes_principlecriterion"
        ordering = ["principle", "order", "pk"]

    def __str__(self) -> str:
        return self.question


class CharterQuerySet(models.QuerySet["Charter"]):
    def latest_for(self, organisation: Organisation) -> Charter | None:
        return self.filter(organisation=organisation).order_by("-version").first()


class Charter(models.Model):
    """One version of an organisation's Co-production Charter: the shared standards
    between experts by experience and experts by profession. A version's English
    never changes; a new text is a new version. Its translations (``i18n``) can be
    written and corrected afterwards without making a new version."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="charters"
    )
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("charter text"))
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    #: The text in the organisation's other languages (``text_cy`` …).
    i18n = TranslationField(fields=("text",), virtual_fields=False)

    objects = CharterQuerySet.as_manager()

    class Meta:
        db_table = "outcomes_charter"
        ordering = ["organisation", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "version"], name="one_charter_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} charter v{self.version}"


class CharterSignature(models.Model):
    charter = models.ForeignKey(
        Charter, on_delete=models.CASCADE, related_name="signatures"
    )
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="charter_signatures"
    )
    role = models.CharField(_("role when signing"), max_length=20)
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "outcomes_chartersignature"
        ordering = ["charter", "signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["charter", "user"], name="one_signature_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} signed {self.charter}"


class Perspective(models.TextChoices):
    TEAM = "team", _("Self-assessment by the commissioning team")
    CITIZEN = "citizen", _("Co-assessment by citizens")


class GovernanceAssessment(models.Model):
    """One person's assessment of how a cycle honoured one principle."""

    cycle = models.ForeignKey(
        "cycles.Cycle", on_delete=models.CASCADE, related_name="governance_assessments"
    )
    principle = models.ForeignKey(
        GovernancePrinciple, on_delete=models.CASCADE, related_name="assessments"
    )
    assessor = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="governance_assessments",
        help_text=_("Empty once the person erased their account; the score stays."),
    )
    perspective = models.CharField(max_length=10, choices=Perspective.choices)
    answers = models.JSONField(_("answers"), default=dict)
    score = models.DecimalField(_("score out of 5"), max_digits=3, decimal_places=2)
    evidence = models.TextField(_("evidence"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(table_name="outcomes_historicalgovernanceassessment")

    class Meta:
        db_table = "outcomes_governanceassessment"
        ordering = ["cycle", "principle", "perspective"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "principle", "assessor"], name="one_assessment_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.principle} – {self.cycle} ({self.get_perspective_display()})"
