"""The two pages every translatable thing has: what is missing or out of date in
each of the organisation's languages, and the text in one language beside its
English. The app's view finds the object (checking who may see or change it) and
hands over its pieces; these pages do the rest."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cocommission.languages import direction, language_name, local_name

from . import Piece, gaps, save, written
from .forms import TranslationForm


def gaps_page(
    request: HttpRequest,
    *,
    organisation: Any,
    pieces: Sequence[Piece],
    caption: object,
    back_url: str,
    edit_url: Callable[[str], str],
    can_edit: bool = True,
    blocks: object = "",
) -> HttpResponse:
    """Each of the organisation's languages, whether it is required, and which
    pieces are not written in it yet or were written from older English.
    ``blocks`` names what a required language holds back ("before it is
    published")."""
    languages = [
        {
            "code": gap.code,
            "name": gap.name,
            "local_name": local_name(gap.code),
            "dir": direction(gap.code),
            "required": gap.required,
            "missing": gap.missing,
            "stale": gap.stale,
            "url": edit_url(gap.code) if can_edit else "",
        }
        for gap in gaps(organisation, pieces)
    ]
    return render(
        request,
        "translations/gaps.html",
        {
            "caption": caption,
            "organisation": organisation,
            "languages": languages,
            "total": len(pieces),
            "back_url": back_url,
            "blocks": blocks,
        },
    )


def _keep_required(form: TranslationForm, pieces: Sequence[Piece], lang: str) -> None:
    for piece in pieces:
        emptied = not form.cleaned_data.get(piece.name, "").strip()
        if piece.english.strip() and piece.text(lang).strip() and emptied:
            form.add_error(
                piece.name,
                _(
                    "This is published, so its %(language)s cannot be taken away: "
                    "write it again or correct it"
                )
                % {"language": language_name(lang)},
            )


def edit_page(
    request: HttpRequest,
    *,
    organisation: Any,
    pieces: Sequence[Piece],
    lang: str,
    caption: object,
    back_url: str,
    edit_url: Callable[[str], str],
    published: bool = False,
) -> HttpResponse:
    """The pieces in ``lang`` beside their English; saving goes back to
    ``back_url`` (the languages page). Once the thing is ``published``, a
    written box of a required language cannot be emptied: what people read
    would lose that language."""
    if lang not in organisation.languages[1:]:
        raise Http404
    form = TranslationForm(
        request.POST or None,
        pieces=pieces,
        lang=lang,
        initial=written(pieces, lang),
    )
    required = published and lang in organisation.languages_required
    if request.method == "POST" and required and form.is_valid():
        _keep_required(form, pieces, lang)
    if request.method == "POST" and form.is_valid():
        save(pieces, lang, form.cleaned_data)
        messages.success(
            request, _("The %(language)s is saved.") % {"language": language_name(lang)}
        )
        return redirect(back_url)
    tabs = [
        {
            "code": code,
            "name": language_name(code),
            "current": code == lang,
            "url": edit_url(code),
        }
        for code in organisation.languages[1:]
    ]
    return render(
        request,
        "translations/edit.html",
        {
            "caption": caption,
            "organisation": organisation,
            "form": form,
            "language": language_name(lang),
            "tabs": tabs,
            "back_url": back_url,
        },
        status=400 if form.errors else 200,
    )
