"""Forms of a cycle's activities and their attachments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocommission.forms import DateInput

from ..models import (
    Activity,
    ActivityStatus,
    CatalogueEntry,
    CatalogueKind,
    Cycle,
    Phase,
)
from .common import GovForm, GovModelForm, _team_members


class ActivityForm(GovModelForm):
    class Meta:
        model = Activity
        fields = [
            "title",
            "phase",
            "mode",
            "approach",
            "purpose",
            "status",
            "start_date",
            "end_date",
            "lead",
            "participants",
            "outputs",
            "covers_tasks",
        ]
        widgets = {
            "mode": forms.RadioSelect,
            "status": forms.RadioSelect,
            "start_date": DateInput,
            "end_date": DateInput,
            "covers_tasks": forms.CheckboxSelectMultiple,
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "participants": forms.Textarea(attrs={"rows": 2}),
            "outputs": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "title": {"required": _("Enter a title for the activity")},
            "mode": {
                "required": _(
                    "Choose how citizens take part, or “Traditional” if the team "
                    "does this alone"
                )
            },
        }

    def __init__(self, *args: Any, cycle: Cycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = _team_members(cycle.organisation)
        phase = (
            self.data.get("phase") or self.initial.get("phase") or self.instance.phase
        )
        if phase not in Phase.values:  # the phase field itself says what is wrong
            phase = Phase.ANALYSE
        self.fields["covers_tasks"].queryset = (
            CatalogueEntry.objects.active()
            .for_organisation(cycle.organisation)
            .filter(kind=CatalogueKind.IPC_TASK, phase=phase)
        )
        self.fields["covers_tasks"].help_text = _(
            "Tick the traditional commissioning tasks this activity does with citizens."
        )


class ActivityStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=ActivityStatus.choices,
        error_messages={"required": _("Choose a status")},
    )


class AttachmentForm(GovForm):
    title = forms.CharField(
        label=_("What is the file?"),
        max_length=200,
        error_messages={"required": _("Say what the file is")},
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("Up to 10 MB."),
        error_messages={"required": _("Choose a file to attach")},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file must be smaller than 10 MB"))
        return upload
