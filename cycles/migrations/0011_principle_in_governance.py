"""Gate checks name principles in the governance app now: same table, state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cycles", "0010_decision_confirmation_constraints"),
        ("governance", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="gatecheck",
                    name="principle",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="gate_checks",
                        to="governance.governanceprinciple",
                        verbose_name="governance principle",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalgatecheck",
                    name="principle",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="governance.governanceprinciple",
                        verbose_name="governance principle",
                    ),
                ),
            ],
        ),
    ]
