"""A citizen's profile and the topics they care about."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocommission.forms import GovMixin
from cocommission.languages import quoted
from cycles.models import ServiceArea

from ..models import AccessNeed, Availability, DemographicCategory, Profile

#: Radio value meaning "prefer not to say"; an empty value means "skip".
DECLINED = "declined"


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
            # The team's words, marked English on a page in another language.
            choices: list[tuple[str, str]] = [
                (str(v.pk), quoted(v.label)) for v in category.values.all()
            ]
            choices.append((DECLINED, str(_("Prefer not to say"))))
            self.fields[f"category_{category.pk}"] = forms.ChoiceField(
                label=quoted(category.question),
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
