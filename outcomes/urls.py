from __future__ import annotations

from django.urls import path

from . import views_frameworks, views_scorecard

app_name = "outcomes"

urlpatterns = [
    path("", views_frameworks.framework_list, name="frameworks"),
    path("frameworks/new/", views_frameworks.framework_new, name="framework_new"),
    path("frameworks/<id:pk>/", views_frameworks.framework_detail, name="framework"),
    path(
        "frameworks/<id:pk>/outcomes/new/",
        views_frameworks.outcome_edit,
        name="outcome_new",
    ),
    path(
        "frameworks/<id:pk>/outcomes/<id:outcome_pk>/",
        views_frameworks.outcome_edit,
        name="outcome_edit",
    ),
    path(
        "frameworks/<id:pk>/outcomes/<id:outcome_pk>/indicators/new/",
        views_frameworks.indicator_edit,
        name="indicator_new",
    ),
    path(
        "frameworks/<id:pk>/outcomes/<id:outcome_pk>/indicators/<id:indicator_pk>/",
        views_frameworks.indicator_edit,
        name="indicator_edit",
    ),
    path(
        "frameworks/<id:pk>/indicators/<id:indicator_pk>/",
        views_frameworks.indicator_detail,
        name="indicator",
    ),
    path(
        "frameworks/<id:pk>/indicators/<id:indicator_pk>/measurements/",
        views_frameworks.measurement_add,
        name="measurement_add",
    ),
    path(
        "frameworks/<id:pk>/indicators/<id:indicator_pk>/import/",
        views_frameworks.measurement_import,
        name="measurement_import",
    ),
    path(
        "frameworks/<id:pk>/indicators/<id:indicator_pk>/from-survey/",
        views_frameworks.measurement_from_survey_view,
        name="measurement_from_survey",
    ),
    path(
        "cycles/<id:cycle_pk>/scorecard/", views_scorecard.scorecard, name="scorecard"
    ),
    path("cycles/<id:cycle_pk>/costs/", views_scorecard.cost_add, name="cost_add"),
    path(
        "cycles/<id:cycle_pk>/costs/<id:cost_pk>/remove/",
        views_scorecard.cost_remove,
        name="cost_remove",
    ),
]
