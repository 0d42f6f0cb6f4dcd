"""The activity catalogue's entry form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import FOUR_COS, CatalogueEntry, CatalogueKind, Mode
from .common import GovModelForm


class CatalogueEntryForm(GovModelForm):
    class Meta:
        model = CatalogueEntry
        fields = ["kind", "phase", "mode", "title", "description", "is_active"]
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {"required": _("Enter a title")},
            "kind": {"required": _("Choose what kind of entry this is")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A catalogue entry is either a traditional task (no mode) or a way of
        # working with citizens: "traditional" is a mode for activities only.
        self.fields["mode"].choices = [("", "---------")] + [
            (mode, Mode(mode).label) for mode in FOUR_COS
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, phase, mode = data.get("kind"), data.get("phase"), data.get("mode")
        if kind in {CatalogueKind.IPC_TASK, CatalogueKind.CO_PRODUCED} and not phase:
            self.add_error("phase", _("Choose the phase this belongs to"))
        if kind in {CatalogueKind.CO_PRODUCED, CatalogueKind.APPROACH} and not mode:
            self.add_error("mode", _("Choose how citizens take part"))
        if kind == CatalogueKind.IPC_TASK and mode:
            self.add_error("mode", _("A traditional task has no Four Co's mode"))
        return data
