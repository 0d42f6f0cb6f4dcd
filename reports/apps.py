from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from cocommission import jobs

        from . import personal_data
        from .models import Report
        from .tasks import make_report

        personal_data.register()
        jobs.register(model=Report, task=make_report)
