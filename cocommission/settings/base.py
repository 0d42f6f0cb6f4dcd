"""Settings shared by every environment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env(
    "DJANGO_SECRET_KEY", default="insecure-development-key-not-for-production"
)
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"]
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Third party
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "crispy_forms",
    "crispy_forms_gds",
    "csp",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "template_partials",
    "modeltrans",
    # Cross-cutting apps of the project
    "cocommission.accounts",
    "cocommission.organisations",
    "cocommission.notifications",
    "cocommission.webhooks",
    "cocommission.signon",
    "cocommission.pages",
    "cocommission.demo",
    # Domain apps
    "governance",
    "outcomes",
    "cycles",
    "assets",
    "contracts",
    "reports",
    "panels",
    "surveys",
    "ideas",
    # The citizen's and the public's pages, on top of every domain app
    "participation",
    # The JSON API, beside the public pages whose queries it reuses
    "api",
]

MIDDLEWARE = [
    "cocommission.http.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "cocommission.pages.middleware.PrivateResponsesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cocommission.pages.middleware.PreferredLanguageMiddleware",
    "cocommission.pages.middleware.RefuseNulMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "cocommission.pages.middleware.AnonymousPostRateLimitMiddleware",
]

ROOT_URLCONF = "cocommission.urls"
WSGI_APPLICATION = "cocommission.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "cocommission.organisations.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": env.db(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: e-mail is the login; citizens may sign in with an e-mailed code.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
# Six digits: easy to read from a phone and type in; allauth limits the attempts.
ALLAUTH_USER_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website"
ACCOUNT_FORMS = {
    "signup": "cocommission.accounts.forms.SignupForm",
    "login": "cocommission.accounts.forms.LoginForm",
    "request_login_code": "cocommission.accounts.forms.RequestLoginCodeForm",
    "confirm_login_code": "cocommission.accounts.forms.ConfirmLoginCodeForm",
    "confirm_email_verification_code": (
        "cocommission.accounts.forms.ConfirmEmailVerificationCodeForm"
    ),
}
ACCOUNT_ADAPTER = "cocommission.accounts.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[CoCommission] "
# Staff single sign-on (cocommission.signon): each organisation's OpenID Connect
# provider comes from its SignOn, through this adapter. Accounts are found or made
# by the adapter itself, never by allauth's sign-up form or by e-mail matching.
SOCIALACCOUNT_ADAPTER = "cocommission.signon.adapter.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
# Issuers must be https unless this is set (tests and local development only).
SIGN_ON_ALLOW_HTTP = env.bool("SIGN_ON_ALLOW_HTTP", default=False)
# The key client secrets are encrypted with (by default derived from SECRET_KEY).
SIGN_ON_SECRET_KEY = env("SIGN_ON_SECRET_KEY", default="")
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "CoCommission"
# A code from the 30-second step before (or after) the server's is accepted too:
# RFC 6238 (5.2) allows one step for the time a person takes to type the code and
# send it; with none, a code typed in the last seconds of its step is refused.
MFA_TOTP_TOLERANCE = 1

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English")), ("cy", _("Welsh"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# What organisations write (surveys) can be in these languages besides English,
# kept by django-modeltrans in each model's `i18n` JSON field; see
# cocommission/languages.py for their names and which read right to left.
MODELTRANS_DEFAULT_LANGUAGE = "en"
MODELTRANS_AVAILABLE_LANGUAGES = ("en", "cy", "pl", "bn", "ur", "ar", "so", "pa", "gu")
MODELTRANS_FALLBACK = {"default": ("en",)}
MODELTRANS_ADD_FIELD_HELP_TEXT = False
# The language someone chose with the switcher (pages:language); a signed-in
# person's preferred_language wins over it (PreferredLanguageMiddleware).
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_HTTPONLY = True
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
CRISPY_GDS_FRONTEND_VERSION = "5.14.0"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Cache: rate limits and the survey answering page rely on it; Redis where one is
# configured. Short timeouts, no retries, and while Redis cannot answer the cache
# uses a table in PostgreSQL instead (cocommission.cache), so citizens can still
# sign in, answer and vote, with their rate limits still counted.
REDIS_URL = env("REDIS_URL", default="")
#: Seconds any Redis client (cache, broker, results, health check) waits to connect
#: or for an answer. Kept at 1 or less: a citizen's request must never hang on Redis.
REDIS_TIMEOUT = 1
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "cocommission.cache.FailSafeRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT,
                "socket_timeout": REDIS_TIMEOUT,
                "FALLBACK": "fallback",
            },
        },
        "fallback": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cocommission_cache_fallback",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# django-ratelimit only knows Django's own cache classes by name; ours counts with
# Redis's atomic increments, like RedisCache, whenever Redis answers.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

# The client's address. Behind proxies only what our own proxies added to
# X-Forwarded-For is believed (cocommission.http.client_ip, used by every rate limit,
# allauth, the survey address hash and the logs). DJANGO_TRUSTED_PROXY_COUNT: how
# many proxies stand in front of the app, each appending to X-Forwarded-For (0: the
# app is reached directly). DJANGO_TRUSTED_PROXY_IPS: optionally, the addresses or
# networks the nearest proxy connects from; the header is ignored from anywhere else.
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
TRUSTED_PROXY_IPS: list[str] = env.list("DJANGO_TRUSTED_PROXY_IPS", default=[])
RATELIMIT_IP_META_KEY = "cocommission.http.client_ip"

# Rate limits. The bar they are set against, both ways: a room of about 40 people on
# one library's wifi (one address) all joining a panel within 10 minutes, some with
# a mistyped code or a second code, must get through; a script must not be able to
# mail hundreds of codes, flood one inbox, or guess a code. Tested both ways in
# tests/accounts/test_signin.py with these values (the test settings turn limits
# off for the rest of the suite). Kept together so those tests can switch them on.
RATE_LIMIT_DEFAULTS: dict[str, Any] = {
    # Every anonymous POST, per client address (cocommission.pages.middleware).
    # Joining takes two (the e-mail address, then the code): 40 people with a retry
    # each is about 120 in 10 minutes, mostly in bursts ("now type your code").
    # 300 per 10 minutes is the long-run pace of the old 30 a minute, but a room can
    # spend it in one burst, which 30 a minute could not take.
    "RATELIMIT_ANONYMOUS_POST_RATE": "300/10m",
    # Sign-in pages (password, code, password reset), per client address, inside the
    # budget above: 40 people asking for and typing a code with a retry each is about
    # 120. Password guessing is held much tighter by allauth's own "login_failed"
    # (10 a minute per address, 5 per 5 minutes per account).
    "RATELIMIT_LOGIN_RATE": "150/10m",
    # allauth's limits (its defaults apply to anything not named here).
    "ACCOUNT_RATE_LIMITS": {
        # Sign-in codes, one budget whichever page sends them: allauth's "get a
        # sign-in code", joining a panel, and checking a new address by code all
        # draw on it (cocommission.accounts.signin). Per client address: 60 per 10
        # minutes covers 40 people with one in five asking twice (48), and 200 a day
        # several such sessions; a script mailing hundreds of addresses stops at 60.
        # Per e-mail address: 3 per 10 minutes (a person whose code is slow to come
        # asks again), 10 a day, so nobody's inbox can be flooded.
        "request_login_code": "60/10m/ip,200/d/ip,3/10m/key,10/d/key",
        # Tries at typing a code, per account, across all the codes it is sent
        # (allauth's own limit, 3, is per code, so a new code would give new tries).
        # A person mistypes a few times; a guesser of a 6-digit code gets at most
        # 30 tries a day, about a 1 in 100 chance in a year of trying.
        "login_code_guess": "10/h/key,30/d/key",
    },
}
RATELIMIT_ANONYMOUS_POST_RATE = env(
    "RATELIMIT_ANONYMOUS_POST_RATE",
    default=RATE_LIMIT_DEFAULTS["RATELIMIT_ANONYMOUS_POST_RATE"],
)
RATELIMIT_LOGIN_RATE = env(
    "RATELIMIT_LOGIN_RATE", default=RATE_LIMIT_DEFAULTS["RATELIMIT_LOGIN_RATE"]
)
ACCOUNT_RATE_LIMITS = RATE_LIMIT_DEFAULTS["ACCOUNT_RATE_LIMITS"]
# What a signed-in person posts about needs and ideas (raising, supporting,
# commenting, reporting), per person: far above anyone taking part by hand (a
# busy evening might be 20), far below a script filling the moderation queue.
RATELIMIT_IDEAS_POST_RATE = env("RATELIMIT_IDEAS_POST_RATE", default="60/10m")
# Wrong survey and voting codes (surveys.guesses), counted whether or not the
# person is signed in. Per address: a room of 40 on one wifi mistyping a code each
# is 40. Per signed-in person: a few mistypes, or a team member's slips while
# entering paper forms. A guesser stops at 10 wrong codes in 10 minutes.
RATELIMIT_CODE_CHECK_IP_RATE = env("RATELIMIT_CODE_CHECK_IP_RATE", default="60/10m")
RATELIMIT_CODE_CHECK_PERSON_RATE = env(
    "RATELIMIT_CODE_CHECK_PERSON_RATE", default="10/10m"
)
RATELIMIT_VIEW = "cocommission.pages.views.rate_limited"
# The API (api.main): requests without a token per client address, and with one per
# token. 120 a minute lets a transparency site page through a cycle's decisions in
# seconds and stops a scraper hammering the database.
API_PUBLIC_RATE = env("DJANGO_API_PUBLIC_RATE", default="120/m")
API_TOKEN_RATE = env("DJANGO_API_TOKEN_RATE", default="600/m")
# Lists: 50 items a page by default, at most 100 (django-ninja's limit/offset).
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 100  # api.http.Paged keeps to it
RATELIMIT_FAIL_OPEN = True

# Celery: JSON only, late acknowledgement, bounded run times.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing never waits long on the broker: one quick retry, short timeouts. Work
# that must not be lost is a row in PostgreSQL first (cocommission.jobs) and is
# enqueued again by the sweep when the broker was away.
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_TIMEOUT
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
}
# The longest hard time limit of any task (reports.tasks.make_open_data, 1,900 s;
# reports and downloads have 660 s). The broker's visibility timeout, after which a
# task a dead worker had taken goes to another worker, is set just above it: a
# shorter one would hand out a task still running; a much longer one leaves the
# task waiting for nothing. Background file jobs do not wait for it: their sweep
# (JOBS_* below) runs them again within minutes. tests/resilience checks the order.
CELERY_LONGEST_TASK_TIME_LIMIT = 1900
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int(
        "CELERY_VISIBILITY_TIMEOUT", default=CELERY_LONGEST_TASK_TIME_LIMIT + 100
    ),
    "socket_connect_timeout": REDIS_TIMEOUT,
    "socket_timeout": REDIS_TIMEOUT,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}

# Background file jobs (cocommission.jobs): a running job records a heartbeat every
# JOBS_HEARTBEAT_SECONDS; one silent for JOBS_STALE_AFTER_SECONDS lost its worker and
# the sweep (every JOBS_SWEEP_SECONDS) runs it again, at most JOBS_MAX_ATTEMPTS
# times in all. The sweep also enqueues jobs the broker never got, and again those
# queued for JOBS_QUEUED_TOO_LONG_SECONDS. So a dead worker's job is made again
# within about three minutes.
JOBS_HEARTBEAT_SECONDS = env.float("JOBS_HEARTBEAT_SECONDS", default=15)
JOBS_STALE_AFTER_SECONDS = env.float("JOBS_STALE_AFTER_SECONDS", default=120)
JOBS_SWEEP_SECONDS = env.float("JOBS_SWEEP_SECONDS", default=60)
JOBS_QUEUED_TOO_LONG_SECONDS = env.float(
    "JOBS_QUEUED_TOO_LONG_SECONDS", default=15 * 60
)
JOBS_MAX_ATTEMPTS = env.int("JOBS_MAX_ATTEMPTS", default=3)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "sweep-background-jobs": {
        "task": "cocommission.jobs.sweep_jobs",
        "schedule": JOBS_SWEEP_SECONDS,
        "options": {"expires": JOBS_SWEEP_SECONDS},
    },
    # Results read the tallies after counting what is waiting, so this only
    # keeps the outbox short; every few seconds costs one indexed query when idle.
    "count-survey-responses": {
        "task": "surveys.tasks.count_responses",
        "schedule": 5,
        "options": {"expires": 5},
    },
    "remind-overdue-risk-reviews": {
        "task": "cycles.tasks.remind_overdue_risk_reviews",
        "schedule": 60 * 60 * 24,
    },
    "remind-panel-meetings": {
        "task": "panels.tasks.remind_meetings",
        "schedule": 60 * 60,
    },
    "remove-expired-survey-exports": {
        "task": "surveys.tasks.remove_expired_exports",
        "schedule": 60 * 60 * 24,
    },
    "remove-expired-reports": {
        "task": "reports.tasks.remove_expired_reports",
        "schedule": 60 * 60 * 24,
    },
    "notify-surveys": {
        "task": "surveys.tasks.notify_surveys",
        "schedule": 60 * 60,
    },
    "survey-reminders": {
        "task": "surveys.tasks.send_survey_reminders",
        "schedule": 60 * 60,
    },
    "notify-review-dates": {
        "task": "contracts.tasks.notify_review_dates",
        "schedule": 60 * 60 * 24,
    },
    "send-weekly-digests": {
        "task": "panels.tasks.send_digests",
        "schedule": 60 * 60 * 24 * 7,
    },
    "make-open-data": {
        "task": "reports.tasks.make_open_data",
        "schedule": 60 * 60 * 24,
    },
    "erase-inactive-citizens": {
        "task": "cocommission.accounts.tasks.erase_inactive_citizens",
        "schedule": 60 * 60 * 24,
    },
}

EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
EMAIL_FILE_PATH = env("DJANGO_EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = env(
    "DJANGO_DEFAULT_FROM_EMAIL", default="CoCommission <noreply@localhost>"
)

# Content Security Policy: no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Powerful browser features nobody here uses, switched off for every page and
# any frame in it (an empty list allows no origin at all). Passkeys, if they come,
# need "publickey-credentials-get" and "-create", which stay at their default.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "captured-surface-control",
        "clipboard-read",
        "compute-pressure",
        "display-capture",
        "document-domain",
        "encrypted-media",
        "fullscreen",
        "gamepad",
        "geolocation",
        "gyroscope",
        "hid",
        "identity-credentials-get",
        "idle-detection",
        "interest-cohort",
        "keyboard-map",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "otp-credentials",
        "payment",
        "picture-in-picture",
        "screen-wake-lock",
        "serial",
        "speaker-selection",
        "usb",
        "window-management",
        "xr-spatial-tracking",
    )
}
SESSION_COOKIE_HTTPONLY = True

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Each line carries the client's address as cocommission.http.client_ip sees
    # it (never a header taken on trust); "-" outside a request.
    "filters": {"client_ip": {"()": "cocommission.http.ClientAddressLogFilter"}},
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s %(client_ip)s %(message)s"
        },
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(client_ip)s %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["client_ip"],
            "formatter": env("DJANGO_LOG_FORMAT", default="plain"),
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Published in the README: only the demo data of `make run` uses it.
COCOMMISSION_DEMO_PASSWORD = "demo-password-2026"  # noqa: S105
# Where the service is reached, for links in e-mails sent by background tasks.
COCOMMISSION_BASE_URL = env("COCOMMISSION_BASE_URL", default="http://127.0.0.1:8000")

# Webhooks: let deliveries reach this machine's own loopback address over plain
# http. Only the tests' receiver needs it; never set it in production.
WEBHOOKS_ALLOW_LOCALHOST = env.bool("WEBHOOKS_ALLOW_LOCALHOST", default=False)

# Open Contracting: the prefix of every contract's OCID. Register one with the Open
# Contracting Partnership before publishing (https://standard.open-contracting.org);
# `manage.py check --deploy` fails while it is the placeholder.
OCDS_OCID_PREFIX = env("OCDS_OCID_PREFIX", default="ocds-cocomm")
