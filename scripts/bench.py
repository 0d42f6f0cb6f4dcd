"""Benchmarks (``make bench``): timings live here, never in the unit tests.

Runs against the throwaway PostgreSQL started by scripts/with_test_services.sh, in a
database of its own that it creates and drops. Prints a table of figures and exits
non-zero if a bar in QUALITY.md / the issues is missed.
"""

from __future__ import annotations

import datetime
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DB = "cocommission_bench"


def _use_bench_database() -> None:
    import psycopg

    url = urlparse(os.environ["DATABASE_URL"])
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        connection.execute(f"CREATE DATABASE {BENCH_DB}")
    os.environ["DATABASE_URL"] = url._replace(path=f"/{BENCH_DB}").geturl()


def bench_measurement_import(rows: int = 10_000) -> tuple[str, float, str, bool]:
    from cocommission.accounts.models import User
    from cocommission.organisations.models import Organisation
    from outcomes.models import Indicator, Outcome
    from outcomes.services import framework_create, measurements_import_csv

    organisation = Organisation.objects.create(name="Bench", slug="bench")
    user = User.objects.create_user(email="bench@example.org")
    framework = framework_create(organisation=organisation, by=user, title="Bench")
    outcome = Outcome.objects.create(framework=framework, statement="Bench")
    indicator = Indicator.objects.create(outcome=outcome, name="Bench", unit="n")
    start = datetime.date(1900, 1, 1)
    lines = ["period_end,value,source,note"]
    lines += [
        f"{start + datetime.timedelta(days=i)},{i % 997}.5,routine,"
        for i in range(rows)
    ]
    text = "\n".join(lines)
    began = time.perf_counter()
    report = measurements_import_csv(indicator=indicator, by=user, text=text)
    seconds = time.perf_counter() - began
    ok = report.ok and report.saved == rows and seconds <= 10
    return (f"CSV import of {rows:,} measurements", seconds, "<= 10 s", ok)


def bench_asset_import(rows: int = 10_000) -> tuple[str, float, str, bool]:
    from assets.services import assets_import_csv
    from cocommission.accounts.models import User
    from cocommission.organisations.models import Organisation

    organisation = Organisation.objects.create(name="Bench assets", slug="bench-assets")
    user = User.objects.create_user(email="bench-assets@example.org")
    lines = ["name,kind,holder_type,area,description,is_public"]
    lines += [
        f"Asset {i},time,community,Ward {i % 20},Offered by a neighbour,yes"
        for i in range(rows)
    ]
    began = time.perf_counter()
    report = assets_import_csv(
        organisation=organisation, by=user, text="\n".join(lines)
    )
    seconds = time.perf_counter() - began
    ok = report.ok and report.saved == rows and seconds <= 10
    return (f"CSV import of {rows:,} assets", seconds, "<= 10 s", ok)


def main() -> int:
    _use_bench_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocommission.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    results = [bench_measurement_import(), bench_asset_import()]
    connection.close()
    width = max(len(name) for name, *_rest in results)
    print(f"{'benchmark':<{width}}  {'seconds':>8}  {'bar':<8}  result")
    for name, seconds, bar, ok in results:
        print(f"{name:<{width}}  {seconds:>8.2f}  {bar:<8}  {'pass' if ok else 'FAIL'}")
    return 0 if all(ok for *_rest, ok in results) else 1


if __name__ == "__main__":
    sys.exit(main())
