"""Providers and contracts, under /o/<org>/contracts/."""

from __future__ import annotations

from django.urls import path

from .views import (
    assessment,
    complaints,
    contracts,
    monitoring,
    providers,
    returns,
    review,
    tender,
)

app_name = "contracts"

urlpatterns = [
    path("", contracts.contract_list, name="list"),
    path("new/", contracts.contract_edit, name="new"),
    path("ocds.json", contracts.contracts_ocds, name="ocds"),
    path("providers/", providers.provider_list, name="providers"),
    path("providers/new/", providers.provider_edit, name="provider_new"),
    path("providers/<int:pk>/", providers.provider_detail, name="provider"),
    path("providers/<int:pk>/edit/", providers.provider_edit, name="provider_edit"),
    path("<int:pk>/", contracts.contract_detail, name="detail"),
    path("<int:pk>/edit/", contracts.contract_edit, name="edit"),
    path(
        "<int:pk>/specification/new/",
        contracts.specification_new,
        name="specification_new",
    ),
    path("<int:pk>/ocds.json", contracts.contract_ocds, name="contract_ocds"),
    path("<int:pk>/meetings/new/", monitoring.meeting_new, name="meeting_new"),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/",
        monitoring.meeting_detail,
        name="meeting",
    ),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/issues/<int:issue_pk>/",
        monitoring.issue_update,
        name="issue_update",
    ),
    path("<int:pk>/complaints/", complaints.complaints, name="complaints"),
    path("<int:pk>/reports/new/", assessment.report_new, name="report_new"),
    path(
        "<int:pk>/reports/<int:report_pk>/",
        assessment.report_detail,
        name="report",
    ),
    path("<int:pk>/governance/", assessment.governance, name="governance"),
    path("<int:pk>/review/", review.review, name="review"),
    path("<int:pk>/tender/", tender.tender, name="tender"),
    path("<int:pk>/tender/score/", tender.score, name="tender_score"),
    path("<int:pk>/tender/moderate/", tender.moderation, name="tender_moderate"),
    path("<int:pk>/returns/new/", returns.return_new, name="return_new"),
    path("<int:pk>/returns/<int:return_pk>/", returns.return_detail, name="return"),
    path(
        "<int:pk>/returns/<int:return_pk>/review/",
        returns.return_review,
        name="return_review",
    ),
]
