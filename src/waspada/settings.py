"""Waspada settings. Everything a deployment changes comes from WASPADA_* environment variables."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from waspada.env import env_bool, env_int, env_list, env_secret, env_str, env_tile_url, url_origin

PACKAGE_DIR = Path(__file__).resolve().parent
CHECKOUT_DIR = PACKAGE_DIR.parents[1]

DEBUG = env_bool("WASPADA_DEBUG", default=False)
# Django's technical error pages (URL patterns, tracebacks, settings) only when asked for separately: with
# WASPADA_DEBUG=1 alone (`make run`) users still see Waspada's own 403/404/500 pages (core/error_pages.py).
WASPADA_DEBUG_PAGES = DEBUG and env_bool("WASPADA_DEBUG_PAGES", default=False)
CSRF_FAILURE_VIEW = "waspada.core.error_pages.csrf_failure"  # our 403 page: "the form expired", in Indonesian
# Production hardening (HTTPS redirect, HSTS, 2FA for national admins): `waspada check --deploy` is clean
# with WASPADA_PRODUCTION=1. Off by default so the embedded install and the tests work over plain HTTP.
PRODUCTION = env_bool("WASPADA_PRODUCTION", default=False)
if PRODUCTION and DEBUG:
    raise ValueError("WASPADA_PRODUCTION=1 cannot be combined with WASPADA_DEBUG=1.")

# Local, git-ignored state: the embedded database, uploads, caches, collected static files.
VAR_DIR = Path(env_str("WASPADA_VAR_DIR", str(CHECKOUT_DIR / "var"))).resolve()
# Public reference data (regions, boundaries, NERP), kept in the repository's data/ (data/README.md) and
# imported at set-up. WASPADA_DATA_DIR may point elsewhere, e.g. at a newer Kepmendagri edition.
DATA_DIR = Path(env_str("WASPADA_DATA_DIR", str(CHECKOUT_DIR / "data"))).resolve()
# The project's domain facts (taxonomy, elections, parties, regions.yaml): data/domain, on its own setting so
# that pointing WASPADA_DATA_DIR at another edition keeps them.
DOMAIN_DIR = Path(env_str("WASPADA_DOMAIN_DIR", str(CHECKOUT_DIR / "data" / "domain"))).resolve()


def _local_secret_key() -> str:
    """A random key kept in VAR_DIR, so an embedded install is safe without configuration."""
    import secrets

    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.touch(mode=0o600)
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = env_secret("WASPADA_SECRET_KEY") or _local_secret_key()

ALLOWED_HOSTS = env_list("WASPADA_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("WASPADA_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "waspada.accounts.admin_apps.WaspadaAdminConfig",  # django.contrib.admin, national admins only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "waspada.core",
    "waspada.accounts",
    "waspada.regions",
    "waspada.elections",
    "waspada.news",
    "waspada.web",
    "waspada.incidents",
    "waspada.monitoring",
    "waspada.risk",
    "waspada.alerts",
    "waspada.education",
    "waspada.grants",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "waspada.core.middleware.LanguageMiddleware",
    "waspada.core.api.jsonbody.BodyLimitMiddleware",  # API bodies over the upload limit: JSON 413 (issue 15)
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "waspada.core.middleware.RegionTimezoneMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "waspada.core.middleware.RequestIdMiddleware",
    "waspada.core.error_pages.ErrorPageMiddleware",  # our 404/500 pages also in debug mode
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the lockout page
]

ROOT_URLCONF = "waspada.urls"
WSGI_APPLICATION = "waspada.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "waspada.accounts.context_processors.navigation",
            ],
        },
    },
]

_default_db = f"sqlite:///{VAR_DIR / 'waspada.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env_str("WASPADA_DATABASE_URL", _default_db), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Kept open across requests (sync workers: one connection per worker thread), so the init PRAGMAs below do
    # not run and the file is not reopened on every request; Django still closes it after an error.
    DATABASES["default"]["CONN_MAX_AGE"] = 60
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while the importer or a worker writes; IMMEDIATE avoids lock upgrades.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": env_str("WASPADA_TEST_SQLITE_NAME", "") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out clients before any password check
    "waspada.accounts.backends.BrieflyCachedModelBackend",  # ModelBackend; the user row kept 10 s per process
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # verifies (and upgrades) older hashes
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = env_int("WASPADA_PASSWORD_RESET_SECONDS", 3 * 24 * 3600)

# Lockout (django-axes, database handler): a username is locked from one address after repeated failures.
AXES_FAILURE_LIMIT = env_int("WASPADA_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("WASPADA_LOGIN_LOCKOUT_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # offices share NAT addresses: never lock a whole IP
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

# Two-factor (TOTP, django-otp): optional for everyone, required for national admins when this is on.
WASPADA_REQUIRE_2FA = env_bool("WASPADA_REQUIRE_2FA", default=PRODUCTION)
OTP_TOTP_ISSUER = "Waspada"

# Personal API tokens (docs/architecture.md, API conventions).
API_TOKEN_DAYS_DEFAULT = env_int("WASPADA_API_TOKEN_DAYS", 90)
API_TOKEN_DAYS_MAX = 365

# E-mail (password resets): files under var/mail unless an SMTP host is configured.
DEFAULT_FROM_EMAIL = env_str("WASPADA_EMAIL_FROM", "waspada@localhost")
if env_str("WASPADA_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("WASPADA_EMAIL_HOST")
    EMAIL_PORT = env_int("WASPADA_EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("WASPADA_EMAIL_USER")
    EMAIL_HOST_PASSWORD = env_secret("WASPADA_EMAIL_PASSWORD")
    EMAIL_USE_TLS = env_bool("WASPADA_EMAIL_TLS", default=True)
else:
    EMAIL_BACKEND = env_str("WASPADA_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    EMAIL_FILE_PATH = VAR_DIR / "mail"
# Seconds one SMTP attempt may take before it counts as failed (and is retried by the worker): a slow mail server
# never holds a request or a job for long.
EMAIL_TIMEOUT = env_int("WASPADA_EMAIL_TIMEOUT", 10)

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it even before collectstatic
# Leaflet's files come from the django-leaflet package; its app is not installed because it needs GDAL.
STATICFILES_DIRS = [Path(str(importlib.util.find_spec("leaflet").origin)).parent / "static"]  # type: ignore[union-attr]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Development serves the source files through the finders; production serves the collected, pre-compressed
# copies (`waspada serve` runs collectstatic): leaflet.js goes out at 42 KB instead of 147 KB.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = VAR_DIR / "media"

# Background work (exports, later detection runs): django-tasks with its database backend, so the same code
# runs on SQLite and PostgreSQL without a broker. `waspada worker` runs the jobs; `make run` starts one.
TASKS = {
    "default": {
        "BACKEND": env_str("WASPADA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "exports"],
    }
}

# Requests per user to POST /api/v1/analyze (ninja's rate syntax: "30/m", "500/h").
WASPADA_ANALYZE_RATE = env_str("WASPADA_ANALYZE_RATE", "30/m")

# Finished export files are deleted after this many days (at the start of each export run).
WASPADA_EXPORT_KEEP_DAYS = env_int("WASPADA_EXPORT_KEEP_DAYS", 7)
# `waspada worker` runs the housekeeping jobs (waspada.core.housekeeping) this often; 0 turns that off.
WASPADA_HOUSEKEEPING_MINUTES = env_int("WASPADA_HOUSEKEEPING_MINUTES", 10)
WASPADA_SCHEDULER_SECONDS = env_int("WASPADA_SCHEDULER_SECONDS", 30)  # how often `waspada worker` looks for due jobs
WASPADA_TASK_RESULTS_KEEP_DAYS = env_int("WASPADA_TASK_RESULTS_KEEP_DAYS", 7)

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "waspada",
        "OPTIONS": {"MAX_ENTRIES": 20_000},  # serialised regions, sessions; about 1 KB each
    }
}
# Sessions live in the database; each process caches one for a few seconds only (see waspada.core.sessions).
SESSION_ENGINE = "waspada.core.sessions"

SESSION_COOKIE_SECURE = env_bool("WASPADA_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("WASPADA_SESSION_HOURS", 12) * 3600
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("WASPADA_SSL_REDIRECT", default=PRODUCTION)
SECURE_HSTS_SECONDS = env_int("WASPADA_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("WASPADA_HSTS_INCLUDE_SUBDOMAINS", default=PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("WASPADA_HSTS_PRELOAD", default=PRODUCTION)
if env_bool("WASPADA_BEHIND_HTTPS_PROXY", default=False):
    # Only when a proxy you run sets X-Forwarded-Proto and strips it from clients.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp 4): own origin only, no inline script or style anywhere. htmx's
# indicator <style> is switched off by the htmx-config meta tag in base.html. Leaflet's icons use data: URIs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Map base layer: none unless WASPADA_TILE_URL is set (`make run` sets OpenStreetMap's standard tiles). Tile
# providers require their credit, so an attribution must come with the URL; its origin joins the CSP's img-src.
WASPADA_TILE_URL = env_tile_url("WASPADA_TILE_URL")
WASPADA_TILE_ATTRIBUTION = env_str("WASPADA_TILE_ATTRIBUTION", "").strip()
WASPADA_TILE_ATTRIBUTION_URL = env_str("WASPADA_TILE_ATTRIBUTION_URL", "").strip()
if WASPADA_TILE_URL:
    if not WASPADA_TILE_ATTRIBUTION:
        raise ValueError("WASPADA_TILE_URL needs WASPADA_TILE_ATTRIBUTION (the credit the tile provider requires).")
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(url_origin(WASPADA_TILE_URL))

API_PAGE_SIZE_MAX = env_int("WASPADA_API_PAGE_SIZE_MAX", 500)

# Incidents: Fernet keys for informant fields (first = current; see waspada.incidents.crypto), upload limit.
WASPADA_FIELD_KEYS = env_list("WASPADA_FIELD_KEYS", [])
WASPADA_ATTACHMENT_MAX_BYTES = env_int("WASPADA_ATTACHMENT_MAX_MB", 10) * 1024 * 1024
# Uploaded spreadsheets (waspada.core.spreadsheets.upload; docs/intake.md, Hostile files): bounds every import
# applies before and while reading. Rows and bytes per file are each import's own (incidents 20,000 rows / 20 MB).
WASPADA_UPLOAD_MAX_UNCOMPRESSED_BYTES = env_int("WASPADA_UPLOAD_MAX_UNCOMPRESSED_MB", 100) * 1024 * 1024
WASPADA_UPLOAD_MAX_RATIO = env_int("WASPADA_UPLOAD_MAX_RATIO", 500)
WASPADA_UPLOAD_MAX_MEMBERS = env_int("WASPADA_UPLOAD_MAX_MEMBERS", 500)
WASPADA_UPLOAD_BLANK_ROWS = env_int("WASPADA_UPLOAD_BLANK_ROWS", 1000)
WASPADA_UPLOAD_MAX_COLUMNS = env_int("WASPADA_UPLOAD_MAX_COLUMNS", 500)
WASPADA_UPLOAD_MAX_CELL_CHARS = env_int("WASPADA_UPLOAD_MAX_CELL_CHARS", 32_767)
WASPADA_UPLOAD_MAX_SECONDS = env_int("WASPADA_UPLOAD_MAX_SECONDS", 30)
# New incidents arriving together in one process share one write transaction (waspada.incidents.actions.group_commit).
WASPADA_GROUP_COMMIT = env_bool("WASPADA_GROUP_COMMIT", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("WASPADA_LOG_LEVEL", "WARNING")},
}
