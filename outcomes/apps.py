from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = _("Outcomes and public value")

    def ready(self) -> None:
        from . import contributions, personal_data

        personal_data.register()
        contributions.register()
