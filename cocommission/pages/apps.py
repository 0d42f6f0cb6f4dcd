from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "cocommission.pages"
    label = "pages"
    verbose_name = _("Pages")

    def ready(self) -> None:
        from django.urls import register_converter

        from cocommission.converters import IdConverter

        from . import checks  # noqa: F401 - registers the checks

        # Here rather than in a URLconf: every app's urls.py uses <id:...>, and
        # ready() runs before any of them is imported.
        register_converter(IdConverter, "id")
