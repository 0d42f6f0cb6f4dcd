"""The Celery application; tasks are discovered in each app's ``tasks`` module."""

from __future__ import annotations

import os
from typing import Any

from celery import Celery
from celery.contrib.django.task import DjangoTask

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocommission.settings.local")


class FailSafeTask(DjangoTask):
    """``delay_on_commit`` never fails a request whose transaction has committed:
    while the broker is away the task runs in the process instead
    (``cocommission.jobs.send_after_commit``)."""

    def delay_on_commit(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        from cocommission.jobs import send_after_commit

        send_after_commit(self, *args, **kwargs)


app = Celery("cocommission", task_cls=FailSafeTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
