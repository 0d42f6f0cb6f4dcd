"""The project's Celery app, holding report tasks just before they start, so a
test can kill the worker in the middle of one. Only the worker-kill test uses
it."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from celery.signals import task_prerun

from cocommission.celery import app

__all__ = ["app"]


@task_prerun.connect
def _hold(task: Any = None, **_kwargs: Any) -> None:
    if task is not None and task.name == "reports.tasks.make_report":
        Path(os.environ["HOLD_MARKER"]).write_text("holding")
        time.sleep(300)
