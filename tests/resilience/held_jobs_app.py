"""The project's Celery app, with report and download jobs held in the middle of
their work (claimed, heartbeat running), so a test can kill the whole worker
while they run. Only tests/resilience uses it."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from celery.signals import worker_process_init

from cocommission.celery import app

__all__ = ["app"]


def _held(name: str) -> Any:
    def hold(*args: Any, **kwargs: Any) -> Any:
        Path(os.environ["HOLD_DIR"], name).write_text("holding")
        time.sleep(600)

    return hold


@worker_process_init.connect
def _hold_jobs(**_kwargs: Any) -> None:
    from reports import services
    from surveys import exports

    services.report_html = _held("report")  # type: ignore[assignment]
    exports._write_csv = _held("export")  # type: ignore[assignment]
