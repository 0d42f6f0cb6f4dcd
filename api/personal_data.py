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
        # The organisation's records that name their maker (a token acts in its
        # maker's name); erasing the account deletes them.
        owned=False,
        columns=[
            ("name", _("Name"), "name"),
            ("organisation", _("Organisation"), "organisation.name"),
            ("created", _("Made"), "created_at"),
        ],
        related=("organisation",),
    )
