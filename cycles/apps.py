from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CyclesConfig(AppConfig):
    name = "cycles"
    verbose_name = _("Commissioning cycles")

    def ready(self) -> None:
        from governance import cycle_lookup

        from . import personal_data
        from .access import cycle_in

        personal_data.register()
        cycle_lookup.register(cycle_in)
