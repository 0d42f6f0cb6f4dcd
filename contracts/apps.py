from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = _("Providers and contracts")

    def ready(self) -> None:
        from . import checks, contributions, personal_data  # noqa: F401 - checks

        personal_data.register()
        contributions.register()
