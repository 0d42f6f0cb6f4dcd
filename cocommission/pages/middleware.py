"""Requests refused at the edge (NUL bytes in the address), rate limits for people
who are not signed in, and keeping downloads and personal pages out of caches."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    QueryDict,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django_ratelimit.core import is_ratelimited

from .views import rate_limited

LOGIN_PATH_PREFIXES = ("/accounts/login/", "/accounts/password/reset/")
API_PATH_PREFIX = "/api/v1/"


class AnonymousPostRateLimitMiddleware:
    """Every anonymous POST shares one budget per address; sign-in has a tighter one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # API writes carry a token, limited per token (api.main.TokenThrottle):
        # a provider's system must not spend the budget of the people on its
        # network, nor they its.
        if (
            request.method == "POST"
            and not request.user.is_authenticated
            and not request.path.startswith(API_PATH_PREFIX)
        ):
            limits = [("anonymous-post", settings.RATELIMIT_ANONYMOUS_POST_RATE)]
            if request.path.startswith(LOGIN_PATH_PREFIXES):
                limits.append(("sign-in", settings.RATELIMIT_LOGIN_RATE))
            for group, rate in limits:
                if is_ratelimited(
                    request, group=group, key="ip", rate=rate, increment=True
                ):
                    return rate_limited(request)
        return self.get_response(request)


@cache
def _personal_prefix() -> str:
    return reverse("participation:participation")


def is_private(request: HttpRequest, response: HttpResponse) -> bool:
    """Pages about the signed-in person (everything under /me/) and every file:
    downloads, attachments, exports and report files."""
    return (
        request.path.startswith(_personal_prefix())
        or isinstance(response, FileResponse)
        or response.get("Content-Disposition", "").lower().startswith("attachment")
    )


class PrivateResponsesMiddleware:
    """Personal data and files are sent with ``Cache-Control: private, no-store``
    (Django's ``never_cache`` headers), so no shared cache or proxy keeps them
    and the browser does not store them for the next person at the computer.

    A rule here rather than a decorator on each view, so that a new download is
    covered without anyone having to remember."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_private(request, response):
            add_never_cache_headers(response)
        return response


def _has_nul(params: QueryDict) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in params.lists()
    )


class RefuseNulMiddleware:
    """A NUL byte (U+0000) in the web address or its query string gets a 400 page.

    PostgreSQL cannot hold NUL in text, so such a value reaching any lookup (a
    survey's link, a search) was a server error. Nobody types one into an address,
    so there is nothing to keep. Form fields are not refused here: Django's text
    fields refuse NUL with a message beside the field, keeping what was typed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or _has_nul(request.GET):
            if request.path.startswith(API_PATH_PREFIX):
                # The API answers in JSON, even here.
                return JsonResponse(
                    {"detail": "The address holds a NUL character."}, status=400
                )
            return render(request, "400.html", status=400)
        return self.get_response(request)


class PreferredLanguageMiddleware:
    """A signed-in person's chosen language, on every page and from the moment they
    sign in; others get the switcher's cookie or their browser's language
    (LocaleMiddleware, which runs before)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and user.preferred_language:
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
