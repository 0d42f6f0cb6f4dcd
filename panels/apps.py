from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PanelsConfig(AppConfig):
    name = "panels"
    verbose_name = _("Citizens and panels")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import contributions, personal_data

        personal_data.register()
        contributions.register()
