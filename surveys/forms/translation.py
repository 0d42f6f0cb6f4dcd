"""Writing a survey in one of the organisation's other languages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cocommission.forms import GovForm
from cocommission.languages import direction, quoted

from ..translations import Item


class TranslationForm(GovForm):
    """One box per piece of the survey, labelled with its English, holding its
    text in the language being written (``lang`` and ``dir`` on every box)."""

    def __init__(self, *args: Any, items: list[Item], lang: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        attrs = {"lang": lang, "dir": direction(lang), "spellcheck": "true"}
        for item in items:
            label = format_html("{}: {}", item.label, quoted(item.english))
            if item.long:
                widget: forms.Widget = forms.Textarea(attrs={**attrs, "rows": 4})
                max_length = 5000
            else:
                widget = forms.TextInput(attrs=attrs)
                max_length = 300
            self.fields[item.name] = forms.CharField(
                label=label,
                required=False,
                max_length=max_length,
                widget=widget,
                error_messages={
                    "max_length": _("Keep this to %(limit_value)s characters or fewer")
                },
            )
