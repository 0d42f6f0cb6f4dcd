"""What the notifications hold about a person, for their copy of their data
(registered with the accounts registry from ``NotificationsConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cocommission.accounts import personal_data as pd

from .models import Notice, NotificationSettings


def register() -> None:
    pd.register(
        NotificationSettings,
        "user",
        key="email_choices",
        title=_("Which e-mails you want"),
        columns=[
            (f.name, f.verbose_name, f.name)
            for f in NotificationSettings._meta.concrete_fields
            if f.name not in {"id", "user"}
        ],
    )
    pd.register(
        Notice,
        "user",
        key="emails_sent",
        title=_("E-mails we sent you"),
        columns=[
            ("subject", _("Subject"), lambda n: n.subject or n.key),
            ("when", _("When"), "sent_at"),
            ("in_digest", _("Waiting for your weekly e-mail"), "in_digest"),
        ],
        order_by=("sent_at", "pk"),
    )
