"""Notice and NotificationSettings now belong to ``cocommission.notifications``.

State only: the tables stay (the core's models name them with ``db_table``)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("panels", "0004_more_notifications"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Notice"),
                migrations.DeleteModel(name="NotificationSettings"),
            ],
            database_operations=[],
        ),
    ]
