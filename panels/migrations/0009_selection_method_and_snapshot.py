"""A draw records its method (every draw before this one used random weights),
each group's chance of selection and a snapshot of what it used."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("panels", "0008_know_care_quota"),
    ]

    operations = [
        migrations.AddField(
            model_name="selection",
            name="method",
            field=models.CharField(
                choices=[
                    ("leximin", "Fair chances (LEXIMIN)"),
                    ("stratified", "Random weights (stratified)"),
                ],
                default="stratified",
                max_length=20,
                verbose_name="method",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="selection",
            name="chances",
            field=models.JSONField(default=dict, verbose_name="chances of selection"),
        ),
        migrations.AddField(
            model_name="selection",
            name="snapshot",
            field=models.JSONField(default=dict, verbose_name="what the draw used"),
        ),
    ]
