"""Public pages, the role-based home, health checks and the rate-limit page."""

from __future__ import annotations

from typing import Any, cast

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from cocommission.accounts.models import User
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


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Send each person to the page their roles need.

    One commissioning team: its cycles. Several: a choice. Only citizen or provider
    roles: their participation page.
    """
    memberships = list(
        Membership.objects.filter(user=cast(User, request.user))
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
        settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
    )
    client.ping()
    return "ok"


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness: 200 when the database and Redis answer, else 503."""
    checks: dict[str, str] = {}
    for name, check in (("database", _check_database), ("redis", _check_redis)):
        try:
            checks[name] = check()
        except Exception as error:  # noqa: BLE001 - any failure means "not ready"
            checks[name] = f"error: {type(error).__name__}"
    healthy = all(not value.startswith("error") for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
