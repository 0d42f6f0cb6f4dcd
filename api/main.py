"""The API object: version 1, its authentication, rate limit and errors."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from cocommission.http import client_ip

from .models import ApiToken
from .tokens import token_check


class PublicThrottle(SimpleRateThrottle):
    """Requests without a token, counted per client address (read as the rest of
    the site reads it: behind the trusted proxies only). The rate is read from
    ``API_PUBLIC_RATE`` on each request, so a deployment (or a test) can set it."""

    scope = "api_public"
    cache_format = "api_throttle_%(scope)s_%(ident)s"

    def __init__(self) -> None:
        super().__init__(rate=settings.API_PUBLIC_RATE)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        if getattr(request, "auth", None) is not None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = settings.API_PUBLIC_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


class TokenThrottle(PublicThrottle):
    """Requests with a token, counted per token."""

    scope = "api_token"

    def __init__(self) -> None:
        SimpleRateThrottle.__init__(self, rate=settings.API_TOKEN_RATE)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        token = getattr(request, "auth", None)
        if not isinstance(token, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = settings.API_TOKEN_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return SimpleRateThrottle.allow_request(self, request)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer cc_…``: an organisation's usable token."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        return token_check(token)


api = NinjaAPI(
    title="CoCommission API",
    version="1",
    description=(
        "What public bodies publish about their commissioning cycles, without "
        "sign-in; and, with an organisation's token, its team data, measurements, "
        "provider returns and imports."
    ),
    urls_namespace="api-v1",
    docs_url=None,
    openapi_url="/openapi.json",
    throttle=[PublicThrottle(), TokenThrottle()],
)


def _problem(request: HttpRequest, detail: str, status: int) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthorised(request: HttpRequest, exc: Exception) -> HttpResponse:
    response = _problem(
        request, "A valid token is needed: Authorization: Bearer <token>.", 401
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Unreadable parameters or body: every problem named by where it is."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = list(error.get("loc", ()))
        if loc[:1] == ["body"]:
            # ("body", "payload", "needs", 0, "how_many"): named by the field in
            # the JSON sent, as the forms' own messages are ("needs.0.how_many").
            loc = loc[2:]
        where = ".".join(str(part) for part in loc)
        errors.setdefault(where or "__all__", []).append(str(error.get("msg", "")))
    return api.create_response(
        request,
        {"detail": "The request is not valid.", "errors": errors},
        status=422,
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _problem(request, str(exc), exc.status_code)


def responses(*statuses: int, ok: Any = None) -> dict[int, Any]:
    """The answers an operation documents: its own, and the common errors."""
    from .schemas import FieldErrors, Problem

    out: dict[int, Any] = {200: ok} if ok is not None else {}
    for status in statuses:
        out[status] = FieldErrors if status == 422 else Problem
    out.setdefault(422, FieldErrors)
    # A NUL in the address (cocommission.pages.middleware), and the rate limit.
    out[400] = Problem
    out[429] = Problem
    return out


def _register() -> None:
    from . import public, team

    api.add_router("/", public.router)
    api.add_router("/team/", team.router)


_register()
