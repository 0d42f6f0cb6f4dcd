"""The test suite: PostgreSQL and Redis from ``DATABASE_URL`` / ``REDIS_URL``."""

from __future__ import annotations

from .base import *  # noqa: F403
from .base import BASE_DIR, env

(BASE_DIR / "var" / "staticfiles").mkdir(parents=True, exist_ok=True)

DATABASES = {
    "default": env.db(
        "DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/cocommission"
    )
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend"
)
# Unit tests run tasks in-process; the integration tests start a real worker with
# CELERY_TASK_ALWAYS_EAGER=false in its environment.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
RATELIMIT_ANONYMOUS_POST_RATE = env("RATELIMIT_ANONYMOUS_POST_RATE", default="1000/m")
RATELIMIT_LOGIN_RATE = env("RATELIMIT_LOGIN_RATE", default="1000/m")
RATELIMIT_IDEAS_POST_RATE = env("RATELIMIT_IDEAS_POST_RATE", default="1000/m")
RATELIMIT_CODE_CHECK_IP_RATE = env("RATELIMIT_CODE_CHECK_IP_RATE", default="1000/m")
RATELIMIT_CODE_CHECK_PERSON_RATE = env(
    "RATELIMIT_CODE_CHECK_PERSON_RATE", default="1000/m"
)
ACCOUNT_RATE_LIMITS = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The webhook tests' receiver listens on 127.0.0.1.
WEBHOOKS_ALLOW_LOCALHOST = True
# The test identity provider (tests/idp) listens on plain http on 127.0.0.1.
SIGN_ON_ALLOW_HTTP = True
