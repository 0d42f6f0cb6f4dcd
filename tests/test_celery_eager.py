"""Tasks run eagerly from several threads at once (parallel requests in the
ballot tests) leave Celery's process-wide "a task is running here" flag as they
found it. Celery's own bookkeeping put it back in the wrong order and left it
set, so every later ``result.get()`` in the test process (the integration tests
with a real worker, run after tests/surveys) failed with "Never call
result.get() within a task"."""

from __future__ import annotations

import threading
import time

from celery import Celery
from celery._state import _set_task_join_will_block, task_join_will_block

from cocommission.celery import FailSafeTask


def test_eager_tasks_on_parallel_threads_leave_no_task_running_behind() -> None:
    app = Celery("eager-threads", set_as_current=False, task_cls=FailSafeTask)
    app.conf.task_always_eager = True

    @app.task
    def pause(steps: int) -> int:
        time.sleep(0.02 * steps)
        return steps

    assert not task_join_will_block()
    try:
        for _trial in range(20):
            threads = [
                threading.Thread(target=pause.apply_async, args=([i % 3 + 1],))
                for i in range(4)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert not task_join_will_block()
    finally:
        _set_task_join_will_block(False)
