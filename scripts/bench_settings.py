"""Settings for the submission benchmark's gunicorn: the test settings, with a
URLconf that adds a minimal one-row-insert view to compare against."""

from __future__ import annotations

from cocommission.settings.test import *  # noqa: F403

ROOT_URLCONF = "scripts.bench_urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# As in production: keep database connections open between requests.
DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
