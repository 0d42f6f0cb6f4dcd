"""A real Celery worker process against the throwaway Redis and the test database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from cocommission.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class WorkerProcess:
    process: subprocess.Popen[bytes]
    hostname: str
    mail_dir: Path
    log: Path
    media_root: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def _database_url() -> str:
    db = settings.DATABASES["default"]
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def start_worker(
    work: Path,
    *,
    app: str = "cocommission",
    queues: str = "celery",
    extra_env: dict[str, str] | None = None,
) -> WorkerProcess:
    """Start ``celery worker`` in its own process and wait until it answers a ping."""
    mail_dir = work / "mail"
    mail_dir.mkdir(exist_ok=True)
    media_root = work / "media"
    media_root.mkdir(exist_ok=True)
    hostname = f"test-{uuid.uuid4().hex[:8]}@localhost"
    log = work / f"worker-{hostname.split('@')[0]}.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cocommission.settings.test",
        "DATABASE_URL": _database_url(),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "DJANGO_EMAIL_FILE_PATH": str(mail_dir),
        "DJANGO_MEDIA_ROOT": str(media_root),
        **(extra_env or {}),
    }
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                app,
                "worker",
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
                f"--queues={queues}",
                f"--hostname={hostname}",
            ],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    worker = WorkerProcess(process, hostname, mail_dir, log, media_root)
    deadline = time.monotonic() + 30
    while not celery_app.control.ping(destination=[hostname], timeout=0.5):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"The Celery worker did not start:\n{worker.log_text()}")
    return worker


def stop_worker(worker: WorkerProcess) -> None:
    worker.process.terminate()
    try:
        worker.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        worker.process.kill()


@pytest.fixture(scope="session")
def celery_worker_process(
    django_db_setup: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WorkerProcess]:
    """The worker most integration tests share."""
    if not os.environ.get("REDIS_URL"):
        pytest.fail(
            "REDIS_URL is not set: run the suite with `make test`, which starts Redis."
        )
    worker = start_worker(tmp_path_factory.mktemp("celery"))
    yield worker
    stop_worker(worker)


@pytest.fixture
def real_queue(
    celery_worker_process: WorkerProcess, settings: Any
) -> Iterator[WorkerProcess]:
    """Send tasks to Redis for the worker instead of running them in-process; both
    sides share one folder for uploaded and generated files."""
    settings.MEDIA_ROOT = str(celery_worker_process.media_root)
    previous: Any = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield celery_worker_process
    celery_app.conf.task_always_eager = previous
