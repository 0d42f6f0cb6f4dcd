"""Measure a public list operation of the API: response time and SQL queries.

Run with the local settings (SQLite, the demo data): the figures behind the
README's choice of django-ninja. Not a test: timings vary with the machine.

    DJANGO_SETTINGS_MODULE=cocommission.settings.local \\
        .venv/bin/python scripts/bench_api.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from cocommission.organisations.models import Organisation  # noqa: E402
from cycles.models import Cycle  # noqa: E402


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    settings.API_PUBLIC_RATE = "1000000/m"
    settings.ALLOWED_HOSTS = ["*"]
    organisation = Organisation.objects.get(slug="lambeth-demo")
    cycle = Cycle.objects.filter(organisation=organisation, visibility="public")[0]
    client = Client()
    urls = [
        f"/api/v1/organisations/{organisation.slug}/cycles",
        f"/api/v1/organisations/{organisation.slug}/cycles/{cycle.pk}/decisions",
        f"/public/{organisation.slug}/cycles/{cycle.pk}/you-said-we-did/",
    ]
    for url in urls:
        client.get(url)
        times = []
        for _ in range(100):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        times.sort()
        print(
            f"{url}: {response.status_code}, median {statistics.median(times):.1f} ms,"
            f" p95 {times[94]:.1f} ms, {len(queries)} queries"
        )
    print("OpenAPI", client.get("/api/v1/openapi.json").json()["openapi"])


if __name__ == "__main__":
    main()
