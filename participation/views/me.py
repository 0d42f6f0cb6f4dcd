"""A signed-in person's own pages: where they take part, their data, erasure."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from assets.models import Pledge
from cocommission.accounts.forms import (
    LanguageForm,
    language_question,
    page_language_choice,
)
from cocommission.accounts.personal_data import (
    account_erase,
    can_erase,
    personal_data,
    personal_data_page,
)
from cocommission.forms import form_page
from cocommission.http import AuthedHttpRequest, next_url
from cocommission.organisations.models import Membership, Role
from contracts.work import contract_work
from cycles.models import Cycle, Decision, Status, Visibility
from panels.models import (
    SEATED,
    Meeting,
    MemberStatus,
    PanelMember,
    PoolMember,
    Volunteer,
)
from panels.translations import in_page_language


@login_required
@require_safe
def participation(request: AuthedHttpRequest) -> HttpResponse:
    """A citizen's own page: where they take part and how to manage their account."""
    memberships = list(
        Membership.objects.filter(user=request.user)
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
    user = request.user
    seats = list(
        PanelMember.objects.filter(user=user)
        .exclude(status=MemberStatus.STEPPED_DOWN)
        .select_related("panel__cycle", "panel__organisation")
    )
    pools = list(
        Volunteer.objects.filter(user=user).select_related("panel__organisation")
    )
    # Each panel's name in the page's language where its team wrote it.
    for seat in seats:
        seat.panel = in_page_language(seat.panel)
    for pool in pools:
        pool.panel = in_page_language(pool.panel)
    panel_cycles = {s.panel.cycle_id for s in seats if s.panel.cycle_id}
    return render(
        request,
        "participation/participation.html",
        {
            # Asked once, here, of anyone whose account was made without the
            # sign-up form (a code, an invitation, single sign-on) until answered.
            "language_form": language_question(user),
            "invitations": [s for s in seats if s.status == MemberStatus.INVITED],
            "seats": [s for s in seats if s.status in SEATED],
            "reserves": [s for s in seats if s.status == MemberStatus.RESERVE],
            "pools": pools,
            "organisation_pools": PoolMember.objects.filter(user=user)
            .select_related("organisation")
            .order_by("organisation__name"),
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
            "contract_work": contract_work(user),
        },
    )


@login_required
@require_safe
def my_data(request: AuthedHttpRequest) -> HttpResponse:
    """Everything held about the person, readable, with a JSON download."""
    user = request.user
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
        "participation/my_data.html",
        {
            "sections": [s for s in sections if s["rows"]],
            "empty": [s for s in sections if not s["rows"]],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def erase(request: AuthedHttpRequest) -> HttpResponse:
    """Erase the account, after a clear confirmation."""
    user = request.user
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
        "participation/erase.html",
        {"allowed": can_erase(user), "error": error},
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def language(request: AuthedHttpRequest) -> HttpResponse:
    """The language of the person's pages and e-mails (the header's links change it
    too). Kept on the account, so e-mails sent later, from any task, use it."""
    user = request.user
    form = LanguageForm(
        request.POST if request.method == "POST" else None,
        initial={
            "preferred_language": user.preferred_language or page_language_choice()
        },
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["preferred_language"]
        user.preferred_language = chosen
        user.save(update_fields=["preferred_language"])
        translation.activate(chosen)
        messages.success(request, _("Your language is saved."))
        # Back to the page that asked, if it did (the banner), else their page.
        response = redirect(
            next_url(request, default=reverse("participation:participation"))
        )
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            chosen,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite="Lax",
        )
        return response
    return form_page(
        request,
        form=form,
        caption=user.email,
        title=_("Your language"),
        button=_("Save"),
        cancel_url=reverse("participation:participation"),
    )
