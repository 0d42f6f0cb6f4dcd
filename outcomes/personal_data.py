"""What outcomes hold about a person, for their copy of their data and for erasure
(registered with the core from ``OutcomesConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cocommission.accounts import personal_data as pd

from .models import Indicator, Measurement


def register() -> None:
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
    pd.exclude(
        Measurement,
        "withdrawn_by",
        reason="an organisation's figures; who withdrew one is for audit",
    )
