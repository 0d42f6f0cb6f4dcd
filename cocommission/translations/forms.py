"""Writing organisation content in one of its other languages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cocommission.forms import GovForm
from cocommission.languages import direction, quoted

from . import Piece


class TranslationForm(GovForm):
    """One box per piece, labelled with what the piece is and its English,
    holding its text in the language being written (``lang`` and ``dir`` on each
    box). A box whose English changed since it was written says so in its hint."""

    def __init__(
        self, *args: Any, pieces: Sequence[Piece], lang: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        attrs = {"lang": lang, "dir": direction(lang), "spellcheck": "true"}
        for piece in pieces:
            label = format_html("{}: {}", piece.label, quoted(piece.english))
            if piece.long:
                widget: forms.Widget = forms.Textarea(attrs={**attrs, "rows": 4})
                max_length = 5000
            else:
                widget = forms.TextInput(attrs=attrs)
                max_length = 300
            help_text: Any = ""
            if piece.is_stale(lang):
                help_text = format_html(
                    "{} {}",
                    _("The English has changed since this was written. It was:"),
                    quoted(piece.written_from(lang) or ""),
                )
            self.fields[piece.name] = forms.CharField(
                label=label,
                help_text=help_text,
                required=False,
                max_length=max_length,
                widget=widget,
                error_messages={
                    "max_length": _("Keep this to %(limit_value)s characters or fewer")
                },
            )
