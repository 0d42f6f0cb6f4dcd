"""A citizen's own forms: joining with an e-mail address, and e-mail settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocommission.forms import GovMixin
from cocommission.notifications.models import NotificationSettings


class JoinEmailForm(GovMixin, forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We will send you a 6-digit code. You do not need a password."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your e-mail address"),
            "invalid": _(
                "Enter an e-mail address in the correct format, like name@example.com"
            ),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()


class NotificationSettingsForm(GovMixin, forms.ModelForm):
    class Meta:
        model = NotificationSettings
        fields = [
            "invitations",
            "meeting_reminders",
            "decisions",
            "surveys",
            "reports",
            "review_dates",
            "weekly_digest",
        ]

    def __init__(self, *args: Any, team: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not team:  # only commissioning teams get these
            del self.fields["reports"]
            del self.fields["review_dates"]
        self._gov()
