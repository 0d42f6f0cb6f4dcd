from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    """The top of the layers: pages that bring every feature together for a
    citizen or the public. Nothing imports it but the root URLs."""

    name = "participation"
    verbose_name = _("Taking part and public pages")
