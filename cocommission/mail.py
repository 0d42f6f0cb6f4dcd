"""Plain-text e-mail bodies, rendered from templates but never mistaken for HTML,
in the language of the person they go to."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation


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


# --- The language of correspondence ------------------------------------------------

#: Where a person's language is not known, every e-mail is in both, Welsh first
#: (the Welsh Language Standards: Welsh is not treated less favourably).
BILINGUAL = ("cy", "en-gb")
#: Between the two languages of a bilingual e-mail's text part.
BILINGUAL_RULE = "\n\n" + "-" * 40 + "\n\n"


#: An e-mail's subject or body: text, or a function that writes it in the language
#: active when it is called (so one event can be written in each person's language).
Text = str | Callable[[], str]


def text_of(text: Text) -> str:
    return text() if callable(text) else text


def languages_for(person: Any) -> tuple[str, ...]:
    """The language to write to a person in, or both when they have not chosen."""
    chosen = getattr(person, "preferred_language", "") if person is not None else ""
    return (chosen,) if chosen else BILINGUAL


def _body_of(html: str) -> str:
    match = re.search(r"<body[^>]*>(.*)</body>", html, flags=re.DOTALL)
    return match.group(1) if match else html


def _join_html(parts: list[tuple[str, str]]) -> str:
    blocks = "<hr>".join(
        f'<div lang="{language}">{_body_of(html)}</div>' for language, html in parts
    )
    head = '<!DOCTYPE html><html><head><meta charset="utf-8"></head>'
    return f"{head}<body>{blocks}</body></html>"


def in_language_of(person: Any, render: Callable[[], Mail]) -> Mail:
    """Render an e-mail in the person's language (``render`` is called under
    ``translation.override``); bilingual, Welsh then English, when it is unknown."""
    rendered = []
    for language in languages_for(person):
        with translation.override(language):
            rendered.append((language, render()))
    if len(rendered) == 1:
        return rendered[0][1]
    subjects = list(dict.fromkeys(one_line(mail.subject) for _lang, mail in rendered))
    htmls = [(language, mail.html) for language, mail in rendered if mail.html]
    return Mail(
        subject=" / ".join(subjects),
        # Text that no language changed (what people typed) is given once.
        body=BILINGUAL_RULE.join(dict.fromkeys(mail.body for _lang, mail in rendered)),
        html=_join_html(htmls) if htmls else None,
    )


@dataclass(frozen=True)
class Mail:
    subject: str
    body: str
    html: str | None = None
