"""Lists that admins keep: service areas and the activity catalogue."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cocommission.organisations.models import Organisation

from .choices import CatalogueKind, Mode, Phase


class ServiceArea(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("offered for new cycles"), default=True)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class CatalogueEntryQuerySet(models.QuerySet["CatalogueEntry"]):
    def active(self) -> CatalogueEntryQuerySet:
        return self.filter(is_active=True)

    def for_organisation(self, organisation: Organisation) -> CatalogueEntryQuerySet:
        """The shared entries and the organisation's own."""
        return self.filter(
            models.Q(organisation__isnull=True) | models.Q(organisation=organisation)
        )


class CatalogueEntry(models.Model):
    """A starting point for an activity: a traditional task, a co-produced activity
    or an approach, from the IPC model and the Four Co's."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="catalogue_entries",
        help_text=_("Empty for entries shared by every organisation."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CatalogueKind.choices)
    phase = models.CharField(
        _("phase"), max_length=10, choices=Phase.choices, blank=True
    )
    mode = models.CharField(
        _("Four Co's mode"), max_length=20, choices=Mode.choices, blank=True
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("offered"), default=True)

    objects = CatalogueEntryQuerySet.as_manager()

    class Meta:
        ordering = ["phase", "kind", "order", "title"]
        verbose_name_plural = _("catalogue entries")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "phase", "mode", "title"],
                condition=models.Q(organisation__isnull=True),
                name="unique_shared_catalogue_entry",
            ),
            models.UniqueConstraint(
                fields=["organisation", "kind", "phase", "mode", "title"],
                condition=models.Q(organisation__isnull=False),
                name="unique_own_catalogue_entry",
            ),
        ]

    def __str__(self) -> str:
        return self.title
