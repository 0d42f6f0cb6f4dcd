"""Template context for the header: the organisation in view and the role's links."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .models import STAFF_ROLES, Membership


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_memberships": [], "current_membership": None}

    def memberships() -> list[Membership]:
        cached = getattr(request, "_nav_memberships", None)
        if cached is None:
            cached = list(
                Membership.objects.filter(user=user).select_related("organisation")
            )
            request._nav_memberships = cached  # type: ignore[attr-defined]
        return cached

    match = getattr(request, "resolver_match", None)
    org_slug = match.kwargs.get("org_slug") if match else None
    current = (
        next((m for m in memberships() if m.organisation.slug == org_slug), None)
        if org_slug
        else None
    )
    return {
        "nav_memberships": memberships(),
        "current_membership": current,
        "has_staff_role": any(m.role in STAFF_ROLES for m in memberships()),
    }
