from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.contrib.auth import get_user_model
from django.db.models.signals import pre_delete
from django.utils.translation import gettext_lazy as _


class PanelsConfig(AppConfig):
    name = "panels"
    verbose_name = _("Citizens and panels")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cocommission import jobs
        from cocommission.notifications.registry import register_contact_check

        from . import contributions, personal_data
        from .models import PanelDraw
        from .notifications import consent_to_contact
        from .tasks import draw_panel

        personal_data.register()
        contributions.register()
        register_contact_check(consent_to_contact)
        jobs.register(model=PanelDraw, task=draw_panel)
        pre_delete.connect(
            _forget_in_draws, sender=get_user_model(), dispatch_uid="panels-draws"
        )


def _forget_in_draws(sender: Any, instance: Any, **kwargs: Any) -> None:
    """An account being erased (or deleted) leaves no id in any draw's snapshot;
    the answers stay at their place, so each draw still repeats exactly."""
    from .services.draw import draw_snapshots_forget_person

    draw_snapshots_forget_person(user_id=instance.pk)
