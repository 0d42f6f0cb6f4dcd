from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cycles", "0009_confirm_earlier_decisions")]

    operations = [
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("board_chair__isnull", True),
                        ("decided_by__isnull", False),
                        ("decided_by_body", ""),
                    ),
                    models.Q(
                        ("decided_by__isnull", True),
                        models.Q(("decided_by_body", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="decision_has_one_decider",
            ),
        ),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("confirmed_by__isnull", True),
                    ("confirmed_by", models.F("decided_by")),
                    ("confirmed_by", models.F("board_chair")),
                    _connector="OR",
                ),
                name="decision_confirmed_by_its_decider",
            ),
        ),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("confirmed_at__isnull", True), ("confirmed_by__isnull", True)
                    ),
                    models.Q(
                        ("confirmed_at__isnull", False), ("confirmed_by__isnull", False)
                    ),
                    _connector="OR",
                ),
                name="decision_confirmation_says_who_and_when",
            ),
        ),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("is_published", False),
                    models.Q(
                        ("confirmed_at__isnull", False), ("published_at__isnull", False)
                    ),
                    _connector="OR",
                ),
                name="published_decision_is_confirmed",
            ),
        ),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("declined_at__isnull", True),
                    ("confirmed_at__isnull", True),
                    _connector="OR",
                ),
                name="decision_not_both_confirmed_and_declined",
            ),
        ),
    ]
