"""Lists that admins keep: service areas and the activity catalogue."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

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

    def tasks_for(self, phase: str) -> CatalogueEntryQuerySet:
        """The traditional (IPC) commissioning tasks of a phase."""
        return self.active().filter(kind=CatalogueKind.IPC_TASK, phase=phase)


class CatalogueEntry(models.Model):
    """A starting point for an activity: a traditional task, a co-produced activity
    or an approach, from the IPC model and the Four Co's."""

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
                fields=["kind", "phase", "mode", "title"], name="unique_catalogue_entry"
            )
        ]

    def __str__(self) -> str:
        return self.title
