"""The open data package: CSVs of public work with a data dictionary, remade by
a beat task, downloadable by anyone, with no personal data."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from cocommission.organisations.models import Organisation
from reports.models import OpenDataPackage
from reports.open_data import DICTIONARY
from reports.tasks import make_open_data
from tests.participation.test_public_pages import _private_texts

pytestmark = pytest.mark.django_db


def test_the_package_holds_public_data_only_with_a_dictionary() -> None:
    call_command("seed_demo")
    assert make_open_data() >= 1
    lambeth = Organisation.objects.get(slug="lambeth-demo")
    package = OpenDataPackage.objects.get(organisation=lambeth)
    response = Client().get(f"/public/{lambeth.slug}/open-data.zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = set(archive.namelist())
    assert names == {*DICTIONARY, "data_dictionary.csv", "README.txt"}
    dictionary = list(
        csv.reader(io.StringIO(archive.read("data_dictionary.csv").decode()))
    )
    for name, columns in DICTIONARY.items():
        rows = list(csv.reader(io.StringIO(archive.read(name).decode())))
        assert rows[0] == [column for column, _meaning in columns]
        assert all(
            [name, column] == row[:2]
            for row, (column, _m) in zip(
                [r for r in dictionary if r[0] == name], columns, strict=True
            )
        )
    decisions = list(
        csv.DictReader(io.StringIO(archive.read("decisions.csv").decode()))
    )
    assert decisions and all(d["title"] for d in decisions)
    results = list(
        csv.DictReader(io.StringIO(archive.read("survey_results.csv").decode()))
    )
    assert results
    assert all(r["people"] == "" for r in results if r["fewer_than_5"] == "1")
    assert "Open Government Licence" in archive.read("README.txt").decode()
    everything = "\n".join(archive.read(n).decode() for n in names)
    leaked = sorted(t for t in _private_texts() if t in everything)
    assert not leaked, leaked[:5]
    assert "open-data.zip" in Client().get(f"/public/{lambeth.slug}/").content.decode()
    # Remaking replaces the package rather than piling up copies.
    first_made = package.made_at
    make_open_data()
    package.refresh_from_db()
    assert OpenDataPackage.objects.filter(organisation=lambeth).count() == 1
    assert package.made_at > first_made


def test_no_package_yet_is_a_404(organisation: Organisation) -> None:
    assert Client().get(f"/public/{organisation.slug}/open-data.zip").status_code == 404


def test_the_beat_schedule_remakes_it_nightly() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["make-open-data"]
    assert entry["task"] == make_open_data.name
    assert entry["schedule"] == 60 * 60 * 24
