"""Forms of meetings, their actions and the contributions people make."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocommission.accounts.models import User
from cocommission.forms import DateInput, GovMixin, NumberInput
from cycles.models import Decision

from ..models import SEATED, Contribution, Meeting, MeetingAction, Panel


class MeetingForm(GovMixin, forms.ModelForm):
    day = forms.DateField(
        label=_("Date"),
        widget=DateInput(),
        error_messages={
            "required": _("Enter the date of the meeting"),
            "invalid": _("Enter a real date"),
        },
    )
    time = forms.TimeField(
        label=_("Start time"),
        widget=forms.TimeInput(
            attrs={"type": "time", "class": "govuk-input govuk-input--width-5"},
            format="%H:%M",
        ),
        error_messages={
            "required": _("Enter the start time"),
            "invalid": _("Enter a time like 18:30"),
        },
    )

    class Meta:
        model = Meeting
        fields = [
            "title",
            "duration_hours",
            "place",
            "is_online",
            "agenda",
            "minutes",
            "decisions",
        ]
        widgets = {
            "duration_hours": NumberInput(),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "minutes": forms.Textarea(attrs={"rows": 6}),
            "decisions": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "title": {"required": _("Enter a title, such as ‘Second meeting’")},
            "duration_hours": {"invalid": _("Enter the length in hours, like 2.5")},
        }

    def __init__(self, *args: Any, panel: Panel, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            local = timezone.localtime(self.instance.starts_at)
            self.initial.update(day=local.date(), time=local.time())
        decisions = self.fields["decisions"]
        if panel.cycle_id:
            decisions.queryset = Decision.objects.filter(  # type: ignore[attr-defined]
                cycle_id=panel.cycle_id, superseded_by__isnull=True
            )
        else:
            del self.fields["decisions"]
        self.order_fields(["title", "day", "time"])
        self._gov()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("day") and data.get("time"):
            self.instance.starts_at = timezone.make_aware(
                datetime.datetime.combine(data["day"], data["time"])
            )
        return data


class MeetingActionForm(GovMixin, forms.ModelForm):
    class Meta:
        model = MeetingAction
        fields = ["description", "owner", "due_on"]
        widgets = {"due_on": DateInput()}
        error_messages = {
            "description": {"required": _("Say what needs doing")},
            "owner": {"required": _("Say who will do it")},
            "due_on": {"invalid": _("Enter a real date")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()


class ContributionForm(GovMixin, forms.ModelForm):
    class Meta:
        model = Contribution
        fields = ["user", "kind", "hours", "given_on", "note"]
        widgets = {
            "kind": forms.RadioSelect,
            "hours": NumberInput(),
            "given_on": DateInput(),
        }
        error_messages = {
            "user": {"required": _("Choose who gave the time")},
            "kind": {"required": _("Choose what kind of help it was")},
            "hours": {
                "required": _("Enter the hours"),
                "invalid": _("Enter the hours as a number, like 3.5"),
            },
            "given_on": {
                "required": _("Enter the date"),
                "invalid": _("Enter a real date"),
            },
        }

    def __init__(self, *args: Any, panel: Panel, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user_field = self.fields["user"]
        user_field.required = True
        user_field.queryset = User.objects.filter(  # type: ignore[attr-defined]
            panel_seats__panel=panel, panel_seats__status__in=SEATED
        ).order_by("display_name", "email")
        self._gov()
