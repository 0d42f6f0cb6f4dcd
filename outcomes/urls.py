from __future__ import annotations

from django.urls import path

from .views import corrections, frameworks, partners, scorecard

app_name = "outcomes"

urlpatterns = [
    path("", frameworks.framework_list, name="frameworks"),
    path("frameworks/new/", frameworks.framework_new, name="framework_new"),
    path("frameworks/<id:pk>/", frameworks.framework_detail, name="framework"),
    path(
        "frameworks/<id:pk>/outcomes/new/",
        frameworks.outcome_edit,
        name="outcome_new",
    ),
    path(
        "frameworks/<id:pk>/outcomes/<id:outcome_pk>/",
        frameworks.outcome_edit,
        name="outcome_edit",
    ),
    path(
        "frameworks/<id:pk>/outcomes/<id:outcome_pk>/indicators/new/",
        frameworks.indicator_edit,
        name="indicator_new",
    ),
    path(
        "frameworks/<id:pk>/outcomes/<id:outcome_pk>/indicators/<id:indicator_pk>/",
        frameworks.indicator_edit,
        name="indicator_edit",
    ),
    path(
        "frameworks/<id:pk>/indicators/<id:indicator_pk>/",
        frameworks.indicator_detail,
        name="indicator",
    ),
    path(
        "frameworks/<id:pk>/indicators/<id:indicator_pk>/measurements/",
        frameworks.measurement_add,
        name="measurement_add",
    ),
    path(
        "frameworks/<id:pk>/indicators/<id:indicator_pk>/measurements/"
        "<id:measurement_pk>/correct/",
        corrections.measurement_correct_view,
        name="measurement_correct",
    ),
    path(
        "frameworks/<id:pk>/indicators/<id:indicator_pk>/measurements/"
        "<id:measurement_pk>/withdraw/",
        corrections.measurement_withdraw_view,
        name="measurement_withdraw",
    ),
    path(
        "frameworks/<id:pk>/indicators/<id:indicator_pk>/import/",
        frameworks.measurement_import,
        name="measurement_import",
    ),
    path(
        "frameworks/<id:pk>/indicators/<id:indicator_pk>/from-survey/",
        frameworks.measurement_from_survey_view,
        name="measurement_from_survey",
    ),
    path("cycles/<id:cycle_pk>/scorecard/", scorecard.scorecard, name="scorecard"),
    path("cycles/<id:cycle_pk>/costs/", scorecard.cost_add, name="cost_add"),
    path(
        "cycles/<id:cycle_pk>/costs/<id:cost_pk>/remove/",
        scorecard.cost_remove,
        name="cost_remove",
    ),
    path("cycles/<id:cycle_pk>/who-gains/", partners.who_gains, name="who_gains"),
    path(
        "cycles/<id:cycle_pk>/who-gains/partners/new/",
        partners.partner_edit,
        name="partner_new",
    ),
    path(
        "cycles/<id:cycle_pk>/who-gains/partners/<id:partner_pk>/",
        partners.partner_edit,
        name="partner_edit",
    ),
    path(
        "cycles/<id:cycle_pk>/who-gains/benefits/new/",
        partners.benefit_edit,
        name="benefit_new",
    ),
    path(
        "cycles/<id:cycle_pk>/who-gains/benefits/<id:benefit_pk>/",
        partners.benefit_edit,
        name="benefit_edit",
    ),
    path(
        "cycles/<id:cycle_pk>/who-gains/agreements/new/",
        partners.agreement_edit,
        name="agreement_new",
    ),
    path(
        "cycles/<id:cycle_pk>/who-gains/agreements/<id:agreement_pk>/",
        partners.agreement_edit,
        name="agreement_edit",
    ),
]
