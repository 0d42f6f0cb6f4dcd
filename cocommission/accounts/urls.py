from __future__ import annotations

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.participation, name="participation"),
    path("data/", views.my_data, name="my_data"),
    path("erase/", views.erase, name="erase"),
]
