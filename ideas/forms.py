"""Forms for raising a need or idea, supporting, commenting and moderating."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocommission.forms import GovForm
from cocommission.organisations.models import Organisation
from panels.models import CategoryValue

from .models import Kind

#: Joins the groups picked from the organisation's categories into one line.
GROUP_SEPARATOR = "; "


def group_choices(organisation: Organisation) -> list[tuple[str, str]]:
    """The organisation's own categories of people ("Age: 16 to 24"), if any."""
    values = (
        CategoryValue.objects.filter(
            category__organisation=organisation, category__is_retired=False
        )
        .select_related("category")
        .order_by("category__position", "category__name", "position", "label")
    )
    choices = []
    for value in values:
        text = f"{value.category.name}: {value.label}"
        choices.append((text, text))
    return choices


class RaiseForm(GovForm):
    kind = forms.ChoiceField(
        label=_("Is it a need or an idea?"),
        choices=Kind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "A need is something people need and do not get. An idea is a way to "
            "make things better."
        ),
        error_messages={"required": _("Choose whether it is a need or an idea")},
    )
    title = forms.CharField(
        label=_("Give it a short title"),
        max_length=120,
        error_messages={
            "required": _("Give it a short title"),
            "max_length": _("Make the title 120 characters or fewer"),
        },
    )
    body = forms.CharField(
        label=_("What do you want to say?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Use your own words. Do not include names, addresses or health details "
            "of anyone."
        ),
        error_messages={
            "required": _("Write what you want to say"),
            "max_length": _("Make it 3,000 characters or fewer"),
        },
    )
    anonymous = forms.TypedChoiceField(
        label=_("Show your name?"),
        choices=[
            ("no", _("Show my name")),
            ("yes", _("Post anonymously")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text=_(
            "If you post anonymously, the public will not see your name. The team "
            "still knows who you are, to reply and keep the page safe."
        ),
        error_messages={"required": _("Choose whether to show your name")},
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = group_choices(organisation)
        if choices:
            self.fields["groups"] = forms.MultipleChoiceField(
                label=_("Which groups of people does it concern? (optional)"),
                choices=choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        else:
            self.fields["groups"] = forms.CharField(
                label=_("Which groups of people does it concern? (optional)"),
                help_text=_("For example: young carers, people over 70."),
                max_length=300,
                required=False,
                error_messages={
                    "max_length": _("Make this 300 characters or fewer"),
                },
            )
        # Groups sit before the question of the name, as people read them.
        order = ["kind", "title", "body", "groups", "anonymous"]
        self.fields = {name: self.fields[name] for name in order}

    def groups_text(self) -> str:
        value = self.cleaned_data.get("groups") or ""
        if isinstance(value, list):
            return GROUP_SEPARATOR.join(value)[:300]
        return str(value).strip()


class CommentForm(GovForm):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Write your comment"),
            "max_length": _("Make your comment 2,000 characters or fewer"),
        },
    )


class ReasonForm(GovForm):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Give a reason"),
            "max_length": _("Make the reason 2,000 characters or fewer"),
        },
    )

    def __init__(self, *args: Any, label: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if label:
            self.fields["reason"].label = label


class PublishForm(GovForm):
    """Publish, editing personal data out of the words if need be."""

    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        error_messages={"required": _("Give it a title")},
    )
    body = forms.CharField(
        label=_("What they said"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Edit out names, addresses, health details and anything else that "
            "identifies someone. The words as written stay in the history, which "
            "only the team sees."
        ),
        error_messages={"required": _("Keep what they said, edited if need be")},
    )
    reason = forms.CharField(
        label=_("What you changed, if anything"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
