from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The JSON API (``/api/v1/``): on top of every app, beside the public pages,
    whose queries it reuses so both disclose the same things."""

    name = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from . import personal_data

        personal_data.register()
