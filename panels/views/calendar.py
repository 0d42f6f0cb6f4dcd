"""Calendar feeds of panel meetings, a calendar file per meeting, a person's secret
feed addresses, and the public page of a panel whose meetings are public.

Who reads a panel's meetings: the organisation's team and the people seated on
the panel (signed in, or through their secret feed address, since calendar apps
cannot sign in); anyone, for the coming meetings of a public panel. Everyone else
gets 404, as for any page they may not see.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cocommission.http import AuthedHttpRequest
from cocommission.organisations.models import STAFF_ROLES, roles_of

from ..calendar import meetings_ical, panel_feed_meetings
from ..models import SEATED, CalendarFeed, Meeting, Panel, PanelMember


def may_read_meetings(user: Any, panel: Panel) -> bool:
    """The organisation's team, and the people seated on the panel."""
    if roles_of(user).get(panel.organisation_id) in STAFF_ROLES:
        return True
    return PanelMember.objects.holds_seat(panel.pk, user)


def _panel(org_slug: str, pk: int) -> Panel:
    return get_object_or_404(
        Panel.objects.select_related("organisation"),
        organisation__slug=org_slug,
        pk=pk,
    )


def _readable_panel(request: HttpRequest, org_slug: str, pk: int) -> Panel:
    panel = _panel(org_slug, pk)
    if not may_read_meetings(request.user, panel):
        raise Http404
    return panel


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def panel_calendar(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """The panel's meetings as a calendar file, for a signed-in member or the team."""
    panel = _readable_panel(request, org_slug, pk)
    body = meetings_ical(
        name=panel.name,
        meetings=panel_feed_meetings(panel, public=False),
        host=request.get_host(),
        public=False,
    )
    return _ics(body, f"panel-{panel.pk}-meetings.ics")


@login_required
@require_safe
def meeting_calendar(
    request: AuthedHttpRequest, org_slug: str, pk: int, meeting_pk: int
) -> HttpResponse:
    """One meeting as a calendar file, to add to a calendar."""
    panel = _readable_panel(request, org_slug, pk)
    meeting = get_object_or_404(Meeting.objects.filter(panel=panel), pk=meeting_pk)
    meeting.panel = panel
    body = meetings_ical(
        name=panel.name, meetings=[meeting], host=request.get_host(), public=False
    )
    return _ics(body, f"meeting-{meeting.pk}.ics")


@require_safe
def feed(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    """A panel's meetings for a calendar app, through the person's secret address:
    404 for a token that was replaced or stopped, or a panel they may not read."""
    owner = get_object_or_404(
        CalendarFeed.objects.select_related("user"), token=token
    ).user
    if not owner.is_active:
        raise Http404
    panel: Panel = get_object_or_404(
        Panel.objects.select_related("organisation"), pk=pk
    )
    if not may_read_meetings(owner, panel):
        raise Http404
    body = meetings_ical(
        name=panel.name,
        meetings=panel_feed_meetings(panel, public=False),
        host=request.get_host(),
        public=False,
    )
    return _ics(body, f"panel-{panel.pk}-meetings.ics")


def _readable_panels(user: Any) -> list[Panel]:
    staff_of = [org for org, role in roles_of(user).items() if role in STAFF_ROLES]
    seated = PanelMember.objects.filter(user=user, status__in=SEATED).values("panel_id")
    return list(
        Panel.objects.filter(Q(organisation_id__in=staff_of) | Q(pk__in=seated))
        .select_related("organisation")
        .order_by("organisation__name", "name", "pk")
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_calendar(request: AuthedHttpRequest) -> HttpResponse:
    """The person's secret calendar addresses, one per panel they may read; a new
    address ends the old one at once, and "stop" ends them all."""
    action = request.POST.get("action", "")
    if action == "new":
        CalendarFeed.objects.filter(user=request.user).delete()
        CalendarFeed.objects.create(user=request.user)
        messages.success(
            request, _("New calendar addresses made. The old ones no longer work.")
        )
        return redirect("taking_part:calendar")
    if action == "stop":
        CalendarFeed.objects.filter(user=request.user).delete()
        messages.success(request, _("Your calendar addresses no longer work."))
        return redirect("taking_part:calendar")
    own = CalendarFeed.objects.filter(user=request.user).first()
    panels = _readable_panels(request.user)
    rows = [
        (
            panel,
            request.build_absolute_uri(
                reverse("calendar_feed", kwargs={"token": own.token, "pk": panel.pk})
            )
            if own
            else "",
        )
        for panel in panels
    ]
    return render(request, "panels/my_calendar.html", {"rows": rows, "feed": own})


def _public_panel(org_slug: str, pk: int) -> Panel:
    return get_object_or_404(
        Panel.objects.public().select_related("organisation"),
        organisation__slug=org_slug,
        pk=pk,
    )


@require_safe
def public_panel(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """A public panel: what it does and its coming meetings (titles and times)."""
    panel = _public_panel(org_slug, pk)
    return render(
        request,
        "panels/public_panel.html",
        {
            "panel": panel,
            "organisation": panel.organisation,
            "meetings": panel_feed_meetings(panel, public=True),
        },
    )


@require_safe
def public_panel_calendar(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """A public panel's coming meetings, for anyone's calendar app."""
    panel = _public_panel(org_slug, pk)
    body = meetings_ical(
        name=panel.name,
        meetings=panel_feed_meetings(panel, public=True),
        host=request.get_host(),
        public=True,
    )
    response = _ics(body, f"panel-{panel.pk}-meetings.ics")
    response["Cache-Control"] = "public, max-age=300"
    return response
