"""What the asset map holds about a person, for their copy of their data and for
erasure (registered with the core from ``AssetsConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cocommission.accounts import personal_data as pd

from .models import AssetSuggestion, Pledge


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
    pd.register(
        AssetSuggestion,
        "suggested_by",
        key="asset_suggestions",
        title=_("Assets you suggested"),
        columns=[
            ("organisation", _("Organisation"), "organisation.name"),
            ("name", _("Name"), "name"),
            ("what", _("What it is"), "what"),
            ("where", _("Where"), "where"),
            ("holder", _("Who holds it"), "holder"),
            ("status", _("Status"), "get_status_display"),
            ("reason", _("Why it was not added"), "reason"),
            ("when", _("When"), "created_at"),
        ],
        # A suggestion is the person's own words: it goes with their account (an
        # approved one lives on as the asset the team wrote from it).
        related=("organisation",),
    )
    pd.exclude(
        AssetSuggestion,
        "decided_by",
        reason="the team member who decided, kept for the organisation's record",
    )
