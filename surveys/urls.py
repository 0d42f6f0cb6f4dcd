"""A team's survey screens, under /o/<org>/surveys/."""

from __future__ import annotations

from django.urls import path

from .views import ballots, builder, codes, exports, results

app_name = "surveys"

urlpatterns = [
    path("", builder.survey_list, name="list"),
    path("new/", builder.survey_edit, name="new"),
    path("votes/", ballots.ballot_list, name="ballots"),
    path("votes/new/", ballots.ballot_edit, name="ballot_new"),
    path("votes/<int:pk>/", ballots.ballot_detail, name="ballot"),
    path("votes/<int:pk>/edit/", ballots.ballot_edit, name="ballot_edit"),
    path("votes/<int:pk>/state/", ballots.ballot_state, name="ballot_state"),
    path("votes/<int:pk>/decide/", ballots.ballot_decide_view, name="ballot_decide"),
    path("votes/<int:pk>/pabulib.pb", ballots.ballot_pb, name="ballot_pb"),
    path("votes/<int:pk>/codes/", codes.ballot_codes, name="ballot_codes"),
    path("votes/<int:pk>/options/new/", ballots.option_edit, name="option_new"),
    path(
        "votes/<int:pk>/options/<int:option_pk>/",
        ballots.option_edit,
        name="option_edit",
    ),
    path("<int:pk>/", builder.survey_detail, name="detail"),
    path("<int:pk>/edit/", builder.survey_edit, name="edit"),
    path("<int:pk>/state/", builder.survey_state, name="state"),
    path("<int:pk>/preview/", builder.survey_preview, name="preview"),
    path("<int:pk>/codes/", codes.codes, name="codes"),
    path("<int:pk>/questions/new/", builder.question_edit, name="question_new"),
    path(
        "<int:pk>/questions/<int:question_pk>/",
        builder.question_edit,
        name="question_edit",
    ),
    path(
        "<int:pk>/questions/<int:question_pk>/remove/",
        builder.question_remove,
        name="question_remove",
    ),
    path(
        "<int:pk>/questions/<int:question_pk>/action/",
        builder.question_action,
        name="question_action",
    ),
    path("<int:pk>/results/", results.results, name="results"),
    path("<int:pk>/compare/", results.crosstab, name="crosstab"),
    path("<int:pk>/downloads/", exports.export_list, name="exports"),
    path("<int:pk>/downloads/new/", exports.export_new, name="export_new"),
    path(
        "<int:pk>/downloads/<int:export_pk>/",
        exports.export_download,
        name="export_download",
    ),
    path(
        "<int:pk>/results/text/<int:question_pk>/",
        results.text_results,
        name="text_results",
    ),
    path("<int:pk>/results/publish/", results.publish_results, name="publish_results"),
    path(
        "<int:pk>/results/text/<int:question_pk>/quote/",
        results.quote_new,
        name="quote_new",
    ),
    path(
        "<int:pk>/quotes/<int:quote_pk>/remove/",
        results.quote_remove,
        name="quote_remove",
    ),
]
