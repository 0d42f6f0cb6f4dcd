from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PanelsConfig(AppConfig):
    name = "panels"
    verbose_name = _("Citizens and panels")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cocommission.notifications.registry import register_contact_check

        from . import contributions, personal_data
        from .notifications import consent_to_contact

        personal_data.register()
        contributions.register()
        register_contact_check(consent_to_contact)
