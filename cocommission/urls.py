"""Root URL configuration.

It imports only the core; feature apps and the participation app (the
citizen's and the public's pages) come in by ``include``."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from cocommission.accounts import views as account_views
from cocommission.notifications.views import unsubscribe_view
from cocommission.pages import views as pages

urlpatterns = [
    # Answering and voting first: they take most requests, and every pattern
    # before them is tried in turn.
    path("", include("surveys.urls_public")),
    path("embed/", include("surveys.urls_embed")),
    path("", pages.landing, name="landing"),
    path("home/", pages.home, name="home"),
    path("healthz", pages.healthz, name="healthz"),
    path("", include("cocommission.pages.urls")),
    path("", include("ideas.urls")),
    path("me/", include("participation.urls")),
    path("", include("panels.urls_citizen")),
    # In front of allauth's own view at the same address (see the view).
    path(
        "accounts/login/code/confirm/",
        account_views.confirm_login_code,
        name="account_confirm_login_code",
    ),
    path("accounts/sign-on/", include("cocommission.signon.urls")),
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
    path("o/<slug:org_slug>/api-tokens/", include("api.urls_tokens")),
    path("o/<slug:org_slug>/webhooks/", include("cocommission.webhooks.urls")),
    path("o/<slug:org_slug>/", include("cocommission.organisations.urls")),
    path("public/<slug:org_slug>/", include("participation.urls_public")),
    path("api/v1/docs/", include("api.urls_docs")),
    path("api/v1/", include("api.urls")),
    path("unsubscribe/<str:token>/", unsubscribe_view, name="unsubscribe"),
    path("", include("panels.urls_feeds")),
    path("admin/", admin.site.urls),
]

handler400 = "cocommission.pages.errors.bad_request"
handler404 = "cocommission.pages.errors.not_found"
handler403 = "cocommission.pages.errors.forbidden"
handler500 = "cocommission.pages.errors.server_error"
