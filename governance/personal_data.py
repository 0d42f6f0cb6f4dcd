"""What governance holds about a person, for their copy of their data and for
erasure (registered with the core from ``GovernanceConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cocommission.accounts import personal_data as pd

from .models import Charter, CharterSignature, GovernanceAssessment


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
