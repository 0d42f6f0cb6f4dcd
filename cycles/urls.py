from __future__ import annotations

from django.urls import path

from .views import (
    activity,
    catalogue,
    cycle,
    decision,
    demand,
    gates,
    need,
    risk,
    translations,
)

app_name = "cycles"

urlpatterns = [
    path("", cycle.cycle_list, name="list"),
    path("new/", cycle.cycle_new, name="new"),
    path("gate-checks/", gates.gate_check_list, name="gate_checks"),
    path("risk-scales/", risk.risk_scales, name="risk_scales"),
    path("gate-checks/new/", gates.gate_check_edit, name="gate_check_new"),
    path("gate-checks/<id:check_pk>/", gates.gate_check_edit, name="gate_check_edit"),
    path("catalogue/", catalogue.catalogue_list, name="catalogue"),
    path("catalogue/new/", catalogue.catalogue_edit, name="catalogue_new"),
    path("catalogue/<id:entry_pk>/", catalogue.catalogue_edit, name="catalogue_edit"),
    path("<id:pk>/", cycle.cycle_detail, name="detail"),
    path("<id:pk>/edit/", cycle.cycle_edit, name="edit"),
    path("<id:pk>/coverage/", cycle.cycle_coverage_view, name="coverage"),
    path("<id:pk>/phases/", cycle.cycle_phase_plan, name="phase_plan"),
    path("<id:pk>/move/<str:phase>/", cycle.cycle_move, name="move"),
    path(
        "<id:pk>/phases/<str:phase>/dates/",
        cycle.cycle_phase_dates,
        name="phase_dates",
    ),
    path("<id:pk>/recommission/", cycle.cycle_recommission_view, name="recommission"),
    path("<id:pk>/history/", cycle.cycle_history, name="history"),
    path("<id:pk>/languages/", translations.cycle_translations, name="translations"),
    path(
        "<id:pk>/languages/<str:lang>/",
        translations.cycle_translation_edit,
        name="translation_edit",
    ),
    path("<id:pk>/gates/<id:check_pk>/", gates.gate_attest_view, name="attest"),
    path(
        "<id:pk>/activities/choose/",
        activity.activity_catalogue,
        name="activity_catalogue",
    ),
    path("<id:pk>/activities/new/", activity.activity_new, name="activity_new"),
    path(
        "<id:pk>/activities/<id:activity_pk>/",
        activity.activity_edit,
        name="activity_edit",
    ),
    path(
        "<id:pk>/activities/<id:activity_pk>/status/",
        activity.activity_status,
        name="activity_status",
    ),
    path(
        "<id:pk>/activities/<id:activity_pk>/files/",
        activity.attachment_add,
        name="attachment_add",
    ),
    path(
        "<id:pk>/activities/<id:activity_pk>/files/<id:attachment_pk>/",
        activity.attachment_download,
        name="attachment_download",
    ),
    path("<id:pk>/needs/", need.need_list, name="needs"),
    path("<id:pk>/needs/new/", need.need_edit, name="need_new"),
    path(
        "<id:pk>/needs/prioritise/",
        need.needs_prioritise_view,
        name="needs_prioritise",
    ),
    path("<id:pk>/needs/<id:need_pk>/", need.need_edit, name="need_edit"),
    path(
        "<id:pk>/needs/<id:need_pk>/routes/",
        demand.need_routes,
        name="need_routes",
    ),
    path(
        "<id:pk>/needs/<id:need_pk>/demand/",
        demand.need_demand,
        name="need_demand",
    ),
    path(
        "<id:pk>/needs/<id:need_pk>/routes/new/",
        demand.need_route_edit,
        name="need_route_new",
    ),
    path(
        "<id:pk>/needs/<id:need_pk>/routes/<id:route_pk>/",
        demand.need_route_edit,
        name="need_route_edit",
    ),
    path(
        "<id:pk>/needs/<id:need_pk>/routes/<id:route_pk>/remove/",
        demand.need_route_remove_view,
        name="need_route_remove",
    ),
    path("<id:pk>/risks/", risk.risk_list, name="risks"),
    path("<id:pk>/risks/new/", risk.risk_edit, name="risk_new"),
    path("<id:pk>/risks/<id:risk_pk>/", risk.risk_edit, name="risk_edit"),
    path("<id:pk>/decisions/", decision.decision_list, name="decisions"),
    path("<id:pk>/decisions/new/", decision.decision_new, name="decision_new"),
    path(
        "<id:pk>/decisions/<id:decision_pk>/",
        decision.decision_edit,
        name="decision_edit",
    ),
    path(
        "<id:pk>/decisions/<id:decision_pk>/confirm/",
        decision.decision_confirm_view,
        name="decision_confirm",
    ),
    path(
        "<id:pk>/decisions/<id:decision_pk>/languages/",
        translations.decision_translations,
        name="decision_translations",
    ),
    path(
        "<id:pk>/decisions/<id:decision_pk>/languages/<str:lang>/",
        translations.decision_translation_edit,
        name="decision_translation_edit",
    ),
]
