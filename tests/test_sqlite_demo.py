"""`make run` is the zero-setup demo on SQLite: its migrations and demo data must
work there too, though the suite itself runs on PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_demo_seeds_twice_on_sqlite(tmp_path: Path) -> None:
    """What `make run` does (migrate, then the demo data, which must be idempotent),
    on a fresh SQLite file, in a process of its own."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cocommission.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
    }
    for command in (["migrate", "--no-input", "-v", "0"], ["seed_demo"], ["seed_demo"]):
        done = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
    assert "demo-password" in done.stdout
