"""Root URL configuration."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from cocommission.accounts import views as account_views
from cocommission.pages import views as pages
from cycles.views.public import public_decisions, public_outcomes
from cycles.views.public_org import public_open_data, public_organisation
from panels.views.citizen import unsubscribe_view
from surveys.views import answer as survey_answer
from surveys.views import ballots as survey_ballots
from surveys.views import results as survey_results

urlpatterns = [
    # Answering and voting first: they take most requests, and every pattern
    # before them is tried in turn.
    path("s/<str:token>/", survey_answer.survey_answer, name="survey_answer"),
    path("s/<str:token>/thanks/", survey_answer.survey_thanks, name="survey_thanks"),
    path("b/<str:token>/", survey_ballots.ballot_vote, name="ballot_vote"),
    path("", pages.landing, name="landing"),
    path("home/", pages.home, name="home"),
    path("healthz", pages.healthz, name="healthz"),
    path("", include("cocommission.pages.urls")),
    path("me/", include("cocommission.accounts.urls")),
    path("", include("panels.urls_citizen")),
    # In front of allauth's own view at the same address (see the view).
    path(
        "accounts/login/code/confirm/",
        account_views.confirm_login_code,
        name="account_confirm_login_code",
    ),
    path("accounts/", include("allauth.urls")),
    path("o/<slug:org_slug>/cycles/", include("cycles.urls")),
    path("o/<slug:org_slug>/assets/", include("assets.urls")),
    path("o/<slug:org_slug>/contracts/", include("contracts.urls")),
    path("o/<slug:org_slug>/reports/", include("reports.urls")),
    path("o/<slug:org_slug>/outcomes/", include("outcomes.urls")),
    # Governance began in outcomes; its pages kept their addresses.
    path("o/<slug:org_slug>/outcomes/", include("governance.urls")),
    path("o/<slug:org_slug>/panels/", include("panels.urls")),
    path("o/<slug:org_slug>/surveys/", include("surveys.urls")),
    path(
        "public/<slug:org_slug>/surveys/<str:token>/results/",
        survey_results.public_results,
        name="survey_public_results",
    ),
    path("o/<slug:org_slug>/", include("cocommission.organisations.urls")),
    path("public/<slug:org_slug>/", public_organisation, name="public_organisation"),
    path(
        "public/<slug:org_slug>/open-data.zip",
        public_open_data,
        name="public_open_data",
    ),
    path(
        "public/<slug:org_slug>/cycles/<id:pk>/you-said-we-did/",
        public_decisions,
        name="public_decisions",
    ),
    path(
        "public/<slug:org_slug>/cycles/<id:pk>/outcomes/",
        public_outcomes,
        name="public_outcomes",
    ),
    path("unsubscribe/<str:token>/", unsubscribe_view, name="unsubscribe"),
    path("admin/", admin.site.urls),
]

handler400 = "cocommission.pages.errors.bad_request"
handler404 = "cocommission.pages.errors.not_found"
handler403 = "cocommission.pages.errors.forbidden"
handler500 = "cocommission.pages.errors.server_error"
