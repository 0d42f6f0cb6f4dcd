"""Governance takes over its models from outcomes without touching their rows.

State only: the tables keep their outcomes_* names (``db_table``), outcomes
0007 forgets the models, and the content types follow them here.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MOVED = [
    "charter",
    "chartersignature",
    "governanceassessment",
    "governanceprinciple",
    "historicalgovernanceassessment",
    "historicalgovernanceprinciple",
    "historicalprinciplecriterion",
    "principlecriterion",
]


def _relabel(old: str, new: str):
    """Point the moved models' content types (and so their permissions and any
    generic relation) at their new app. A fresh database has none yet: they are
    made after migrating, under the new app."""

    def run(apps, schema_editor):
        content_types = apps.get_model("contenttypes", "ContentType").objects.using(
            schema_editor.connection.alias
        )
        taken = content_types.filter(app_label=new, model__in=MOVED).values_list(
            "model", flat=True
        )
        content_types.filter(app_label=old, model__in=MOVED).exclude(
            model__in=list(taken)
        ).update(app_label=new)

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("outcomes", "0006_alter_governanceassessment_assessor_and_more"),
        ("cycles", "0010_decision_confirmation_constraints"),
        ("organisations", "0004_historicalorganisation_retention_months_and_more"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Charter",
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
                            "version",
                            models.PositiveIntegerField(verbose_name="version"),
                        ),
                        ("text", models.TextField(verbose_name="charter text")),
                        ("published_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="charters",
                                to="organisations.organisation",
                            ),
                        ),
                        (
                            "published_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "outcomes_charter",
                        "ordering": ["organisation", "-version"],
                    },
                ),
                migrations.CreateModel(
                    name="CharterSignature",
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
                            "role",
                            models.CharField(
                                max_length=20, verbose_name="role when signing"
                            ),
                        ),
                        ("signed_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "charter",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="signatures",
                                to="governance.charter",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="charter_signatures",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "outcomes_chartersignature",
                        "ordering": ["charter", "signed_at"],
                    },
                ),
                migrations.CreateModel(
                    name="GovernancePrinciple",
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
                        ("name", models.CharField(max_length=100, verbose_name="name")),
                        (
                            "description",
                            models.TextField(blank=True, verbose_name="description"),
                        ),
                        (
                            "weight",
                            models.PositiveSmallIntegerField(
                                default=1, verbose_name="weight"
                            ),
                        ),
                        ("order", models.PositiveSmallIntegerField(default=0)),
                        (
                            "is_retired",
                            models.BooleanField(default=False, verbose_name="retired"),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="principles",
                                to="organisations.organisation",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "outcomes_governanceprinciple",
                        "ordering": ["organisation", "order", "name"],
                    },
                ),
                migrations.CreateModel(
                    name="GovernanceAssessment",
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
                            "perspective",
                            models.CharField(
                                choices=[
                                    (
                                        "team",
                                        "Self-assessment by the commissioning team",
                                    ),
                                    ("citizen", "Co-assessment by citizens"),
                                ],
                                max_length=10,
                            ),
                        ),
                        (
                            "answers",
                            models.JSONField(default=dict, verbose_name="answers"),
                        ),
                        (
                            "score",
                            models.DecimalField(
                                decimal_places=2,
                                max_digits=3,
                                verbose_name="score out of 5",
                            ),
                        ),
                        (
                            "evidence",
                            models.TextField(blank=True, verbose_name="evidence"),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "assessor",
                            models.ForeignKey(
                                help_text="Empty once the person erased their account; the score stays.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="governance_assessments",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "cycle",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="governance_assessments",
                                to="cycles.cycle",
                            ),
                        ),
                        (
                            "principle",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="assessments",
                                to="governance.governanceprinciple",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "outcomes_governanceassessment",
                        "ordering": ["cycle", "principle", "perspective"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalGovernanceAssessment",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True,
                                blank=True,
                                db_index=True,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "perspective",
                            models.CharField(
                                choices=[
                                    (
                                        "team",
                                        "Self-assessment by the commissioning team",
                                    ),
                                    ("citizen", "Co-assessment by citizens"),
                                ],
                                max_length=10,
                            ),
                        ),
                        (
                            "answers",
                            models.JSONField(default=dict, verbose_name="answers"),
                        ),
                        (
                            "score",
                            models.DecimalField(
                                decimal_places=2,
                                max_digits=3,
                                verbose_name="score out of 5",
                            ),
                        ),
                        (
                            "evidence",
                            models.TextField(blank=True, verbose_name="evidence"),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(blank=True, editable=False),
                        ),
                        (
                            "history_id",
                            models.AutoField(primary_key=True, serialize=False),
                        ),
                        ("history_date", models.DateTimeField(db_index=True)),
                        (
                            "history_change_reason",
                            models.CharField(max_length=100, null=True),
                        ),
                        (
                            "history_type",
                            models.CharField(
                                choices=[
                                    ("+", "Created"),
                                    ("~", "Changed"),
                                    ("-", "Deleted"),
                                ],
                                max_length=1,
                            ),
                        ),
                        (
                            "assessor",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                help_text="Empty once the person erased their account; the score stays.",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "cycle",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="cycles.cycle",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "principle",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="governance.governanceprinciple",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical governance assessment",
                        "verbose_name_plural": "historical governance assessments",
                        "db_table": "outcomes_historicalgovernanceassessment",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalGovernancePrinciple",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True,
                                blank=True,
                                db_index=True,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=100, verbose_name="name")),
                        (
                            "description",
                            models.TextField(blank=True, verbose_name="description"),
                        ),
                        (
                            "weight",
                            models.PositiveSmallIntegerField(
                                default=1, verbose_name="weight"
                            ),
                        ),
                        ("order", models.PositiveSmallIntegerField(default=0)),
                        (
                            "is_retired",
                            models.BooleanField(default=False, verbose_name="retired"),
                        ),
                        (
                            "history_id",
                            models.AutoField(primary_key=True, serialize=False),
                        ),
                        ("history_date", models.DateTimeField(db_index=True)),
                        (
                            "history_change_reason",
                            models.CharField(max_length=100, null=True),
                        ),
                        (
                            "history_type",
                            models.CharField(
                                choices=[
                                    ("+", "Created"),
                                    ("~", "Changed"),
                                    ("-", "Deleted"),
                                ],
                                max_length=1,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="organisations.organisation",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical governance principle",
                        "verbose_name_plural": "historical governance principles",
                        "db_table": "outcomes_historicalgovernanceprinciple",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalPrincipleCriterion",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True,
                                blank=True,
                                db_index=True,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "question",
                            models.CharField(max_length=300, verbose_name="question"),
                        ),
                        (
                            "scale",
                            models.CharField(
                                choices=[
                                    ("1-5", "A rating from 1 (poor) to 5 (excellent)"),
                                    ("yes-no", "Yes or no"),
                                ],
                                default="1-5",
                                max_length=10,
                                verbose_name="answer scale",
                            ),
                        ),
                        ("order", models.PositiveSmallIntegerField(default=0)),
                        (
                            "history_id",
                            models.AutoField(primary_key=True, serialize=False),
                        ),
                        ("history_date", models.DateTimeField(db_index=True)),
                        (
                            "history_change_reason",
                            models.CharField(max_length=100, null=True),
                        ),
                        (
                            "history_type",
                            models.CharField(
                                choices=[
                                    ("+", "Created"),
                                    ("~", "Changed"),
                                    ("-", "Deleted"),
                                ],
                                max_length=1,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "principle",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="governance.governanceprinciple",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical principle criterion",
                        "verbose_name_plural": "historical principle criterions",
                        "db_table": "outcomes_historicalprinciplecriterion",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="PrincipleCriterion",
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
                            "question",
                            models.CharField(max_length=300, verbose_name="question"),
                        ),
                        (
                            "scale",
                            models.CharField(
                                choices=[
                                    ("1-5", "A rating from 1 (poor) to 5 (excellent)"),
                                    ("yes-no", "Yes or no"),
                                ],
                                default="1-5",
                                max_length=10,
                                verbose_name="answer scale",
                            ),
                        ),
                        ("order", models.PositiveSmallIntegerField(default=0)),
                        (
                            "principle",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="criteria",
                                to="governance.governanceprinciple",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "outcomes_principlecriterion",
                        "ordering": ["principle", "order", "pk"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="charter",
                    constraint=models.UniqueConstraint(
                        fields=("organisation", "version"),
                        name="one_charter_per_version",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="chartersignature",
                    constraint=models.UniqueConstraint(
                        fields=("charter", "user"), name="one_signature_each"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="governanceprinciple",
                    constraint=models.UniqueConstraint(
                        fields=("organisation", "name"), name="unique_principle_name"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="governanceassessment",
                    constraint=models.UniqueConstraint(
                        fields=("cycle", "principle", "assessor"),
                        name="one_assessment_each",
                    ),
                ),
            ],
        ),
        migrations.RunPython(
            _relabel("outcomes", "governance"), _relabel("governance", "outcomes")
        ),
    ]
