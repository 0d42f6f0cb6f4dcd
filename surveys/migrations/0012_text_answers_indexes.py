"""Indexes for the free-text answers page at a million responses: one to walk a
survey's responses newest first from the last one seen, and on PostgreSQL a
trigram index on the answers' text so a search finds the few responses that hold
it without reading them all (surveys.results.text_answers). Both indexes on
PostgreSQL are built without blocking people answering (CONCURRENTLY, so this
migration runs outside a transaction). On other databases (the SQLite demo) the
trigram index is not made and searching reads every answer."""

from typing import Any

from django.contrib.postgres.operations import (
    AddIndexConcurrently,
    TrigramExtension,
)
from django.db import migrations, models

TRIGRAM_INDEX = "response_answers_trgm"


def _postgres(schema_editor: Any) -> bool:
    return bool(schema_editor.connection.vendor == "postgresql")


def add_trigram_index(apps: Any, schema_editor: Any) -> None:
    if _postgres(schema_editor):
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {TRIGRAM_INDEX} "
            "ON surveys_response USING gin (UPPER(answers::text) gin_trgm_ops)"
        )


def remove_trigram_index(apps: Any, schema_editor: Any) -> None:
    if _postgres(schema_editor):
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {TRIGRAM_INDEX}")


class NewestFirstIndex(AddIndexConcurrently):
    """Built concurrently on PostgreSQL, as a plain index elsewhere."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if _postgres(schema_editor):
            super().database_forwards(app_label, schema_editor, from_state, to_state)
        else:
            migrations.AddIndex.database_forwards(
                self, app_label, schema_editor, from_state, to_state
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if _postgres(schema_editor):
            super().database_backwards(app_label, schema_editor, from_state, to_state)
        else:
            migrations.AddIndex.database_backwards(
                self, app_label, schema_editor, from_state, to_state
            )


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("surveys", "0011_export_job_heartbeat"),
    ]

    operations = [
        NewestFirstIndex(
            model_name="response",
            index=models.Index(
                fields=["survey", "-submitted_on", "-id"],
                name="response_newest_first",
            ),
        ),
        TrigramExtension(),
        migrations.RunPython(add_trigram_index, remove_trigram_index, elidable=False),
    ]
