"""Forms for panels, quotas, selection, consent and profiles."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from crispy_forms_gds.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocommission.accounts.models import User
from cocommission.csv_files import csv_text
from cocommission.forms import DateInput, GovMixin, NumberInput
from cocommission.notifications.models import NotificationSettings
from cocommission.organisations.models import Organisation
from cycles.models import Activity, Cycle, Decision, ServiceArea

from .models import (
    SEATED,
    AccessNeed,
    Availability,
    CategoryValue,
    Contribution,
    DemographicCategory,
    Meeting,
    MeetingAction,
    Panel,
    PanelMember,
    Profile,
    ResidenceCheck,
)

#: Radio value meaning "prefer not to say"; an empty value means "skip".
DECLINED = "declined"


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
    seed = forms.IntegerField(
        label=_("Seed (only to repeat an earlier draw)"),
        required=False,
        min_value=0,
        max_value=2**62,
        widget=NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("Leave empty for a fresh random draw."),
        error_messages={"invalid": _("The seed is a whole number")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()


class CategoryForm(GovMixin, forms.ModelForm):
    values_text = forms.CharField(
        label=_("Answers and population shares"),
        required=False,
        help_text=_(
            "One answer per line, optionally followed by a comma and its share of "
            "the population in per cent. For example: 16 to 24, 12.9"
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    class Meta:
        model = DemographicCategory
        fields = ["name", "question", "is_equalities", "is_retired"]
        error_messages = {
            "name": {"required": _("Enter a name")},
            "question": {"required": _("Enter the question as citizens see it")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["values_text"] = "\n".join(
                f"{v.label}, {v.population_share}"
                if v.population_share is not None
                else v.label
                for v in self.instance.values.all()
            )
        self._gov()

    def clean_values_text(self) -> list[tuple[str, Decimal | None]]:
        values: list[tuple[str, Decimal | None]] = []
        errors = []
        for number, line in enumerate(self.cleaned_data["values_text"].splitlines(), 1):
            if not line.strip():
                continue
            label, _sep, share_text = line.rpartition(",")
            if not _sep:
                label, share_text = line, ""
            label = label.strip()
            share: Decimal | None = None
            if share_text.strip():
                try:
                    share = Decimal(share_text.strip().rstrip("%"))
                except InvalidOperation:
                    label, share = line.strip(), None
            if share is not None and not 0 <= share <= 100:
                errors.append(
                    _("Line %(n)s: a share must be between 0 and 100") % {"n": number}
                )
            if not label:
                errors.append(_("Line %(n)s: enter the answer") % {"n": number})
            values.append((label[:100], share))
        if errors:
            raise forms.ValidationError(errors)
        labels = [label.casefold() for label, _share in values]
        if len(labels) != len(set(labels)):
            raise forms.ValidationError(_("Each answer may appear only once"))
        total = sum((s for _label, s in values if s is not None), Decimal(0))
        if total > Decimal("100.5"):
            raise forms.ValidationError(
                _("The shares add up to %(total)s%%, more than 100%%")
                % {"total": total}
            )
        return values


class ProfileForm(GovMixin, forms.ModelForm):
    """Every question may be skipped; demographic ones offer "prefer not to say"."""

    class Meta:
        model = Profile
        fields = [
            "languages",
            "lived_experience",
            "availability",
            "access_needs",
            "access_needs_other",
        ]
        widgets = {"lived_experience": forms.CheckboxSelectMultiple}

    availability = forms.MultipleChoiceField(
        label=_("When can you take part?"),
        choices=Availability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    access_needs = forms.MultipleChoiceField(
        label=_("What would help you take part?"),
        choices=AccessNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        categories: list[DemographicCategory],
        current: dict[int, str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.categories = categories
        for category in categories:
            choices = [(str(v.pk), v.label) for v in category.values.all()]
            choices.append((DECLINED, str(_("Prefer not to say"))))
            self.fields[f"category_{category.pk}"] = forms.ChoiceField(
                label=category.question,
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                initial=current.get(category.pk, ""),
            )
        self.fields["lived_experience"].queryset = ServiceArea.objects.filter(  # type: ignore[attr-defined]
            is_active=True
        )
        self.fields["lived_experience"].required = False
        self.order_fields([f"category_{c.pk}" for c in categories])
        self._gov()

    def category_answers(self) -> dict[DemographicCategory, Any]:
        answers: dict[DemographicCategory, Any] = {}
        for category in self.categories:
            raw = self.cleaned_data.get(f"category_{category.pk}", "")
            if raw == DECLINED:
                answers[category] = None
            elif raw:
                answers[category] = next(
                    v for v in category.values.all() if str(v.pk) == raw
                )
            else:
                answers[category] = ""
        return answers


class InterestForm(GovMixin, forms.Form):
    """Where someone sits on the know / care grid for a cycle's topic."""

    SCALE = [
        ("1", _("1 – not at all")),
        ("2", "2"),
        ("3", "3"),
        ("4", "4"),
        ("5", _("5 – a great deal")),
    ]
    knowledge = forms.TypedChoiceField(
        label=_("How much do you know about this topic?"),
        choices=SCALE,
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    care = forms.TypedChoiceField(
        label=_("How much do you care about it?"),
        choices=SCALE,
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("knowledge") is None) != (data.get("care") is None):
            self.add_error(
                "care" if data.get("care") is None else "knowledge",
                _("Answer both questions, or leave both empty"),
            )
        return data


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


class ResidenceForm(forms.Form):
    email = forms.EmailField(
        label=_("The citizen's e-mail address"),
        help_text=_("The one they joined with."),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter the citizen's e-mail address"),
            "invalid": _("Enter an e-mail address like name@example.com"),
        },
    )
    area = forms.ModelChoiceField(
        label=_("Where they live"),
        queryset=CategoryValue.objects.none(),
        empty_label=_("Choose an area"),
        error_messages={"required": _("Choose the area where they live")},
    )
    method = forms.ChoiceField(
        label=_("How you checked"),
        choices=ResidenceCheck.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say how you checked where they live")},
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = CategoryValue.objects.filter(  # type: ignore[attr-defined]
            category__organisation=organisation, category__name="Area"
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
