"""Public pages, the role-based home, health checks and the rate-limit page."""

from __future__ import annotations

from typing import Any

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from cocommission.accounts.models import User
from cocommission.http import AuthedHttpRequest
from cocommission.http import next_url as safe_next
from cocommission.organisations.models import Membership


@require_safe
def landing(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/landing.html")


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html")


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html")


@require_safe
def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/cookies.html")


@require_http_methods(["GET", "HEAD", "POST"])
def switch_language(request: HttpRequest, language: str) -> HttpResponse:
    """The header's language links: the same page (``next``) in ``language``.

    A link, not a form, so it is the GOV.UK pattern and needs no JavaScript. It only
    sets a display preference; a signed-in person's is kept on their account, unless
    the browser says another site sent them here (Sec-Fetch-Site: cross-site), so a
    hostile page cannot change the language their e-mails come in.
    """
    if language not in dict(settings.LANGUAGES):
        raise Http404
    # Not ``redirect()``: it would read a bare word such as "²" as a view name.
    response = HttpResponseRedirect(safe_next(request, default="/"))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite="Lax",
    )
    same_site = request.headers.get("Sec-Fetch-Site", "same-origin") in (
        "same-origin",
        "none",
    )
    if request.user.is_authenticated and same_site:
        User.objects.filter(pk=request.user.pk).update(preferred_language=language)
    return response


@login_required
@require_safe
def home(request: AuthedHttpRequest) -> HttpResponse:
    """Send each person to the page their roles need.

    One commissioning team: its cycles. Several: a choice. Only citizen or provider
    roles: their participation page.
    """
    memberships = list(
        Membership.objects.filter(user=request.user)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    staff = [m for m in memberships if m.is_staff_role]
    if not staff:
        return redirect("participation:participation")
    if len(staff) == 1:
        return redirect(staff[0].organisation.get_absolute_url())
    return render(request, "pages/choose_organisation.html", {"memberships": staff})


def rate_limited(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    return render(request, "429.html", status=429)


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_redis() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    client: Any = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_connect_timeout=settings.REDIS_TIMEOUT,
        socket_timeout=settings.REDIS_TIMEOUT,
    )
    try:
        client.ping()
    finally:
        client.close()
    return "ok"


#: Said by /healthz while Redis is down and the database answers.
DEGRADED = (
    "Redis is down: citizens can still sign in, answer surveys and vote; "
    "background work (downloads, reports, e-mail) waits until Redis returns."
)


def _check(check: Any) -> str:
    try:
        return str(check())
    except Exception as error:  # noqa: BLE001 - any failure is a state to report
        return f"error: {type(error).__name__}"


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Readiness. 200 "ok" when the database and Redis answer; 200 "degraded" when
    only Redis is down (storing answers needs only the database); 503 when the
    database is down, since nothing can be stored."""
    checks = {"database": _check(_check_database), "redis": _check(_check_redis)}
    body: dict[str, Any] = {"checks": checks}
    if checks["database"].startswith("error"):
        body["status"] = "unavailable"
        return JsonResponse(body, status=503)
    if checks["redis"].startswith("error"):
        body["status"] = "degraded"
        body["message"] = DEGRADED
    else:
        body["status"] = "ok"
    return JsonResponse(body)
