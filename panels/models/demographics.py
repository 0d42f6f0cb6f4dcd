"""What an organisation asks about people, the population it compares against, and
each person's answers."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class DemographicCategoryQuerySet(models.QuerySet["DemographicCategory"]):
    def active(self) -> DemographicCategoryQuerySet:
        return self.filter(is_retired=False)


class DemographicCategory(models.Model):
    """A question such as age band or ward, configured by an organisation's admins."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="demographic_categories",
    )
    name = models.CharField(_("name"), max_length=100)
    question = models.CharField(
        _("question asked"),
        max_length=200,
        help_text=_("How the question reads on a citizen's profile."),
    )
    is_equalities = models.BooleanField(
        _("equalities data"),
        default=True,
        help_text=_(
            "Only asked of people who agree to share equalities data, and deleted "
            "at once if they withdraw."
        ),
    )
    position = models.PositiveSmallIntegerField(default=0)
    is_retired = models.BooleanField(_("retired"), default=False)

    objects = DemographicCategoryQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "position", "name"]
        verbose_name = _("demographic category")
        verbose_name_plural = _("demographic categories")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="category_name_unique_in_org"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CategoryValue(models.Model):
    """One answer to a category, with its share of the population in per cent."""

    category = models.ForeignKey(
        DemographicCategory, on_delete=models.CASCADE, related_name="values"
    )
    label = models.CharField(_("label"), max_length=100)
    population_share = models.DecimalField(
        _("share of the population (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["category", "position", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "label"], name="value_label_unique_in_category"
            )
        ]

    def __str__(self) -> str:
        return self.label


class ProfileAnswer(models.Model):
    """A person's answer to one category, or their choice not to say."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile_answers",
    )
    category = models.ForeignKey(
        DemographicCategory, on_delete=models.CASCADE, related_name="answers"
    )
    value = models.ForeignKey(
        CategoryValue, on_delete=models.CASCADE, null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "category"], name="one_answer_per_category"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.value or _('Prefer not to say')}"

    @property
    def declined(self) -> bool:
        return self.value_id is None
