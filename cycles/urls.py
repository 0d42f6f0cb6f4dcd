from __future__ import annotations

from django.urls import path

from .views import activity, catalogue, cycle, decision, gates, need, risk

app_name = "cycles"

urlpatterns = [
    path("", cycle.cycle_list, name="list"),
    path("new/", cycle.cycle_new, name="new"),
    path("gate-checks/", gates.gate_check_list, name="gate_checks"),
    path("risk-scales/", risk.risk_scales, name="risk_scales"),
    path("gate-checks/new/", gates.gate_check_edit, name="gate_check_new"),
    path("gate-checks/<int:check_pk>/", gates.gate_check_edit, name="gate_check_edit"),
    path("catalogue/", catalogue.catalogue_list, name="catalogue"),
    path("catalogue/new/", catalogue.catalogue_edit, name="catalogue_new"),
    path("catalogue/<int:entry_pk>/", catalogue.catalogue_edit, name="catalogue_edit"),
    path("<int:pk>/", cycle.cycle_detail, name="detail"),
    path("<int:pk>/edit/", cycle.cycle_edit, name="edit"),
    path("<int:pk>/coverage/", cycle.cycle_coverage_view, name="coverage"),
    path("<int:pk>/phases/", cycle.cycle_phase_plan, name="phase_plan"),
    path("<int:pk>/move/<str:phase>/", cycle.cycle_move, name="move"),
    path("<int:pk>/recommission/", cycle.cycle_recommission_view, name="recommission"),
    path("<int:pk>/history/", cycle.cycle_history, name="history"),
    path("<int:pk>/gates/<int:check_pk>/", gates.gate_attest_view, name="attest"),
    path(
        "<int:pk>/activities/choose/",
        activity.activity_catalogue,
        name="activity_catalogue",
    ),
    path("<int:pk>/activities/new/", activity.activity_new, name="activity_new"),
    path(
        "<int:pk>/activities/<int:activity_pk>/",
        activity.activity_edit,
        name="activity_edit",
    ),
    path(
        "<int:pk>/activities/<int:activity_pk>/status/",
        activity.activity_status,
        name="activity_status",
    ),
    path(
        "<int:pk>/activities/<int:activity_pk>/files/",
        activity.attachment_add,
        name="attachment_add",
    ),
    path(
        "<int:pk>/activities/<int:activity_pk>/files/<int:attachment_pk>/",
        activity.attachment_download,
        name="attachment_download",
    ),
    path("<int:pk>/needs/", need.need_list, name="needs"),
    path("<int:pk>/needs/new/", need.need_edit, name="need_new"),
    path(
        "<int:pk>/needs/prioritise/",
        need.needs_prioritise_view,
        name="needs_prioritise",
    ),
    path("<int:pk>/needs/<int:need_pk>/", need.need_edit, name="need_edit"),
    path("<int:pk>/risks/", risk.risk_list, name="risks"),
    path("<int:pk>/risks/new/", risk.risk_edit, name="risk_new"),
    path("<int:pk>/risks/<int:risk_pk>/", risk.risk_edit, name="risk_edit"),
    path("<int:pk>/decisions/", decision.decision_list, name="decisions"),
    path("<int:pk>/decisions/new/", decision.decision_new, name="decision_new"),
    path(
        "<int:pk>/decisions/<int:decision_pk>/",
        decision.decision_edit,
        name="decision_edit",
    ),
    path(
        "<int:pk>/decisions/<int:decision_pk>/confirm/",
        decision.decision_confirm_view,
        name="decision_confirm",
    ),
]
