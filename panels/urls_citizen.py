"""Taking part, for citizens: public pages and their own choices."""

from __future__ import annotations

from django.urls import path

from .views import calendar, citizen

app_name = "taking_part"

urlpatterns = [
    path("get-involved/<slug:org_slug>/", citizen.get_involved, name="get_involved"),
    path("join/<str:token>/", citizen.join, name="join"),
    path("me/consent/<slug:org_slug>/", citizen.consent, name="consent"),
    path("me/profile/<slug:org_slug>/", citizen.profile, name="profile"),
    path("me/seats/<id:pk>/", citizen.seat, name="seat"),
    path("me/pools/<id:pk>/leave/", citizen.leave_pool, name="leave_pool"),
    path(
        "me/organisation-pools/<slug:org_slug>/leave/",
        citizen.leave_organisation_pool,
        name="leave_organisation_pool",
    ),
    path("me/emails/", citizen.email_settings, name="email_settings"),
    path("me/calendar/", calendar.my_calendar, name="calendar"),
]
