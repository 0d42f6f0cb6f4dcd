"""Notice and NotificationSettings move here from panels, keeping their tables.

State only: the tables ``panels_notice`` and ``panels_notificationsettings`` stay
as they are (``db_table``), with their rows. Panels' ``0005`` then forgets the
models. The content types are renamed, so permissions and admin log entries
keep pointing at the same models."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ("notice", "notificationsettings")


def _move_content_types(apps, from_label, to_label):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        old = content_type.objects.filter(app_label=from_label, model=model)
        if content_type.objects.filter(app_label=to_label, model=model).exists():
            # Made by a post_migrate run in between: the old one goes, as it
            # would after any model is deleted.
            old.delete()
        else:
            old.update(app_label=to_label)


def forwards(apps, schema_editor):
    _move_content_types(apps, "panels", "notifications")


def backwards(apps, schema_editor):
    _move_content_types(apps, "notifications", "panels")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        ("panels", "0004_more_notifications"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="NotificationSettings",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "invitations",
                            models.BooleanField(
                                default=True, verbose_name="Invitations to panels"
                            ),
                        ),
                        (
                            "meeting_reminders",
                            models.BooleanField(
                                default=True,
                                verbose_name="Reminders the day before a meeting",
                            ),
                        ),
                        (
                            "decisions",
                            models.BooleanField(
                                default=True,
                                verbose_name="Decisions in work I took part in",
                            ),
                        ),
                        (
                            "surveys",
                            models.BooleanField(
                                default=True,
                                verbose_name=(
                                    "Surveys opening and closing in work I take part in"
                                ),
                            ),
                        ),
                        (
                            "reports",
                            models.BooleanField(
                                default=True,
                                verbose_name=(
                                    "My reports are ready (commissioning teams)"
                                ),
                            ),
                        ),
                        (
                            "review_dates",
                            models.BooleanField(
                                default=True,
                                verbose_name=(
                                    "Contracts coming up for review "
                                    "(commissioning teams)"
                                ),
                            ),
                        ),
                        (
                            "weekly_digest",
                            models.BooleanField(
                                default=False,
                                verbose_name=(
                                    "Send me one e-mail a week with everything, "
                                    "instead of each one"
                                ),
                            ),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notification_settings",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={"db_table": "panels_notificationsettings"},
                ),
                migrations.CreateModel(
                    name="Notice",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("key", models.CharField(max_length=100)),
                        ("sent_at", models.DateTimeField(auto_now_add=True)),
                        ("in_digest", models.BooleanField(default=False)),
                        ("subject", models.CharField(blank=True, max_length=200)),
                        ("summary", models.TextField(blank=True)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "panels_notice",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "key"), name="one_notice_per_event"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
