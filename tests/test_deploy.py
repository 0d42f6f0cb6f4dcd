"""Production settings pass Django's deployment checks with no warnings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_check_deploy_has_no_warnings() -> None:
    """``manage.py check --deploy`` with production settings reports nothing."""
    inherited = {
        k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "cocommission.settings.production",
        "DJANGO_SECRET_KEY": "k" * 10
        + "a-long-random-production-secret-Zx9!Qw7#Er5$Ty3",
        "DJANGO_ALLOWED_HOSTS": "cocommission.example.org",
        "DATABASE_URL": os.environ.get(
            "DATABASE_URL", "postgres://u@127.0.0.1:5432/db"
        ),
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "OCDS_OCID_PREFIX": "ocds-213czf",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
