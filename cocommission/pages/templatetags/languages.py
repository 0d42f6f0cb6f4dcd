"""Languages in templates: the header's switcher and ``lang`` for quoted content."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import get_language, get_language_info

from cocommission import languages

register = template.Library()

#: Each language's name in itself, as GOV.UK writes it (not "British English").
LOCAL_NAMES = {"en-gb": "English", "cy": "Cymraeg"}


@register.simple_tag
def content_lang(text: object = None) -> SafeString:
    """`` lang="en"`` on an element holding organisation-written text (or the
    language of ``text``, a translation), when the page around it is in another
    language."""
    return languages.lang_attribute(text)


@register.filter
def quoted(text: object) -> SafeString:
    """Organisation text in a ``<span lang="en">`` on a page in another language."""
    return languages.quoted(text)


@register.simple_tag
def language_choices() -> list[tuple[str, str]]:
    """(code, name in itself) for each language of the site: for a choice of one."""
    return [
        (code, LOCAL_NAMES.get(code) or get_language_info(code)["name_local"])
        for code, _name in settings.LANGUAGES
    ]


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context: Any) -> dict[str, Any]:
    """English | Cymraeg: each in its own language, the current one not a link."""
    request = context.get("request")
    here = request.get_full_path() if request is not None else "/"
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        name = LOCAL_NAMES.get(code) or get_language_info(code)["name_local"]
        url = reverse("pages:language", args=[code]) + "?" + urlencode({"next": here})
        links.append(
            {"code": code, "name": name, "url": url, "current": code == current}
        )
    return {"languages": links}
