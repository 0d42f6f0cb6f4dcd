"""Rate limits for people who are not signed in."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django_ratelimit.core import is_ratelimited

from .views import rate_limited

LOGIN_PATH_PREFIXES = ("/accounts/login/", "/accounts/password/reset/")


class AnonymousPostRateLimitMiddleware:
    """Every anonymous POST shares one budget per address; sign-in has a tighter one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and not request.user.is_authenticated:
            limits = [("anonymous-post", settings.RATELIMIT_ANONYMOUS_POST_RATE)]
            if request.path.startswith(LOGIN_PATH_PREFIXES):
                limits.append(("sign-in", settings.RATELIMIT_LOGIN_RATE))
            for group, rate in limits:
                if is_ratelimited(
                    request, group=group, key="ip", rate=rate, increment=True
                ):
                    return rate_limited(request)
        return self.get_response(request)
