"""Governance pages. Mounted under ``o/<org>/outcomes/`` in the root URLs, where they
were before governance became its own app, so every address stays the same."""

from __future__ import annotations

from django.urls import path

from .views import assessment, charter, principle

app_name = "governance"

urlpatterns = [
    path("principles/", principle.principle_list, name="principles"),
    path("principles/new/", principle.principle_edit, name="principle_new"),
    path("principles/<id:pk>/", principle.principle_edit, name="principle_edit"),
    path(
        "principles/<id:pk>/questions/", principle.criterion_add, name="criterion_add"
    ),
    path(
        "principles/<id:pk>/questions/<id:criterion_pk>/remove/",
        principle.criterion_remove,
        name="criterion_remove",
    ),
    path(
        "principles/<id:pk>/move/", principle.principle_reorder, name="principle_move"
    ),
    path(
        "principles/<id:pk>/retire/",
        principle.principle_retire,
        name="principle_retire",
    ),
    path(
        "principles/languages/",
        principle.principle_languages,
        name="principle_languages",
    ),
    path(
        "principles/languages/<str:lang>/",
        principle.principle_language,
        name="principle_language",
    ),
    path("charter/", charter.charter, name="charter"),
    path("charter/languages/", charter.charter_languages, name="charter_languages"),
    path(
        "charter/languages/<str:lang>/",
        charter.charter_language,
        name="charter_language",
    ),
    path(
        "cycles/<id:cycle_pk>/governance/",
        assessment.governance_overview,
        name="overview",
    ),
    path(
        "cycles/<id:cycle_pk>/governance/assess/",
        assessment.governance_assess_view,
        name="assess",
    ),
]
