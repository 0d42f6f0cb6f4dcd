"""What the asset map holds about a person, for their copy of their data and for
erasure (registered with the core from ``AssetsConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cocommission.accounts import personal_data as pd

from .models import Pledge


def register() -> None:
    pd.register(
        Pledge,
        "pledger",
        key="pledges",
        title=_("What you offered"),
        columns=[
            ("organisation", _("Organisation"), "organisation.name"),
            ("offer", _("Your offer"), "offer"),
            ("hours_per_month", _("Hours a month"), "hours_per_month"),
            ("amount", _("Amount (£)"), "amount"),
            ("status", _("Status"), "get_status_display"),
            ("when", _("When"), "created_at"),
        ],
        # The hours still count in the resources picture, without the person.
        erase=pd.anonymise(pledged_by_name=pd.ERASED_NAME, offer=pd.ERASED_TEXT),
        related=("organisation",),
    )
