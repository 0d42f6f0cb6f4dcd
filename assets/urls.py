"""Routes of the assets app; its screens arrive with their own issue."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "assets"

urlpatterns: list[URLPattern] = []
