"""Load the starting activity catalogue and service areas (see cycles.catalogue_data)."""

from __future__ import annotations

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from cycles.catalogue_data import load as load_catalogue

    load_catalogue(apps)


class Migration(migrations.Migration):
    dependencies = [("cycles", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
