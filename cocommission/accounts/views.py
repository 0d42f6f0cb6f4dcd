"""Pages about the signed-in person."""

from __future__ import annotations

import json
from typing import Any, cast

from allauth.account.internal.userkit import user_id_to_str
from allauth.account.views import ConfirmLoginCodeView as AllauthConfirmLoginCodeView
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from assets.models import Pledge
from cocommission.accounts.models import User
from cocommission.organisations.models import Membership, Role
from cycles.models import Cycle, Decision, Status, Visibility
from panels.models import SEATED, Meeting, MemberStatus, PanelMember, Volunteer

from .personal_data import (
    account_erase,
    can_erase,
    personal_data,
    personal_data_page,
)
from .signin import NEW_ACCOUNT, account_for_confirmed_code


class ConfirmLoginCodeView(AllauthConfirmLoginCodeView):
    """allauth's page for typing a sign-in code, which also counts tries per account
    across all its codes (the form) and makes a newcomer's account only once their
    code is right. Served at allauth's own address, in front of it."""

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        if self._action == "verify":
            kwargs["email"] = self._process.state.get("email") or ""
            kwargs["user"] = self._process.user
        return kwargs

    def _verify_form_valid(self, form: Any) -> HttpResponse:
        process = self._process
        email = process.state.get("email")
        if email and (process.user is not None or process.state.get(NEW_ACCOUNT)):
            user = account_for_confirmed_code(email=email, user=process.user)
            process.state["user_id"] = user_id_to_str(user)
        return cast(HttpResponse, super()._verify_form_valid(form))

    def form_invalid(self, form: Any) -> HttpResponse:
        response = cast(HttpResponse, super().form_invalid(form))
        if form.has_error("code", "too_many_tries") and response.status_code == 200:
            response.status_code = 429
        return response


confirm_login_code = ConfirmLoginCodeView.as_view()


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
    user = cast(User, request.user)
    seats = list(
        PanelMember.objects.filter(user=user)
        .exclude(status=MemberStatus.STEPPED_DOWN)
        .select_related("panel__cycle", "panel__organisation")
    )
    panel_cycles = {s.panel.cycle_id for s in seats if s.panel.cycle_id}
    return render(
        request,
        "accounts/participation.html",
        {
            "invitations": [s for s in seats if s.status == MemberStatus.INVITED],
            "seats": [s for s in seats if s.status in SEATED],
            "pools": Volunteer.objects.filter(user=user).select_related("panel"),
            "meetings": Meeting.objects.upcoming()
            .filter(panel__in=[s.panel for s in seats if s.status in SEATED])
            .select_related("panel")[:5],
            "you_said": Decision.objects.published()
            .current()
            .filter(cycle_id__in=panel_cycles)
            .select_related("cycle", "cycle__organisation")[:10],
            "memberships": memberships,
            "to_assess": to_assess,
            "pledges": Pledge.objects.of(request.user).order_by("-created_at")[:20],
        },
    )


@login_required
@require_safe
def my_data(request: HttpRequest) -> HttpResponse:
    """Everything held about the person, readable, with a JSON download."""
    user = cast(User, request.user)
    if request.GET.get("format") == "json":
        response = HttpResponse(
            json.dumps(personal_data(user), cls=DjangoJSONEncoder, indent=2),
            content_type="application/json",
        )
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = (
            f'attachment; filename="my-cocommission-data-{stamp}.json"'
        )
        return response
    sections = personal_data_page(user)
    return render(
        request,
        "accounts/my_data.html",
        {
            "sections": [s for s in sections if s["rows"]],
            "empty": [s for s in sections if not s["rows"]],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest) -> HttpResponse:
    """Erase the account, after a clear confirmation."""
    user = cast(User, request.user)
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm") != "erase":
            error = _("Tick the box to confirm you want your account erased")
        else:
            try:
                account_erase(user=user)
            except ValidationError as problem:
                error = " ".join(problem.messages)
            else:
                logout(request)
                messages.success(
                    request,
                    _(
                        "Your account and personal data have been erased. Thank you "
                        "for taking part."
                    ),
                )
                return redirect("landing")
    return render(
        request,
        "accounts/erase.html",
        {"allowed": can_erase(user), "error": error},
        status=400 if error else 200,
    )
