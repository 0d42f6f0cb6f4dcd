"""What organisations write is in English until content can be translated: where it
sits in a page in another language, it is marked ``lang="en"`` so screen readers
pronounce it right and the page's ``lang`` stays true for the text around it."""

from __future__ import annotations

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

CONTENT_LANGUAGE = "en"


def content_is_foreign() -> bool:
    """Whether the page's language differs from that of organisation content."""
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0] != CONTENT_LANGUAGE


def lang_attribute() -> SafeString:
    """`` lang="en"`` for an element holding organisation content, or nothing."""
    if content_is_foreign():
        return format_html(' lang="{}"', CONTENT_LANGUAGE)
    return mark_safe("")  # noqa: S308 - empty


def quoted(text: object) -> SafeString:
    """Organisation text, escaped, in a ``<span lang="en">`` when the page is not."""
    if content_is_foreign():
        return format_html('<span lang="{}">{}</span>', CONTENT_LANGUAGE, text)
    return format_html("{}", text)
