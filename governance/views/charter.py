"""The Co-production Charter: every member reads and signs it, in the language
they choose; admins publish new versions, complete in every required language,
and write or correct a version's translations."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cocommission import translations as translated
from cocommission.forms import add_service_errors
from cocommission.http import AuthedHttpRequest
from cocommission.languages import CONTENT_LANGUAGE, language_name
from cocommission.organisations.access import organisation_for
from cocommission.organisations.models import Organisation
from cocommission.translations.pages import edit_page, gaps_page

from ..forms import CharterForm
from ..models import Charter
from ..services import charter_publish, charter_sign
from ..translations import charter_pieces, charter_shown


def _charter_url(org_slug: str, lang: str = "") -> str:
    url = reverse("governance:charter", kwargs={"org_slug": org_slug})
    return f"{url}?{urlencode({'lang': lang})}" if lang else url


def _publish_form(organisation: Organisation, current: Charter | None) -> CharterForm:
    """The form for a new version, filled with the current one's text in each
    language, to change from."""
    initial = {"text": current.text if current else ""}
    if current is not None:
        piece = charter_pieces(current)[0]
        for lang in organisation.languages[1:]:
            initial[f"text_{lang}"] = piece.text(lang)
    return CharterForm(initial=initial, organisation=organisation)


def _sign(
    request: AuthedHttpRequest, organisation: Organisation, current: Charter
) -> HttpResponse:
    """Sign the version shown. What is signed is the version; the language it
    was read in is only said back."""
    offered = translated.offered(organisation, charter_pieces(current))
    lang = translated.chosen(request.POST.get("lang", ""), "", offered)
    charter_sign(charter=current, by=request.user)
    messages.success(
        request,
        _(
            "Thank you for signing version %(v)d of the charter, "
            "which you read in %(language)s."
        )
        % {"v": current.version, "language": language_name(lang)},
    )
    keep = lang if lang != CONTENT_LANGUAGE or len(offered) > 1 else ""
    return redirect(_charter_url(organisation.slug, keep))


@login_required
@require_http_methods(["GET", "POST"])
def charter(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    """Read the current charter and sign it; admins publish new versions."""
    organisation = organisation_for(request, org_slug, "governance.view_charter")
    user = request.user
    current = Charter.objects.latest_for(organisation)
    can_publish = user.has_perm("governance.publish_charter", organisation)
    form = _publish_form(organisation, current)
    if request.method == "POST":
        if request.POST.get("action") == "sign" and current is not None:
            return _sign(request, organisation, current)
        if not can_publish:
            raise PermissionDenied
        form = CharterForm(request.POST, organisation=organisation)
        if form.is_valid():
            try:
                published = charter_publish(
                    organisation=organisation,
                    by=user,
                    text=form.cleaned_data["text"],
                    translations=form.translations(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("Version %(v)d published.") % {"v": published.version}
                )
                return redirect("governance:charter", org_slug=org_slug)
    shown, reading = charter_shown(request, organisation)
    versions = list(
        Charter.objects.filter(organisation=organisation).prefetch_related(
            "signatures__user"
        )
    )
    return render(
        request,
        "governance/charter.html",
        {
            "organisation": organisation,
            "current": shown,
            **reading,
            "reading_in": language_name(reading["charter_language"] or "en"),
            "versions": versions,
            "signed": bool(current and current.signatures.filter(user=user).exists()),
            "can_publish": can_publish,
            "can_see_signatures": user.has_perm(
                "governance.view_signatures", organisation
            ),
            "languages_problem": (
                translated.publish_problem(organisation, charter_pieces(current))
                if can_publish and current is not None
                else ""
            ),
            "has_languages": len(organisation.languages) > 1,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


def _charter_to_translate(
    request: AuthedHttpRequest, org_slug: str
) -> tuple[Organisation, Charter]:
    """The latest version, for those who may publish the charter."""
    organisation = organisation_for(request, org_slug, "governance.publish_charter")
    current = Charter.objects.latest_for(organisation)
    if current is None:
        raise Http404
    return organisation, current


def _edit_url(org_slug: str) -> Callable[[str], str]:
    def url(lang: str) -> str:
        return reverse(
            "governance:charter_language", kwargs={"org_slug": org_slug, "lang": lang}
        )

    return url


def _caption(current: Charter) -> str:
    return _("Co-production Charter, version %(v)d") % {"v": current.version}


@login_required
@require_safe
def charter_languages(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    """What of the latest version is not written yet in each language."""
    organisation, current = _charter_to_translate(request, org_slug)
    return gaps_page(
        request,
        organisation=organisation,
        pieces=charter_pieces(current),
        caption=_caption(current),
        back_url=_charter_url(org_slug),
        edit_url=_edit_url(org_slug),
        blocks=_("Needed before a new version is published"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def charter_language(
    request: AuthedHttpRequest, org_slug: str, lang: str
) -> HttpResponse:
    """The latest version's text in one language, beside its English: written
    or corrected without making a new version."""
    organisation, current = _charter_to_translate(request, org_slug)
    if request.method == "GET" and lang in organisation.languages[1:]:
        messages.info(
            request,
            _(
                "Writing or correcting the %(language)s does not make a new "
                "version: the English of version %(v)d stays as it was published, "
                "and its signatures stand."
            )
            % {"language": language_name(lang), "v": current.version},
        )
    return edit_page(
        request,
        organisation=organisation,
        pieces=charter_pieces(current),
        lang=lang,
        caption=_caption(current),
        back_url=reverse("governance:charter_languages", kwargs={"org_slug": org_slug}),
        edit_url=_edit_url(org_slug),
        published=True,
    )
