"""An organisation's API tokens, under ``o/<org_slug>/api-tokens/``."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "api_tokens"

urlpatterns = [
    path("", views.token_list, name="list"),
    path("new/", views.token_new, name="new"),
    path("<id:pk>/revoke/", views.token_revoke_view, name="revoke"),
]
