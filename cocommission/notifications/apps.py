from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """E-mails to people: delivery once per event, choices, unsubscribe, digests.

    Feature apps call ``services.deliver`` and register what the core cannot
    know itself (whether an organisation may contact a person) in
    ``registry``."""

    name = "cocommission.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import personal_data

        personal_data.register()
