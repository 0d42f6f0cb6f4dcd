"""Reports, under /o/<org>/reports/."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_new, name="new"),
    path("<id:pk>/", views.report_detail, name="detail"),
    path("<id:pk>/report.<str:fmt>", views.report_file, name="file"),
    path(
        "cycles/<id:cycle_pk>/equation/",
        views.cycle_equation_view,
        name="equation",
    ),
]
