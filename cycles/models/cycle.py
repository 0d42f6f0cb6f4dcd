"""A cycle: one run of Analyse, Plan, Do, Review for a service area or problem."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltrans.fields import TranslationField
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME
from simple_history.models import HistoricalRecords

from cocommission.organisations.models import STAFF_ROLES, Membership, Organisation

from .catalogue import ServiceArea
from .choices import Level, Phase, Status, Visibility

#: What the team writes that the public cycle pages show.
TRANSLATED_FIELDS = ("title", "problem_statement", "population_served")


def translation_names(fields: tuple[str, ...]) -> list[str]:
    """``i18n`` and the names django-modeltrans reads it through, for a history
    that keeps the English only."""
    return [
        "i18n",
        *(
            f"{field}_{suffix}"
            for field in fields
            for suffix in ("i18n", *settings.MODELTRANS_AVAILABLE_LANGUAGES)
        ),
    ]


class EnglishHistory(HistoricalRecords):
    """A history that keeps the English only (pass ``translation_names`` as
    excluded fields). An old record's ``instance`` is built from what the history
    holds: fetching the translations back, as simple-history does for excluded
    fields, would hand both ``title`` and ``title_i18n`` to the model, which
    django-modeltrans refuses."""

    def get_extra_fields(self, model: Any, fields: Any) -> dict[str, Any]:
        extra: dict[str, Any] = super().get_extra_fields(model, fields)

        def get_instance(record: Any) -> Any:
            attrs = {f.attname: getattr(record, f.attname) for f in fields.values()}
            result = model(**attrs)
            setattr(result, SIMPLE_HISTORY_REVERSE_ATTR_NAME, record)
            return result

        extra["instance"] = property(get_instance)
        return extra


class CycleQuerySet(models.QuerySet["Cycle"]):
    def for_user(self, user: Any) -> CycleQuerySet:
        """Cycles the user may see: all of their commissioning teams' cycles, and
        public cycles of any organisation."""
        public = Q(visibility=Visibility.PUBLIC)
        if not getattr(user, "is_authenticated", False):
            return self.filter(public)
        staff_orgs = Membership.objects.filter(user=user, role__in=STAFF_ROLES).values(
            "organisation_id"
        )
        return self.filter(public | Q(organisation_id__in=staff_orgs))

    def for_team(self, user: Any) -> CycleQuerySet:
        """Cycles whose working pages the user may open: their teams' cycles only."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        staff_orgs = Membership.objects.filter(user=user, role__in=STAFF_ROLES).values(
            "organisation_id"
        )
        return self.filter(organisation_id__in=staff_orgs)

    def active(self) -> CycleQuerySet:
        return self.filter(status=Status.ACTIVE)

    def with_current_phase(self) -> CycleQuerySet:
        """Annotate ``current_phase`` from the phase row marked current, and
        ``current_phase_since``, the date it actually started."""
        current = CyclePhase.objects.filter(cycle=OuterRef("pk"), is_current=True)
        return self.annotate(
            current_phase=Subquery(current.values("phase")[:1]),
            current_phase_since=Subquery(current.values("actual_start")[:1]),
        )

    def in_phase(self, phase: str) -> CycleQuerySet:
        return self.filter(phases__is_current=True, phases__phase=phase)

    def search(self, text: str) -> CycleQuerySet:
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(title__icontains=text) | Q(problem_statement__icontains=text)
        )


class Cycle(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="cycles"
    )
    title = models.CharField(_("title"), max_length=200)
    service_area = models.ForeignKey(
        ServiceArea,
        verbose_name=_("service area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cycles",
    )
    problem_statement = models.TextField(
        _("problem statement"),
        blank=True,
        help_text=_("What needs to change, in words a resident would use."),
    )
    level = models.CharField(
        _("level"), max_length=10, choices=Level.choices, default=Level.MACRO
    )
    population_served = models.CharField(
        _("who the service is for"),
        max_length=300,
        blank=True,
        help_text=_("For example: about 4,000 adults with a serious mental illness."),
    )
    budget_envelope = models.DecimalField(
        _("budget envelope (£)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PRIVATE,
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead commissioner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("team"),
        blank=True,
        related_name="cycle_teams",
    )
    predecessor = models.ForeignKey(
        "self",
        verbose_name=_("previous cycle"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
    )
    lessons = models.TextField(
        _("lessons"),
        blank=True,
        help_text=_("What this cycle taught you, to carry into the next one."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    #: What the public cycle pages show, in the organisation's other languages
    #: (``title_cy`` …), one JSON field (django-modeltrans).
    i18n = TranslationField(fields=TRANSLATED_FIELDS, virtual_fields=False)

    #: The history keeps the English; the ``i18n`` field and the names
    #: django-modeltrans reads it through (``title_cy`` …) stay out of it.
    history = EnglishHistory(
        excluded_fields=["updated_at", *translation_names(TRANSLATED_FIELDS)]
    )
    objects = CycleQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "pk"]
        indexes = [models.Index(fields=["organisation", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="cycle_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "cycles:detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk}
        )

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {
                    "end_date": _(
                        "The end date must be the same as or after the start date"
                    )
                }
            )


class CyclePhase(models.Model):
    """One of the four phases of a cycle; exactly one is current."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="phases")
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices)
    order = models.PositiveSmallIntegerField()
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("started"), null=True, blank=True)
    actual_end = models.DateField(_("finished"), null=True, blank=True)
    is_current = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["cycle", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "phase"], name="one_row_per_phase"
            ),
            models.UniqueConstraint(
                fields=["cycle"],
                condition=Q(is_current=True),
                name="one_current_phase_per_cycle",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} – {self.get_phase_display()}"
