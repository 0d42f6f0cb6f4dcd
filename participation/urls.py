"""A signed-in person's own pages, under ``me/``."""

from __future__ import annotations

from django.urls import path

from .views import me

app_name = "participation"

urlpatterns = [
    path("", me.participation, name="participation"),
    path("data/", me.my_data, name="my_data"),
    path("erase/", me.erase, name="erase"),
    path("language/", me.language, name="language"),
]
