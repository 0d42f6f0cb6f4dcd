"""Pages of the API: its documentation, and organisations' tokens."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from cocommission.http import AuthedHttpRequest
from cocommission.organisations.access import organisation_for
from cocommission.organisations.models import Organisation
from contracts.models import Provider

from .forms import TokenForm
from .main import api
from .models import ApiToken
from .tokens import token_create, token_revoke

_METHODS = ("get", "post", "put", "patch", "delete")


@require_safe
def docs(request: HttpRequest) -> HttpResponse:
    """The API's operations, read from its OpenAPI description and written out as
    a plain page: no script from elsewhere (our CSP allows none), no JavaScript."""
    schema: dict[str, Any] = api.get_openapi_schema(path_prefix="/api/v1/")
    groups: dict[str, list[dict[str, Any]]] = {}
    for path, item in schema["paths"].items():
        for method in _METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            tag = (operation.get("tags") or ["other"])[0]
            groups.setdefault(tag, []).append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        p for p in operation.get("parameters", []) if p.get("in")
                    ],
                    "statuses": sorted(operation.get("responses", {})),
                    "secured": bool(operation.get("security")),
                }
            )
    return render(
        request,
        "api/docs.html",
        {"groups": sorted(groups.items()), "info": schema["info"]},
    )


def _represented(request: AuthedHttpRequest, organisation: Organisation) -> list[Any]:
    return list(
        Provider.objects.filter(
            organisation=organisation, representatives=request.user
        ).order_by("name")
    )


def _tokens_of(request: AuthedHttpRequest, organisation: Organisation) -> Any:
    """Admins see every token of the organisation; a provider's representative
    only the tokens they made."""
    tokens = ApiToken.objects.filter(organisation=organisation).select_related(
        "provider", "created_by"
    )
    if not request.user.has_perm("api.manage_team_tokens", organisation):
        tokens = tokens.filter(created_by=request.user)
    return tokens


@login_required
@require_safe
def token_list(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "api.manage_tokens")
    return render(
        request,
        "api/token_list.html",
        {
            "organisation": organisation,
            "tokens": _tokens_of(request, organisation).order_by("-created_at"),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_new(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    """Make a token; its full text is on this answer and nowhere else, ever."""
    organisation = organisation_for(request, org_slug, "api.manage_tokens")
    team = request.user.has_perm("api.manage_team_tokens", organisation)
    providers = None if team else _represented(request, organisation)
    form = TokenForm(request.POST or None, providers=providers)
    if request.method == "POST" and form.is_valid():
        token, text = token_create(
            organisation=organisation,
            by=request.user,
            name=form.cleaned_data["name"],
            scopes=form.scopes(),
            expires_at=form.expires_at(),
            provider=form.cleaned_data.get("provider"),
        )
        response = render(
            request,
            "api/token_made.html",
            {"organisation": organisation, "token": token, "text": text},
        )
        response["Cache-Control"] = "no-store"
        return response
    return render(
        request,
        "api/token_new.html",
        {"organisation": organisation, "form": form, "no_providers": providers == []},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke_view(
    request: AuthedHttpRequest, org_slug: str, pk: int
) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "api.manage_tokens")
    token = get_object_or_404(_tokens_of(request, organisation), pk=pk)
    if request.method == "POST":
        token_revoke(token=token)
        messages.success(
            request, _("The token %(name)s no longer works.") % {"name": token.name}
        )
        return redirect("api_tokens:list", org_slug=organisation.slug)
    return render(
        request, "api/token_revoke.html", {"organisation": organisation, "token": token}
    )
