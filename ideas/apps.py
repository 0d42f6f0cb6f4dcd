from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "ideas"
    verbose_name = _("Needs and ideas citizens raise")

    def ready(self) -> None:
        from . import personal_data, rules  # noqa: F401

        personal_data.register()
