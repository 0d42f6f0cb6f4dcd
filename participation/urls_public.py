"""Public pages of an organisation and its public cycles, under
``public/<org_slug>/``. Their names are not namespaced (as before the move)."""

from __future__ import annotations

from django.urls import path

from panels.views.calendar import public_panel, public_panel_calendar

from .views.public import public_decisions, public_outcomes
from .views.public_org import (
    public_contracts_ocds,
    public_open_data,
    public_organisation,
)

urlpatterns = [
    path("", public_organisation, name="public_organisation"),
    path("open-data.zip", public_open_data, name="public_open_data"),
    path("contracts/ocds.json", public_contracts_ocds, name="public_contracts_ocds"),
    path(
        "cycles/<id:pk>/you-said-we-did/",
        public_decisions,
        name="public_decisions",
    ),
    path("cycles/<id:pk>/outcomes/", public_outcomes, name="public_outcomes"),
    path("panels/<id:pk>/", public_panel, name="public_panel"),
    path(
        "panels/<id:pk>/meetings.ics",
        public_panel_calendar,
        name="public_panel_calendar",
    ),
]
