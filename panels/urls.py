"""A commissioning team's panel screens, under /o/<org>/panels/."""

from __future__ import annotations

from django.urls import path

from .views import calendar, demographics, meetings, panels, residents, translations

app_name = "panels"

urlpatterns = [
    path("", panels.panel_list, name="list"),
    path("new/", panels.panel_edit, name="new"),
    path("people/", demographics.category_list, name="categories"),
    path("residents/", residents.residents, name="residents"),
    path(
        "residents/<id:pk>/remove/", residents.resident_remove, name="resident_remove"
    ),
    path("people/new/", demographics.category_edit, name="category_new"),
    path("people/<id:pk>/", demographics.category_edit, name="category_edit"),
    path(
        "cycle/<id:cycle_pk>/representation/",
        panels.cycle_representation,
        name="cycle_representation",
    ),
    path("<id:pk>/", panels.panel_detail, name="detail"),
    path("<id:pk>/edit/", panels.panel_edit, name="edit"),
    path("<id:pk>/invite/", panels.panel_invite_view, name="invite"),
    path("<id:pk>/languages/", translations.translation_gaps, name="translations"),
    path(
        "<id:pk>/languages/<str:lang>/",
        translations.translation_edit,
        name="translation_edit",
    ),
    path(
        "<id:pk>/members/<id:member_pk>/step-down/",
        panels.member_step_down,
        name="member_step_down",
    ),
    path(
        "<id:pk>/members/<id:member_pk>/term/",
        panels.member_term,
        name="member_term",
    ),
    path("<id:pk>/reserve/seat/", panels.seat_reserve, name="seat_reserve"),
    path("<id:pk>/quotas/", panels.quotas, name="quotas"),
    path("<id:pk>/quotas.csv", panels.quotas_csv, name="quotas_csv"),
    path("<id:pk>/select/", panels.select, name="select"),
    path("<id:pk>/draws/<id:job_pk>/", panels.draw_progress, name="draw"),
    path(
        "<id:pk>/selections/<id:selection_pk>/",
        panels.selection_detail,
        name="selection",
    ),
    path(
        "<id:pk>/selections/<id:selection_pk>/repeat/",
        panels.selection_repeat_view,
        name="selection_repeat",
    ),
    path("<id:pk>/representation/", panels.panel_representation, name="representation"),
    path("<id:pk>/meetings/new/", meetings.meeting_edit, name="meeting_new"),
    path("<id:pk>/meetings/<id:meeting_pk>/", meetings.meeting_detail, name="meeting"),
    path(
        "<id:pk>/meetings/<id:meeting_pk>/edit/",
        meetings.meeting_edit,
        name="meeting_edit",
    ),
    path(
        "<id:pk>/meetings/<id:meeting_pk>/cancel/",
        meetings.meeting_cancel_view,
        name="meeting_cancel",
    ),
    path(
        "<id:pk>/meetings/<id:meeting_pk>/meeting.ics",
        calendar.meeting_calendar,
        name="meeting_ics",
    ),
    path("<id:pk>/meetings.ics", calendar.panel_calendar, name="calendar"),
    path(
        "<id:pk>/contributions/new/",
        meetings.contribution_new,
        name="contribution_new",
    ),
]
