from __future__ import annotations

from django.urls import path

from . import views, views_frameworks, views_governance, views_scorecard

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
    path("principles/", views.principle_list, name="principles"),
    path("principles/new/", views.principle_edit, name="principle_new"),
    path("principles/<id:pk>/", views.principle_edit, name="principle_edit"),
    path("principles/<id:pk>/questions/", views.criterion_add, name="criterion_add"),
    path(
        "principles/<id:pk>/questions/<id:criterion_pk>/remove/",
        views.criterion_remove,
        name="criterion_remove",
    ),
    path("principles/<id:pk>/move/", views.principle_reorder, name="principle_move"),
    path("principles/<id:pk>/retire/", views.principle_retire, name="principle_retire"),
    path("charter/", views.charter, name="charter"),
    path(
        "cycles/<id:cycle_pk>/governance/",
        views_governance.governance_overview,
        name="governance",
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
    path(
        "cycles/<id:cycle_pk>/governance/assess/",
        views_governance.governance_assess_view,
        name="governance_assess",
    ),
]
