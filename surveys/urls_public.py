"""Answering and voting by link, and published results: public addresses at the
top of the site, without a namespace (their names are older than the apps)."""

from __future__ import annotations

from django.urls import path

from .views import answer, ballots, links, results

urlpatterns = [
    path("s/<str:token>/", answer.survey_answer, name="survey_answer"),
    path("s/<str:token>/thanks/", answer.survey_thanks, name="survey_thanks"),
    path("b/<str:token>/", ballots.ballot_vote, name="ballot_vote"),
    # Short links on printed code cards, short enough to type.
    path("c/<str:code>/", links.survey_code_link, name="survey_code_link"),
    path("v/<str:code>/", links.ballot_code_link, name="ballot_code_link"),
    path(
        "public/<slug:org_slug>/surveys/<str:token>/results/",
        results.public_results,
        name="survey_public_results",
    ),
]
