"""Forms of a panel: its details, invitations, quotas, the draw and members' terms."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.choices import Choice
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from cocommission.csv_files import csv_text
from cocommission.forms import DateInput, GovMixin, NumberInput
from cocommission.organisations.models import Organisation
from cycles.models import Activity, Cycle

from ..models import Panel, PanelMember, SelectionMethod
from ..services import FreeSeats


class PanelForm(GovMixin, forms.ModelForm):
    class Meta:
        model = Panel
        fields = [
            "name",
            "kind",
            "purpose",
            "commitment",
            "cycle",
            "activities",
            "recruitment",
            "seats",
            "is_open_for_volunteers",
            "meetings_public",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "recruitment": forms.RadioSelect,
            "activities": forms.CheckboxSelectMultiple,
            "seats": NumberInput(attrs={"inputmode": "numeric"}),
            "purpose": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "name": {"required": _("Enter a name for the panel")},
            "kind": {"required": _("Choose the kind of panel")},
            "purpose": {"required": _("Say in plain words what the panel does")},
            "seats": {"invalid": _("Enter the number of seats as a whole number")},
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = Cycle.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        ).order_by("title")
        self.fields["cycle"].empty_label = _("None: a standing panel")  # type: ignore[attr-defined]
        self.fields["activities"].queryset = (  # type: ignore[attr-defined]
            Activity.objects.filter(cycle__organisation=organisation)
            .select_related("cycle")
            .order_by("cycle__title", "title")
        )
        self.fields["activities"].label_from_instance = (  # type: ignore[attr-defined]
            lambda a: f"{a.cycle.title}: {a.title}"
        )
        self._gov()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        cycle = data.get("cycle")
        wrong = [a for a in data.get("activities") or [] if a.cycle != cycle]
        if wrong:
            self.add_error(
                "activities",
                _("Choose only activities of the panel's cycle"),
            )
        if data.get("recruitment") == "selection" and not data.get("seats"):
            self.add_error(
                "seats", _("Enter how many seats a random selection should fill")
            )
        return data


class InviteForm(GovMixin, forms.Form):
    emails = forms.CharField(
        label=_("E-mail addresses"),
        help_text=_("One per line. Each person gets an invitation to accept."),
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        error_messages={"required": _("Enter at least one e-mail address")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()

    def clean_emails(self) -> list[str]:
        emails, bad = [], []
        for line in self.cleaned_data["emails"].replace(",", "\n").splitlines():
            email = line.strip().lower()
            if not email:
                continue
            try:
                validate_email(email)
            except forms.ValidationError:
                bad.append(email)
            else:
                emails.append(email)
        if bad:
            raise forms.ValidationError(
                _("These are not e-mail addresses: %(bad)s") % {"bad": ", ".join(bad)}
            )
        if len(emails) > 200:
            raise forms.ValidationError(_("Invite at most 200 people at a time"))
        return list(dict.fromkeys(emails))


class QuotaImportForm(GovMixin, forms.Form):
    file = forms.FileField(
        label=_("Quota file (CSV)"),
        help_text=_("Columns: category, value, min, max. It replaces the quotas."),
        required=False,
    )
    text = forms.CharField(
        label=_("Or paste the rows"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload:
            if upload.size > 1024 * 1024:
                self.add_error("file", _("The file must be smaller than 1 MB"))
                return data
            try:
                data["csv"] = csv_text(upload.read())
            except ValidationError as error:
                self.add_error("file", error)
        elif data.get("text", "").strip():
            data["csv"] = data["text"]
        else:
            self.add_error("file", _("Choose a CSV file or paste the rows"))
        return data


class SelectionForm(GovMixin, forms.Form):
    size = forms.IntegerField(
        label=_("Seats to fill"),
        min_value=1,
        max_value=500,
        widget=NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Enter how many seats to fill"),
            "invalid": _("Enter the number of seats as a whole number"),
            "min_value": _("Fill at least one seat"),
        },
    )
    method = forms.ChoiceField(
        label=_("How to choose among the panels that meet the quotas"),
        choices=[
            Choice(
                SelectionMethod.LEXIMIN,
                SelectionMethod.LEXIMIN.label,
                hint=_(
                    "Makes the smallest chance of being chosen as large as it can "
                    "be, as citizens' assemblies do. Everyone's chance is worked out "
                    "and shown with the draw."
                ),
            ),
            Choice(
                SelectionMethod.STRATIFIED,
                SelectionMethod.STRATIFIED.label,
                hint=_(
                    "Each volunteer gets a random weight and the lightest panel that "
                    "meets the quotas is chosen. Some volunteers can have a much "
                    "smaller chance than others, and chances are not worked out."
                ),
            ),
        ],
        initial=SelectionMethod.LEXIMIN,
        # A post without it (an older page, a script) gets the fair method.
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose how to draw the panel")},
    )
    seed = forms.IntegerField(
        label=_("Seed (only to repeat an earlier draw)"),
        required=False,
        min_value=0,
        max_value=2**62,
        widget=NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("Leave empty for a fresh random draw."),
        error_messages={"invalid": _("The seed is a whole number")},
    )

    def __init__(
        self, *args: Any, free: FreeSeats | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.free = free
        if free is not None:
            self.fields["size"].help_text = ngettext_lazy(
                "%(free)s seat is free.", "%(free)s seats are free.", "free"
            ) % {"free": free.free}
        self._gov()

    def clean_method(self) -> str:
        return str(self.cleaned_data.get("method") or SelectionMethod.LEXIMIN)

    def clean_size(self) -> int:
        size: int = self.cleaned_data["size"]
        refusal = self.free.refusal(size) if self.free is not None else None
        if refusal:
            raise ValidationError(refusal)
        return size


class TermForm(GovMixin, forms.ModelForm):
    class Meta:
        model = PanelMember
        fields = ["term_starts", "term_ends"]
        widgets = {"term_starts": DateInput(), "term_ends": DateInput()}
        error_messages = {
            "term_starts": {"invalid": _("Enter a real date")},
            "term_ends": {"invalid": _("Enter a real date")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("term_starts"), data.get("term_ends")
        if starts and ends and ends < starts:
            self.add_error("term_ends", _("The term must end after it starts"))
        return data
