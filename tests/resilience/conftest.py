"""Real faults: a second, throwaway Redis that a test may stop and start again
(the suite's own Redis is left alone), the cache and the broker pointed at it, and
real prefork Celery workers in their own process group, so a test can kill the
whole worker at once."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import kombu.pools
import pytest
import redis

from cocommission import cache as failsafe
from cocommission.celery import app as celery_app
from tests.integration.conftest import ROOT, _database_url


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(condition: Callable[[], Any], timeout: float, what: str) -> None:
    """Poll until ``condition()`` is true; fail saying ``what`` did not happen."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"Timed out waiting for {what}")
        time.sleep(0.2)


@dataclass
class SpareRedis:
    port: int
    folder: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        wait_for(lambda: self._answers(client), 10, "the spare Redis to start")

    @staticmethod
    def _answers(client: Any) -> bool:
        try:
            return bool(client.ping())
        except redis.exceptions.ConnectionError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def spare_redis(tmp_path: Path) -> Iterator[SpareRedis]:
    """A Redis of this test's own, on a free port; stopped at the end."""
    server = SpareRedis(port=_free_port(), folder=tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def failsafe_cache(settings: Any, spare_redis: SpareRedis) -> Iterator[SpareRedis]:
    """The production cache set-up (Redis with a PostgreSQL fallback), on the spare
    Redis."""
    settings.REDIS_URL = spare_redis.url
    settings.CACHES = {
        "default": {
            "BACKEND": "cocommission.cache.FailSafeRedisCache",
            "LOCATION": spare_redis.url,
            "OPTIONS": {
                "socket_connect_timeout": settings.REDIS_TIMEOUT,
                "socket_timeout": settings.REDIS_TIMEOUT,
                "FALLBACK": "fallback",
            },
        },
        "fallback": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cocommission_cache_fallback",
        },
    }
    failsafe._down_until.clear()
    yield spare_redis
    failsafe._down_until.clear()


def _reset_broker_connections() -> None:
    """Forget every cached connection to the broker: the pool, the producer pool
    and the control mailbox's copy of it (used by ``ping``). kombu keeps its pools
    by broker address for the whole process, so they are closed and forgotten
    there too: only closed, the pool of the address put back afterwards would be
    handed out again, closed, to the next task sent (even one run eagerly)."""
    kombu.pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app.control.mailbox.__dict__.pop("producer_pool", None)


@contextmanager
def broker(url: str) -> Iterator[None]:
    """Tasks from this process go to the broker at ``url``, for real workers
    (not run in-process)."""
    conf = celery_app.conf
    previous = (conf.broker_url, conf.task_always_eager)
    _reset_broker_connections()
    conf.broker_url = url
    conf.task_always_eager = False
    try:
        yield
    finally:
        _reset_broker_connections()
        conf.broker_url, conf.task_always_eager = previous


@dataclass
class Worker:
    process: subprocess.Popen[bytes]
    hostname: str
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def kill_group(self) -> None:
        """SIGKILL the main process and its pool at once, as a crashed host would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def start_prefork_worker(
    work: Path,
    *,
    broker_url: str,
    media_root: Path,
    app: str = "cocommission",
    beat: bool = True,
    concurrency: int = 1,
    extra_env: dict[str, str] | None = None,
) -> Worker:
    """A prefork worker (with an embedded beat, for the job sweep) in its own
    process group, on the spare Redis; returns once it answers a ping."""
    hostname = f"resilience-{uuid.uuid4().hex[:8]}@localhost"
    log = work / f"{hostname.split('@')[0]}.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cocommission.settings.test",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": broker_url,
        "CELERY_BROKER_URL": broker_url,
        "CELERY_RESULT_BACKEND": broker_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DJANGO_MEDIA_ROOT": str(media_root),
        **(extra_env or {}),
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        app,
        "worker",
        "--pool=prefork",
        f"--concurrency={concurrency}",
        "--without-gossip",
        "--without-mingle",
        "--loglevel=INFO",
        f"--hostname={hostname}",
    ]
    if beat:
        command += ["--beat", f"--schedule={work / (hostname + '.beat')}"]
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    worker = Worker(process, hostname, log)
    deadline = time.monotonic() + 60
    while not celery_app.control.ping(destination=[hostname], timeout=0.5):
        if process.poll() is not None or time.monotonic() > deadline:
            worker.stop()
            pytest.fail(f"The Celery worker did not start:\n{worker.log_text()}")
    return worker
