from __future__ import annotations

from django.urls import path

from . import views

app_name = "assets"

urlpatterns = [
    path("", views.asset_list, name="list"),
    path("new/", views.asset_edit, name="new"),
    path("import/", views.asset_import, name="import"),
    path("export.csv", views.asset_export, name="export"),
    path("pledges/", views.pledge_list, name="pledges"),
    path("pledges/offer/", views.pledge_new, name="pledge_new"),
    path("pledges/record/", views.pledge_record, name="pledge_record"),
    path("community/", views.community_assets, name="community"),
    path("suggest/", views.asset_suggest_view, name="suggest"),
    path("suggestions/", views.asset_suggestions, name="suggestions"),
    path(
        "suggestions/<id:pk>/",
        views.asset_suggestion_review,
        name="suggestion_review",
    ),
    path("pledges/<id:pk>/status/", views.pledge_status, name="pledge_status"),
    path("resources/", views.resources_across_cycles, name="resources"),
    path(
        "cycles/<id:cycle_pk>/resources/",
        views.cycle_resources_view,
        name="cycle_resources",
    ),
    path("<id:pk>/", views.asset_edit, name="edit"),
]
