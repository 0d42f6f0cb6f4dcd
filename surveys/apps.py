from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Surveys")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cocommission import jobs

        from . import (
            answer_cache,  # noqa: F401 - connects its signals
            personal_data,
        )
        from .models import BallotImport, BallotRecount, Export
        from .tasks import build_export, count_ballot, import_ballot

        personal_data.register()
        jobs.register(model=Export, task=build_export)
        jobs.register(model=BallotImport, task=import_ballot)
        jobs.register(model=BallotRecount, task=count_ballot)
