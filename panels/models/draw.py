"""A draw asked for on the selection form and run in the background: LEXIMIN
for a thousand volunteers takes longer than a request may wait."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cocommission.jobs import UNFINISHED, FileJob

from .panel import Panel, Selection, SelectionMethod


class PanelDraw(FileJob):
    """What the form asked for (kept, so a failed draw gives the form back as it
    was typed) and, once done, the draw it recorded."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="draws")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    size = models.PositiveSmallIntegerField(_("seats to fill"))
    seed = models.BigIntegerField(_("random seed"), null=True, blank=True)
    method = models.CharField(
        _("method"), max_length=20, choices=SelectionMethod.choices
    )
    selection = models.ForeignKey(
        Selection, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Two draws of one panel at once could both offer the same free seats.
            models.UniqueConstraint(
                fields=["panel"],
                condition=models.Q(status__in=UNFINISHED),
                name="one_draw_at_a_time_per_panel",
            )
        ]

    def __str__(self) -> str:
        return f"{self.panel} – {self.created_at:%Y-%m-%d %H:%M}"
