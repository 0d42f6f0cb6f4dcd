"""Moving Notice and NotificationSettings from panels to the core keeps the rows."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cocommission.notifications.models import Notice, NotificationSettings

LAST_IN_PANELS = ("panels", "0004_more_notifications")
BEFORE = [LAST_IN_PANELS, ("notifications", None)]


def _migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True)
def test_notice_rows_made_before_the_move_are_found_after_it() -> None:
    """Rows written while the models were panels' are the core's models' rows
    after migrating, and their content types keep their ids."""
    executor = _migrate(BEFORE)
    old = executor.loader.project_state(LAST_IN_PANELS).apps
    user = old.get_model("accounts", "User").objects.create(email="old@example.com")
    old.get_model("panels", "Notice").objects.create(
        user_id=user.pk, key="decision:1", in_digest=True, subject="A decision"
    )
    old.get_model("panels", "NotificationSettings").objects.create(
        user_id=user.pk, weekly_digest=True
    )
    old_type = ContentType.objects.get(app_label="panels", model="notice").pk

    _migrate(executor.loader.graph.leaf_nodes())

    notice = Notice.objects.get(user_id=user.pk)
    assert (notice.key, notice.subject, notice.in_digest) == (
        "decision:1",
        "A decision",
        True,
    )
    assert NotificationSettings.objects.get(user_id=user.pk).weekly_digest is True
    assert ContentType.objects.get_for_model(Notice).pk == old_type
    assert not ContentType.objects.filter(app_label="panels", model="notice").exists()
