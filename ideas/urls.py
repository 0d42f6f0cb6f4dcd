"""Needs and ideas citizens raise: public pages under ``public/<org>/``, the
person's own list under ``me/``, and the team's queue under ``o/<org>/``."""

from __future__ import annotations

from django.urls import path

from .views import public, team

app_name = "ideas"

PUBLIC = "public/<slug:org_slug>/"
TEAM = "o/<slug:org_slug>/ideas/"

urlpatterns = [
    path(f"{PUBLIC}cycles/<id:pk>/ideas/", public.cycle_ideas, name="cycle_ideas"),
    path(f"{PUBLIC}cycles/<id:pk>/ideas/raise/", public.raise_idea, name="raise"),
    path(f"{PUBLIC}ideas/<id:idea_pk>/", public.idea_detail, name="detail"),
    path(f"{PUBLIC}ideas/<id:idea_pk>/support/", public.support, name="support"),
    path(f"{PUBLIC}ideas/<id:idea_pk>/comment/", public.comment, name="comment"),
    path(f"{PUBLIC}comments/<id:comment_pk>/report/", public.report, name="report"),
    path("me/ideas/", public.mine, name="mine"),
    path(TEAM, team.queue, name="queue"),
    path(f"{TEAM}<id:idea_pk>/", team.moderate, name="moderate"),
    path(f"{TEAM}<id:idea_pk>/publish/", team.publish, name="publish"),
    path(f"{TEAM}<id:idea_pk>/hide/", team.hide, name="hide"),
    path(f"{TEAM}<id:idea_pk>/close/", team.close, name="close"),
    path(f"{TEAM}<id:idea_pk>/record-need/", team.record_need, name="record_need"),
    path(
        f"{TEAM}comments/<id:comment_pk>/hide/",
        team.comment_hide_view,
        name="comment_hide",
    ),
    path(
        f"{TEAM}comments/<id:comment_pk>/keep/",
        team.comment_keep_view,
        name="comment_keep",
    ),
]
