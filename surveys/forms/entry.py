"""Typing in answers from paper forms, phone calls and events: the answer form
with the invitation code first (for code surveys) and the channel last."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field
from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Channel
from .answer import AnswerForm

FOCUSED_RADIOS = "surveys/includes/radios_focused.html"

#: The channels the team enters answers from; online answers are people's own.
ENTERED = [(c.value, c.label) for c in Channel if c != Channel.ONLINE]


class EntryForm(AnswerForm):
    """One response as the team enters it. Fields in the order of the paper
    form: its code, the questions, then where it came from (kept from the last
    response, as a batch usually shares it). The first field has the focus."""

    def __init__(self, *args: Any, with_code: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channel"] = forms.ChoiceField(
            label=_("Where these answers came from"),
            choices=ENTERED,
            widget=forms.RadioSelect,
            error_messages={"required": _("Choose where these answers came from")},
        )
        if with_code:
            code = forms.CharField(
                label=_("Invitation code on the form"),
                help_text=_("As printed on the form, for example ABCD-2345."),
                max_length=20,
                widget=forms.TextInput(
                    attrs={
                        "autocomplete": "off",
                        "spellcheck": "false",
                        "autocapitalize": "characters",
                        "class": "govuk-input govuk-input--width-10",
                    }
                ),
                error_messages={"required": _("Enter the code on the form")},
            )
            self.fields = {"code": code, **self.fields}
        self.helper.layout = self._layout()
        first = next(
            (name for name, field in self.fields.items() if not field.widget.is_hidden),
            None,
        )
        if first is None:
            return
        self.fields[first].widget.attrs["autofocus"] = True
        if isinstance(self.fields[first].widget, forms.RadioSelect):
            # The GOV.UK radios leave out the widget's attributes: this one
            # puts the focus on the chosen radio, or the first.
            fields = self.helper.layout.fields
            fields[fields.index(first)] = Field(first, template=FOCUSED_RADIOS)
