"""What outcomes and governance hold about a person, for their copy of their
data and for erasure (registered with the core from ``OutcomesConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cocommission.accounts import personal_data as pd

from .models import (
    Charter,
    CharterSignature,
    GovernanceAssessment,
    Indicator,
    Measurement,
)


def register() -> None:
    pd.register(
        GovernanceAssessment,
        "assessor",
        key="governance_assessments",
        title=_("How you rated the way work is done"),
        columns=[
            ("cycle", _("Work"), "cycle.title"),
            ("principle", _("Principle"), "principle.name"),
            ("score", _("Score (of 5)"), "score"),
            ("answers", _("Your answers"), "answers"),
            ("evidence", _("Why"), "evidence"),
        ],
        # The score stays, unlinked, in the organisation's averages.
        erase=pd.anonymise(evidence=""),
        related=("cycle", "principle"),
    )
    pd.register(
        CharterSignature,
        "user",
        key="charter_signatures",
        title=_("Charters you signed"),
        columns=[
            ("organisation", _("Organisation"), "charter.organisation.name"),
            ("version", _("Version"), "charter.version"),
            ("role", _("Your role then"), "get_role_display"),
            ("when", _("When"), "signed_at"),
        ],
        related=("charter__organisation",),
    )
    pd.register(
        Charter,
        "published_by",
        key="charters_published",
        title=_("Charters you published"),
        owned=False,
        columns=[
            ("organisation", _("Organisation"), "organisation.name"),
            ("version", _("Version"), "version"),
            ("when", _("When"), "published_at"),
        ],
        related=("organisation",),
    )
    pd.register(
        Indicator,
        "owner",
        key="indicators_owned",
        title=_("Indicators you own"),
        owned=False,
        columns=[("indicator", _("Indicator"), "name")],
    )
    pd.exclude(
        Measurement,
        "created_by",
        # Figures an organisation measured (imports run to thousands of rows)
        # are its statistics; who typed each in is kept for its audit only.
        reason="an organisation's figures; who entered them is for audit",
    )
