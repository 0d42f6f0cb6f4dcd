"""What the API holds about a person: the tokens they made (registered with the
core from ``ApiConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cocommission.accounts import personal_data as pd

from .models import ApiToken


def register() -> None:
    pd.register(
        ApiToken,
        "created_by",
        key="api_tokens",
        title=_("API tokens you made"),
        # A token acts in its maker's name; erasing them deletes their tokens.
        owned=True,
        columns=[
            ("name", _("Name"), "name"),
            ("organisation", _("Organisation"), "organisation.name"),
            ("created", _("Made"), "created_at"),
        ],
        related=("organisation",),
    )
