from __future__ import annotations

from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("cookies/", views.cookies, name="cookies"),
    path("language/<str:language>/", views.switch_language, name="language"),
]
