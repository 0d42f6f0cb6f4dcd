"""Earlier decisions take the new shape before the new constraints apply (a
separate migration: PostgreSQL will not alter a table with row changes pending)."""

from django.db import migrations


def confirm_what_the_decider_recorded(apps, schema_editor):
    """Earlier decisions: a board's named person becomes its chair; a published
    decision its decider recorded themselves counts as confirmed when published;
    any other published decision goes back to wait for its decider's confirmation,
    since nobody can say they agreed to it."""
    Decision = apps.get_model("cycles", "Decision")
    for decision in Decision.objects.exclude(decided_by_body="").filter(
        decided_by__isnull=False
    ):
        decision.board_chair_id, decision.decided_by_id = decision.decided_by_id, None
        decision.save(update_fields=["board_chair", "decided_by"])
    for decision in Decision.objects.filter(is_published=True):
        decider = decision.decided_by_id or decision.board_chair_id
        if decider is not None and decider == decision.recorded_by_id:
            decision.confirmed_by_id = decider
            decision.confirmed_at = decision.published_at or decision.created_at
            decision.published_at = decision.confirmed_at
            decision.save(
                update_fields=["confirmed_by", "confirmed_at", "published_at"]
            )
        else:
            decision.is_published = False
            decision.published_at = None
            decision.save(update_fields=["is_published", "published_at"])


class Migration(migrations.Migration):
    dependencies = [("cycles", "0008_decisions_confirmed_by_their_decider")]

    operations = [
        migrations.RunPython(
            confirm_what_the_decider_recorded, migrations.RunPython.noop
        ),
    ]
