"""The languages of what organisations write, and ``lang`` for it in a page.

English is the language every piece of organisation content is first written in;
an organisation may write in others too (``Organisation.content_languages``), kept
by django-modeltrans in each model's ``i18n`` field. Where content sits in a page
in another language, it is marked with its own ``lang`` (and ``dir="rtl"`` for
Arabic and Urdu) so screen readers pronounce it right and the page's ``lang``
stays true for the text around it."""

from __future__ import annotations

import re

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

CONTENT_LANGUAGE = "en"

#: Every language content can be written in: (code, name in itself, name in the
#: interface's language). English first, then Welsh, then the languages of the
#: communities organisations most often reach.
CONTENT_LANGUAGES = [
    ("en", "English", _("English")),
    ("cy", "Cymraeg", _("Welsh")),
    ("pl", "Polski", _("Polish")),
    ("bn", "বাংলা", _("Bengali")),
    ("ur", "اردو", _("Urdu")),
    ("ar", "العربية", _("Arabic")),
    ("so", "Soomaali", _("Somali")),
    ("pa", "ਪੰਜਾਬੀ", _("Punjabi")),
    ("gu", "ગુજરાતી", _("Gujarati")),
]
CONTENT_CODES = tuple(code for code, _local, _name in CONTENT_LANGUAGES)
#: Languages written right to left.
RIGHT_TO_LEFT = frozenset({"ar", "ur"})


def local_name(code: str) -> str:
    """A content language's name in itself ("Cymraeg")."""
    return next((local for c, local, _n in CONTENT_LANGUAGES if c == code), code)


def language_name(code: str) -> str:
    """A content language's name in the interface's language ("Welsh")."""
    return next((str(name) for c, _l, name in CONTENT_LANGUAGES if c == code), code)


def direction(code: str) -> str:
    return "rtl" if code in RIGHT_TO_LEFT else "ltr"


class LangText(str):
    """Organisation text that knows its language: a translation, or the English
    it fell back to."""

    lang: str = CONTENT_LANGUAGE

    def __new__(cls, text: object, lang: str) -> LangText:
        value = super().__new__(cls, text)
        value.lang = lang
        return value


def page_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def content_is_foreign(lang: str = CONTENT_LANGUAGE) -> bool:
    """Whether the page's language differs from that of the content."""
    return page_language() != lang


def _attributes(lang: str) -> SafeString:
    if lang in RIGHT_TO_LEFT:
        return format_html(' lang="{}" dir="rtl"', lang)
    return format_html(' lang="{}"', lang)


def lang_attribute(text: object = None) -> SafeString:
    """`` lang="…"`` for an element holding organisation content (of ``text``'s
    language, English unless it says otherwise), or nothing when the page is in
    that language already."""
    lang = getattr(text, "lang", CONTENT_LANGUAGE)
    if content_is_foreign(lang):
        return _attributes(lang)
    return mark_safe("")  # noqa: S308 - empty


def fill(sentence: object, **parts: object) -> SafeString:
    """A translated sentence with its ``%(name)s`` places filled: the sentence's
    own words escaped, each part escaped unless already safe (as ``quoted()``
    makes it, marked with its language). Nothing is marked safe unescaped."""
    pieces = re.split(r"%\((\w+)\)s", str(sentence))
    filled = format_html("{}", pieces[0].replace("%%", "%"))
    for name, after in zip(pieces[1::2], pieces[2::2], strict=True):
        filled = format_html("{}{}{}", filled, parts[name], after.replace("%%", "%"))
    return filled


def quoted(text: object) -> SafeString:
    """Organisation text, escaped, in a ``<span lang="…">`` when the page is in
    another language."""
    lang = getattr(text, "lang", CONTENT_LANGUAGE)
    if content_is_foreign(lang):
        return format_html("<span{}>{}</span>", _attributes(lang), text)
    return format_html("{}", text)
