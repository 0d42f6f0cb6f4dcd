from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssetsConfig(AppConfig):
    name = "assets"
    verbose_name = _("Community assets and resources")

    def ready(self) -> None:
        from . import personal_data

        personal_data.register()
