from __future__ import annotations

from django.urls import path

from . import views

app_name = "outcomes"

urlpatterns = [
    path("principles/", views.principle_list, name="principles"),
    path("principles/new/", views.principle_edit, name="principle_new"),
    path("principles/<int:pk>/", views.principle_edit, name="principle_edit"),
    path("principles/<int:pk>/questions/", views.criterion_add, name="criterion_add"),
    path(
        "principles/<int:pk>/questions/<int:criterion_pk>/remove/",
        views.criterion_remove,
        name="criterion_remove",
    ),
    path("principles/<int:pk>/move/", views.principle_reorder, name="principle_move"),
    path(
        "principles/<int:pk>/retire/", views.principle_retire, name="principle_retire"
    ),
    path("charter/", views.charter, name="charter"),
]
