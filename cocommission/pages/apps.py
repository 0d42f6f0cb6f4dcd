from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "cocommission.pages"
    label = "pages"
    verbose_name = _("Pages")

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the checks
