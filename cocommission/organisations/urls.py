from __future__ import annotations

from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("settings/", views.settings_index, name="settings"),
    path("settings/details/", views.organisation_details, name="details"),
    path("settings/embedding/", views.embed_origins, name="embed_origins"),
    path("settings/languages/", views.content_languages, name="languages"),
    path("settings/languages/words/", views.survey_words, name="survey_words"),
    path("members/", views.member_list, name="members"),
    path("members/add/", views.member_add, name="member_add"),
    path("members/<id:pk>/role/", views.member_role, name="member_role"),
    path("members/<id:pk>/remove/", views.member_remove, name="member_remove"),
]
