"""A team's survey screens, under /o/<org>/surveys/."""

from __future__ import annotations

from django.urls import path

from .views import (
    ballot_translations,
    ballots,
    builder,
    codes,
    embed,
    entry,
    exports,
    paper,
    results,
    translations,
)

app_name = "surveys"

urlpatterns = [
    path("", builder.survey_list, name="list"),
    path("new/", builder.survey_edit, name="new"),
    path("embed/", embed.embed_codes, name="embed"),
    path("votes/", ballots.ballot_list, name="ballots"),
    path("votes/new/", ballots.ballot_edit, name="ballot_new"),
    path("votes/import/", ballots.ballot_import_view, name="ballot_import"),
    path("votes/import/<id:pk>/", ballots.ballot_import_job, name="ballot_import_job"),
    path("votes/<id:pk>/", ballots.ballot_detail, name="ballot"),
    path("votes/<id:pk>/edit/", ballots.ballot_edit, name="ballot_edit"),
    path("votes/<id:pk>/state/", ballots.ballot_state, name="ballot_state"),
    path("votes/<id:pk>/decide/", ballots.ballot_decide_view, name="ballot_decide"),
    path("votes/<id:pk>/pabulib.pb", ballots.ballot_pb, name="ballot_pb"),
    path("votes/<id:pk>/codes/", codes.ballot_codes, name="ballot_codes"),
    path(
        "votes/<id:pk>/languages/",
        ballot_translations.ballot_translation_gaps,
        name="ballot_translations",
    ),
    path(
        "votes/<id:pk>/languages/<str:lang>/",
        ballot_translations.ballot_translation_edit,
        name="ballot_translation_edit",
    ),
    path("votes/<id:pk>/options/new/", ballots.option_edit, name="option_new"),
    path(
        "votes/<id:pk>/options/<id:option_pk>/",
        ballots.option_edit,
        name="option_edit",
    ),
    path("<id:pk>/", builder.survey_detail, name="detail"),
    path("<id:pk>/edit/", builder.survey_edit, name="edit"),
    path("<id:pk>/state/", builder.survey_state, name="state"),
    path("<id:pk>/preview/", builder.survey_preview, name="preview"),
    path("<id:pk>/languages/", translations.translation_gaps, name="translations"),
    path(
        "<id:pk>/languages/<str:lang>/",
        translations.translation_edit,
        name="translation_edit",
    ),
    path("<id:pk>/codes/", codes.codes, name="codes"),
    path("<id:pk>/enter/", entry.entry, name="entry"),
    path("<id:pk>/paper.pdf", paper.paper, name="paper"),
    path("<id:pk>/questions/new/", builder.question_edit, name="question_new"),
    path(
        "<id:pk>/questions/<id:question_pk>/",
        builder.question_edit,
        name="question_edit",
    ),
    path(
        "<id:pk>/questions/<id:question_pk>/remove/",
        builder.question_remove,
        name="question_remove",
    ),
    path(
        "<id:pk>/questions/<id:question_pk>/action/",
        builder.question_action,
        name="question_action",
    ),
    path("<id:pk>/results/", results.results, name="results"),
    path("<id:pk>/compare/", results.crosstab, name="crosstab"),
    path("<id:pk>/downloads/", exports.export_list, name="exports"),
    path("<id:pk>/downloads/new/", exports.export_new, name="export_new"),
    path(
        "<id:pk>/downloads/<id:export_pk>/",
        exports.export_download,
        name="export_download",
    ),
    path(
        "<id:pk>/results/text/<id:question_pk>/",
        results.text_results,
        name="text_results",
    ),
    path("<id:pk>/results/publish/", results.publish_results, name="publish_results"),
    path(
        "<id:pk>/results/text/<id:question_pk>/quote/",
        results.quote_new,
        name="quote_new",
    ),
    path(
        "<id:pk>/quotes/<id:quote_pk>/remove/",
        results.quote_remove,
        name="quote_remove",
    ),
]
