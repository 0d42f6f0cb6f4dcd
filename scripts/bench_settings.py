"""Settings for the submission benchmark's gunicorn: production's, with a URLconf
that adds a minimal one-row-insert view to compare against, and static files
collected into a directory of the run's own."""

from __future__ import annotations

import os
from pathlib import Path

from cocommission.settings.production import *  # noqa: F403

ROOT_URLCONF = "scripts.bench_urls"
STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
