"""Plain-text e-mail bodies, rendered from templates but never mistaken for HTML."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string


def plain(text: str) -> str:
    """The same characters as an ordinary ``str``. Django marks every rendered
    template as safe HTML; a plain-text body is not, and an HTML part that shows
    it must escape it."""
    return str.__str__(text)


def render_text(template_name: str, context: dict[str, Any]) -> str:
    """Render a plain-text template (``autoescape off``, no HTML entities) to text
    that any HTML it is later put into escapes."""
    return plain(render_to_string(template_name, context))


def one_line(text: str) -> str:
    """A subject on one line: a line break typed into a title would make the mail
    library refuse the whole message."""
    return " ".join(text.split())
