"""Reports a person asked for, for their copy of their data (registered with the
core from ``ReportsConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cocommission.accounts import personal_data as pd

from .models import Report


def register() -> None:
    pd.register(
        Report,
        "requested_by",
        key="reports_requested",
        title=_("Reports you asked for"),
        owned=False,
        columns=[
            ("kind", _("Kind"), "get_kind_display"),
            ("organisation", _("Organisation"), "organisation.name"),
            ("when", _("When"), "created_at"),
        ],
        related=("organisation",),
    )
