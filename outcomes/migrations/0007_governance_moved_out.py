"""Governance's models moved to the governance app: outcomes forgets them; their
tables and rows stay, now governance's (see governance 0001)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("contracts", "0009_principle_in_governance"),
        ("cycles", "0011_principle_in_governance"),
        ("governance", "0001_initial"),
        ("outcomes", "0006_alter_governanceassessment_assessor_and_more"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="chartersignature",
                    name="charter",
                ),
                migrations.RemoveField(
                    model_name="chartersignature",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="governanceassessment",
                    name="assessor",
                ),
                migrations.RemoveField(
                    model_name="governanceassessment",
                    name="cycle",
                ),
                migrations.RemoveField(
                    model_name="governanceassessment",
                    name="principle",
                ),
                migrations.RemoveField(
                    model_name="governanceprinciple",
                    name="organisation",
                ),
                migrations.RemoveField(
                    model_name="historicalprinciplecriterion",
                    name="principle",
                ),
                migrations.RemoveField(
                    model_name="principlecriterion",
                    name="principle",
                ),
                migrations.RemoveField(
                    model_name="historicalgovernanceassessment",
                    name="principle",
                ),
                migrations.RemoveField(
                    model_name="historicalgovernanceassessment",
                    name="assessor",
                ),
                migrations.RemoveField(
                    model_name="historicalgovernanceassessment",
                    name="cycle",
                ),
                migrations.RemoveField(
                    model_name="historicalgovernanceassessment",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="historicalgovernanceprinciple",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="historicalgovernanceprinciple",
                    name="organisation",
                ),
                migrations.RemoveField(
                    model_name="historicalprinciplecriterion",
                    name="history_user",
                ),
                migrations.DeleteModel(
                    name="Charter",
                ),
                migrations.DeleteModel(
                    name="CharterSignature",
                ),
                migrations.DeleteModel(
                    name="GovernanceAssessment",
                ),
                migrations.DeleteModel(
                    name="PrincipleCriterion",
                ),
                migrations.DeleteModel(
                    name="GovernancePrinciple",
                ),
                migrations.DeleteModel(
                    name="HistoricalGovernanceAssessment",
                ),
                migrations.DeleteModel(
                    name="HistoricalGovernancePrinciple",
                ),
                migrations.DeleteModel(
                    name="HistoricalPrincipleCriterion",
                ),
            ],
        ),
    ]
