"""The Celery application; tasks are discovered in each app's ``tasks`` module."""

from __future__ import annotations

import os
import threading
from typing import Any

from celery import Celery
from celery._state import (  # type: ignore[attr-defined] # not in celery-types
    _set_task_join_will_block,
    task_join_will_block,
)
from celery.contrib.django.task import DjangoTask

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocommission.settings.local")


class _EagerRuns:
    """Celery marks "a task is running here, so waiting for a result would
    block" in one flag for the whole process while it runs a task eagerly, and
    puts back what it found when the task ends. Two threads running tasks
    eagerly at once (parallel requests in tests, or ``make run``) put their
    "found" values back in the wrong order and leave the flag set for good:
    every later ``result.get()`` in the process then fails with "Never call
    result.get() within a task". Counting the runs under a lock, the flag goes
    back to what it was before the first of them once the last one ends."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running = 0
        self.before = False

    def enter(self) -> None:
        with self.lock:
            if not self.running:
                self.before = task_join_will_block()
            self.running += 1

    def leave(self) -> None:
        with self.lock:
            self.running -= 1
            if not self.running:
                _set_task_join_will_block(self.before)


_eager_runs = _EagerRuns()


class FailSafeTask(DjangoTask):
    """``delay_on_commit`` never fails a request whose transaction has committed:
    while the broker is away the task runs in the process instead
    (``cocommission.jobs.send_after_commit``). Tasks run eagerly from several
    threads at once leave Celery's process-wide state as they found it."""

    def apply_async(self, *args: Any, **kwargs: Any) -> Any:
        if not self.app.conf.task_always_eager:
            return super().apply_async(*args, **kwargs)
        _eager_runs.enter()
        try:
            return super().apply_async(*args, **kwargs)
        finally:
            _eager_runs.leave()

    def delay_on_commit(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        from cocommission.jobs import send_after_commit

        send_after_commit(self, *args, **kwargs)


app = Celery("cocommission", task_cls=FailSafeTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
