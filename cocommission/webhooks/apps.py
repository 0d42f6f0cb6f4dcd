from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    """Signed HTTP callbacks to an organisation's own systems.

    Feature apps call ``events.emit`` where something happens; the core keeps
    the endpoints, signs, delivers, retries and logs."""

    name = "cocommission.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import rules  # noqa: F401 - registers the permission
