"""Contracts name principles in the governance app now: same tables, state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contracts", "0008_ratings_survey"),
        ("governance", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="contract",
                    name="principles",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="contracts",
                        to="governance.governanceprinciple",
                        verbose_name="governance criteria written into it",
                    ),
                ),
                migrations.AlterField(
                    model_name="governancerating",
                    name="principle",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="governance.governanceprinciple",
                    ),
                ),
            ],
        ),
    ]
