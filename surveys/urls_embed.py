"""Surveys and votes shown in a frame on an organisation's own site (under
/embed/): the only pages another site may frame, and only the sites the
organisation lists."""

from __future__ import annotations

from django.urls import path

from .views import answer, embed

app_name = "embed"

urlpatterns = [
    path("s/<str:token>/", answer.embed_survey_answer, name="survey_answer"),
    path("s/<str:token>/thanks/", answer.embed_survey_thanks, name="survey_thanks"),
    path("b/<str:token>/", embed.embed_ballot_vote, name="ballot_vote"),
    path("b/<str:token>/thanks/", embed.embed_ballot_thanks, name="ballot_thanks"),
]
