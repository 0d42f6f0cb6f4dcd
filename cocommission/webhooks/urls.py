"""An organisation's webhooks, under /o/<org>/webhooks/."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "webhooks"

urlpatterns = [
    path("", views.endpoint_list, name="list"),
    path("new/", views.endpoint_edit, name="new"),
    path("<id:pk>/", views.endpoint_detail, name="detail"),
    path("<id:pk>/edit/", views.endpoint_edit, name="edit"),
    path("<id:pk>/secret/", views.endpoint_secret, name="secret"),
    path("<id:pk>/resume/", views.endpoint_resume_view, name="resume"),
    path("<id:pk>/delete/", views.endpoint_delete, name="delete"),
    path(
        "<id:pk>/deliveries/<id:delivery_pk>/replay/",
        views.delivery_replay_view,
        name="replay",
    ),
]
