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
    path("providers/<id:pk>/", providers.provider_detail, name="provider"),
    path("providers/<id:pk>/edit/", providers.provider_edit, name="provider_edit"),
    path("<id:pk>/", contracts.contract_detail, name="detail"),
    path("<id:pk>/edit/", contracts.contract_edit, name="edit"),
    path(
        "<id:pk>/specification/new/",
        contracts.specification_new,
        name="specification_new",
    ),
    path("<id:pk>/ocds.json", contracts.contract_ocds, name="contract_ocds"),
    path("<id:pk>/meetings/new/", monitoring.meeting_new, name="meeting_new"),
    path(
        "<id:pk>/meetings/<id:meeting_pk>/",
        monitoring.meeting_detail,
        name="meeting",
    ),
    path(
        "<id:pk>/meetings/<id:meeting_pk>/issues/<id:issue_pk>/",
        monitoring.issue_update,
        name="issue_update",
    ),
    path("<id:pk>/complaints/", complaints.complaints, name="complaints"),
    path("<id:pk>/reports/new/", assessment.report_new, name="report_new"),
    path(
        "<id:pk>/reports/<id:report_pk>/",
        assessment.report_detail,
        name="report",
    ),
    path("<id:pk>/governance/", assessment.governance, name="governance"),
    path("<id:pk>/review/", review.review, name="review"),
    path("<id:pk>/tender/", tender.tender, name="tender"),
    path("<id:pk>/tender/score/", tender.score, name="tender_score"),
    path("<id:pk>/tender/moderate/", tender.moderation, name="tender_moderate"),
    path("<id:pk>/returns/new/", returns.return_new, name="return_new"),
    path("<id:pk>/returns/<id:return_pk>/", returns.return_detail, name="return"),
    path(
        "<id:pk>/returns/<id:return_pk>/review/",
        returns.return_review,
        name="return_review",
    ),
]
