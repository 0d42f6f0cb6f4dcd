"""Pages about the signed-in person."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from assets.models import Pledge
from cocommission.accounts.models import User
from cocommission.organisations.models import Membership, Role
from cycles.models import Cycle, Status, Visibility


@login_required
@require_safe
def participation(request: HttpRequest) -> HttpResponse:
    """A citizen's own page: where they take part and how to manage their account."""
    memberships = list(
        Membership.objects.filter(user=cast(User, request.user))
        .select_related("organisation")
        .order_by("organisation__name")
    )
    citizen_orgs = [m.organisation_id for m in memberships if m.role == Role.CITIZEN]
    to_assess = (
        Cycle.objects.filter(
            organisation_id__in=citizen_orgs, visibility=Visibility.PUBLIC
        )
        .exclude(status=Status.CLOSED)
        .select_related("organisation")
        .order_by("title")
    )
    return render(
        request,
        "accounts/participation.html",
        {
            "memberships": memberships,
            "to_assess": to_assess,
            "pledges": Pledge.objects.of(request.user).order_by("-created_at")[:20],
        },
    )
