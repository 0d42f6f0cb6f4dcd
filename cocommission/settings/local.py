"""``make run``: a zero-setup demo on SQLite with tasks run in-process."""

from __future__ import annotations

from .base import *  # noqa: F403
from .base import BASE_DIR, env

(BASE_DIR / "var" / "staticfiles").mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DJANGO_DEBUG", default=True)
(BASE_DIR / "var").mkdir(exist_ok=True)
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
