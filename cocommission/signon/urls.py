from __future__ import annotations

from django.urls import path

from . import views

app_name = "signon"

urlpatterns = [path("start/", views.start_view, name="start")]
