"""A commissioning team's panel screens, under /o/<org>/panels/."""

from __future__ import annotations

from django.urls import path

from .views import demographics, meetings, panels, residents

app_name = "panels"

urlpatterns = [
    path("", panels.panel_list, name="list"),
    path("new/", panels.panel_edit, name="new"),
    path("people/", demographics.category_list, name="categories"),
    path("residents/", residents.residents, name="residents"),
    path(
        "residents/<int:pk>/remove/", residents.resident_remove, name="resident_remove"
    ),
    path("people/new/", demographics.category_edit, name="category_new"),
    path("people/<int:pk>/", demographics.category_edit, name="category_edit"),
    path(
        "cycle/<int:cycle_pk>/representation/",
        panels.cycle_representation,
        name="cycle_representation",
    ),
    path("<int:pk>/", panels.panel_detail, name="detail"),
    path("<int:pk>/edit/", panels.panel_edit, name="edit"),
    path("<int:pk>/invite/", panels.panel_invite_view, name="invite"),
    path(
        "<int:pk>/members/<int:member_pk>/step-down/",
        panels.member_step_down,
        name="member_step_down",
    ),
    path(
        "<int:pk>/members/<int:member_pk>/term/",
        panels.member_term,
        name="member_term",
    ),
    path("<int:pk>/quotas/", panels.quotas, name="quotas"),
    path("<int:pk>/quotas.csv", panels.quotas_csv, name="quotas_csv"),
    path("<int:pk>/select/", panels.select, name="select"),
    path(
        "<int:pk>/selections/<int:selection_pk>/",
        panels.selection_detail,
        name="selection",
    ),
    path(
        "<int:pk>/representation/", panels.panel_representation, name="representation"
    ),
    path("<int:pk>/meetings/new/", meetings.meeting_edit, name="meeting_new"),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/", meetings.meeting_detail, name="meeting"
    ),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/edit/",
        meetings.meeting_edit,
        name="meeting_edit",
    ),
    path(
        "<int:pk>/contributions/new/",
        meetings.contribution_new,
        name="contribution_new",
    ),
]
