"""Carré's settings, read from the environment; see .env.example for each one.

Defaults are safe for production: DEBUG is off, cookies are secure and HSTS is
sent behind CARRE_HTTPS=1, and the Content-Security-Policy allows no inline
script. Without DATABASE_URL an embedded PostgreSQL runs from CARRE_DATA_DIR.
"""

import os
import warnings
from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from carre.cache import cache_settings
from carre.config import (
    database_from_url,
    env_addresses,
    env_base_url,
    env_bool,
    env_int,
    env_list,
    secret_key_from_file,
)

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("CARRE_DATA_DIR") or BASE_DIR / ".data").resolve()

DEBUG = env_bool("CARRE_DEBUG")
SECRET_KEY = os.environ.get("CARRE_SECRET_KEY") or secret_key_from_file(DATA_DIR)
ALLOWED_HOSTS = env_list("CARRE_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CARRE_CSRF_TRUSTED_ORIGINS", [])
SITE_NAME = os.environ.get("CARRE_SITE_NAME", "Carré")
# The public address, for links in emails (written outside any request).
CARRE_BASE_URL = env_base_url("CARRE_BASE_URL")

INSTALLED_APPS = [
    "carre.apps.CarreAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
    "ninja",
    "carre",
    "accounts",
    "forum",
    "notifications",
    "dossiers",
    "sources",
    "search",
    "facts",
    "promotion",
    "exports",
    "profiles",
    "tips",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside every middleware that can fail (the session, the user, the
    # database): error pages, the outage page included, get these headers too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "carre.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads the form, the cookies or the session from the DB.
    "carre.middleware.InvalidCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After MessageMiddleware: both tell the user why they were redirected.
    "accounts.middleware.SessionTimeoutMiddleware",
    "accounts.middleware.ModeratorTwoFactorMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "carre.urls"
CSRF_FAILURE_VIEW = "carre.views.csrf_failure"
WSGI_APPLICATION = "carre.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "carre.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": database_from_url(os.environ["DATABASE_URL"])}
else:
    DATABASES = {
        "default": {
            "ENGINE": "carre.embedded_postgres",
            "NAME": "postgres",
            "USER": "postgres",
            "DATA_DIR": str(DATA_DIR),
        }
    }
# One connection per process kept between requests (a gunicorn sync worker
# serves one request at a time), checked before reuse, so a restarted
# PostgreSQL costs no 500; docs/operations.md has the numbers and the choice
# against psycopg's pool.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CARRE_DB_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache for every process and node (allauth's login limits live in it):
# Redis with CARRE_REDIS_URL, else the database (carre/cache.py, carre.E001).
CACHES = {"default": cache_settings(os.environ.get("CARRE_REDIS_URL", "").strip())}
# Sessions stay in the database: they survive a restart of a node or of Redis.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# gunicorn workers per web container (scripts/docker-entrypoint.sh).
CARRE_WEB_WORKERS = env_int("CARRE_WEB_WORKERS", 3)
# The dossier page (dossiers/page_cache.py, docs/performance.md): how long its
# rendered body stays in the cache, and how long a proxy or browser may keep
# the page of an anonymous reader without asking again.
CARRE_DOSSIER_CACHE_TIMEOUT = env_int("CARRE_DOSSIER_CACHE_TIMEOUT", 24 * 3600)
CARRE_DOSSIER_MAX_AGE = env_int("CARRE_DOSSIER_MAX_AGE", 60)
# Above this many sections the dossier page shows the whole table of contents
# and its sections in parts of this many (`?part=N`, loaded lazily by htmx).
CARRE_DOSSIER_PAGE_SECTIONS = env_int("CARRE_DOSSIER_PAGE_SECTIONS", 60)
# How long a proxy or browser may keep a thread's page for an anonymous reader
# before asking again (forum/views/threads.py; a reload then costs a 304).
CARRE_THREAD_MAX_AGE = env_int("CARRE_THREAD_MAX_AGE", 60)
# Anonymous tips (tips/limits.py): how many the form takes per window of
# CARRE_TIPS_WINDOW seconds, in all and per sender (counted in the cache
# under a keyed hash whose secret lasts one window; no address is stored).
CARRE_TIPS_WINDOW = env_int("CARRE_TIPS_WINDOW", 3600)
CARRE_TIPS_PER_WINDOW = env_int("CARRE_TIPS_PER_WINDOW", 30)
CARRE_TIPS_PER_SENDER = env_int("CARRE_TIPS_PER_SENDER", 5)
# CSV imports of deployments (facts/imports.py): the largest file and number
# of lines a moderator may upload, and how long an unfinished import is kept.
CARRE_IMPORT_MAX_BYTES = env_int("CARRE_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
CARRE_IMPORT_MAX_LINES = env_int("CARRE_IMPORT_MAX_LINES", 50_000)
CARRE_IMPORT_EXPIRY_HOURS = env_int("CARRE_IMPORT_EXPIRY_HOURS", 24)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Accounts -------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Django's and allauth's, loading the account's moderator role with it
    # (accounts/backends.py).
    "accounts.backends.AccountBackend",
    "accounts.backends.AllauthAccountBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
# A username taken by a simultaneous sign-up is a form error, not a 500.
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_PRESERVE_USERNAME_CASING = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_RATE_LIMITS = {
    # Failed logins are limited per address and per account (allauth's keys);
    # the counters live in the cache, never in a table.
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
# Moderators must have TOTP enabled before they can act (see accounts.middleware).
CARRE_MODERATOR_2FA_REQUIRED = env_bool("CARRE_MODERATOR_2FA_REQUIRED", True)

# Absolute end of a session, fixed at login (accounts.services.record_login).
SESSION_COOKIE_AGE = env_int("CARRE_SESSION_MAX_AGE", 14 * 24 * 3600)
# A signed-in session unused for this long ends (accounts.middleware).
CARRE_SESSION_IDLE_TIMEOUT = env_int("CARRE_SESSION_IDLE_TIMEOUT", 12 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- Internationalisation -------------------------------------------------

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("CARRE_TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ---------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("CARRE_MEDIA_ROOT") or DATA_DIR / "media")
# Uploaded files are served by the view of the app that owns them, after its
# permission check (carre/media.py). Behind a proxy that serves the media folder
# from an internal location (deploy/Caddyfile, nginx's `internal`), set this to
# that location: the view then only answers `X-Accel-Redirect: <prefix><name>`.
MEDIA_INTERNAL_PREFIX = os.environ.get("CARRE_MEDIA_INTERNAL_PREFIX", "").strip()
if MEDIA_INTERNAL_PREFIX:
    MEDIA_INTERNAL_PREFIX = "/" + MEDIA_INTERNAL_PREFIX.strip("/") + "/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed names once collectstatic has run (the Docker image);
        # plain names served from the source tree otherwise (demo, tests).
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("CARRE_STATIC_MANIFEST")
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
# Optional S3-compatible store for uploads (carre/object_storage.py); checked
# by carre.checks (E002-E004): a partial configuration stops the server.
CARRE_MEDIA_S3 = {
    "bucket": os.environ.get("CARRE_MEDIA_S3_BUCKET", "").strip(),
    "endpoint_url": os.environ.get("CARRE_MEDIA_S3_ENDPOINT_URL", "").strip(),
    "region": os.environ.get("CARRE_MEDIA_S3_REGION", "").strip(),
    "access_key": os.environ.get("CARRE_MEDIA_S3_ACCESS_KEY", "").strip(),
    "secret_key": os.environ.get("CARRE_MEDIA_S3_SECRET_KEY", "").strip(),
    "addressing_style": os.environ.get("CARRE_MEDIA_S3_ADDRESSING_STYLE", "").strip(),
}
# Lifetime of the presigned link given to a reader after the permission check.
CARRE_MEDIA_S3_URL_EXPIRY = env_int("CARRE_MEDIA_S3_URL_EXPIRY", 60)
# Source images redirect there: the CSP's img-src must allow it.
_media_origins = []
if CARRE_MEDIA_S3["bucket"]:
    from carre.object_storage import presigned_origin, storage_settings

    STORAGES["default"] = storage_settings(
        CARRE_MEDIA_S3, url_expiry=CARRE_MEDIA_S3_URL_EXPIRY
    )
    _media_origins = [origin for origin in [presigned_origin(CARRE_MEDIA_S3)] if origin]
WHITENOISE_USE_FINDERS = not env_bool("CARRE_STATIC_MANIFEST")
if WHITENOISE_USE_FINDERS:
    # Files are served from the source tree: STATIC_ROOT is only for images.
    warnings.filterwarnings("ignore", message="No directory at")

# --- Email ------------------------------------------------------------------

DEFAULT_FROM_EMAIL = os.environ.get("CARRE_EMAIL_FROM", "carre@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who gets a mail for each server error (500), "Name <mail>" comma-separated.
ADMINS = env_addresses("CARRE_ADMINS")
EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
EMAIL_CONFIGURED = bool(os.environ.get("CARRE_EMAIL_HOST"))
if EMAIL_CONFIGURED:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["CARRE_EMAIL_HOST"],
                "port": env_int("CARRE_EMAIL_PORT", 587),
                "username": os.environ.get("CARRE_EMAIL_USER", ""),
                "password": os.environ.get("CARRE_EMAIL_PASSWORD", ""),
                "use_tls": env_bool("CARRE_EMAIL_TLS", True),
                "timeout": 20,
            },
        }
    }
else:
    # No mail server configured: mails are printed, so a self-hoster sees them.
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# --- Security -------------------------------------------------------------

HTTPS = env_bool("CARRE_HTTPS")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("CARRE_HSTS_PRELOAD")
if env_bool("CARRE_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Login limits per address count the client's address (the last one the
    # proxy appended), not the proxy's; without a proxy the header is ignored.
    ALLAUTH_TRUSTED_PROXY_COUNT = 1
# Nothing leaves for other origins. Not "no-referrer": with it, browsers send
# "Origin: null" on our own form posts, which Django's CSRF check must refuse.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# HSTS preloading is a commitment a self-hoster makes for the whole domain
# (CARRE_HSTS_PRELOAD=1); not making it is not a defect of the deployment.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

MAP_TILE_URL = os.environ.get("CARRE_MAP_TILE_URL", "")
_tile_origins = env_list("CARRE_MAP_TILE_ORIGINS", [])

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *_tile_origins, *_media_origins],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# --- Logging: no personal data (no addresses, no query strings) --------------

# Error reports mailed to ADMINS carry no address, cookie, query string or
# form value (carre/error_reports.py).
DEFAULT_EXCEPTION_REPORTER = "carre.error_reports.PrivateExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "carre.error_reports.PrivateExceptionReporterFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{levelname} {name} {message}", "style": "{"}},
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "require_mail_server": {"()": "carre.error_reports.RequireMailServer"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        # A mail to ADMINS for each 500 (nothing without CARRE_ADMINS).
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "require_mail_server"],
        },
    },
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("CARRE_LOG_LEVEL", "INFO"),
    },
    "loggers": {
        "pgserver": {"level": "WARNING"},
        # One line per message: Django's own console handler is replaced.
        "django": {
            "handlers": ["console", "mail_admins"],
            "level": "INFO",
            "propagate": False,
        },
    },
}
# An error tracker of the operator's choice: a logging.Handler class (dotted
# path, installed in the image) that receives every ERROR, e.g. one that sends
# to Sentry or GlitchTip and reads its own DSN from the environment.
if os.environ.get("CARRE_ERROR_LOG_HANDLER"):
    LOGGING["handlers"]["error_tracker"] = {
        "class": os.environ["CARRE_ERROR_LOG_HANDLER"],
        "level": "ERROR",
    }
    LOGGING["root"]["handlers"].append("error_tracker")
    LOGGING["loggers"]["django"]["handlers"].append("error_tracker")

# --- Carré ----------------------------------------------------------------

CARRE_NEW_USER_QUEUE_POSTS = env_int("CARRE_NEW_USER_QUEUE_POSTS", 2)
# Trust levels (accounts/trust.py): days since sign-up and accepted
# contributions that earn each level; contributions one upheld flag cancels;
# the level whose dossier edits go live without review, and the level that
# reviews the others' pending edits.
CARRE_TRUST_BASIC_DAYS = env_int("CARRE_TRUST_BASIC_DAYS", 1)
CARRE_TRUST_BASIC_CONTRIBUTIONS = env_int("CARRE_TRUST_BASIC_CONTRIBUTIONS", 3)
CARRE_TRUST_MEMBER_DAYS = env_int("CARRE_TRUST_MEMBER_DAYS", 14)
CARRE_TRUST_MEMBER_CONTRIBUTIONS = env_int("CARRE_TRUST_MEMBER_CONTRIBUTIONS", 20)
CARRE_TRUST_REGULAR_DAYS = env_int("CARRE_TRUST_REGULAR_DAYS", 60)
CARRE_TRUST_REGULAR_CONTRIBUTIONS = env_int("CARRE_TRUST_REGULAR_CONTRIBUTIONS", 50)
CARRE_TRUST_FLAG_PENALTY = env_int("CARRE_TRUST_FLAG_PENALTY", 5)
CARRE_TRUST_PUBLISH_LEVEL = env_int("CARRE_TRUST_PUBLISH_LEVEL", 1)
CARRE_TRUST_REVIEW_LEVEL = env_int("CARRE_TRUST_REVIEW_LEVEL", 3)
# Per-account write limits (carre/ratelimit.py; 0: no limit). Moderators and
# staff are not limited.
CARRE_POSTS_PER_MINUTE = env_int("CARRE_POSTS_PER_MINUTE", 6)
CARRE_SECTION_EDITS_PER_MINUTE = env_int("CARRE_SECTION_EDITS_PER_MINUTE", 10)
CARRE_FACT_EDITS_PER_MINUTE = env_int("CARRE_FACT_EDITS_PER_MINUTE", 20)
CARRE_FLAGS_PER_HOUR = env_int("CARRE_FLAGS_PER_HOUR", 20)
CARRE_SOURCES_PER_HOUR = env_int("CARRE_SOURCES_PER_HOUR", 60)
CARRE_UPLOADS_PER_HOUR = env_int("CARRE_UPLOADS_PER_HOUR", 20)
CARRE_FETCH_ALLOW_PRIVATE = env_bool("CARRE_FETCH_ALLOW_PRIVATE")
CARRE_ARCHIVE_ORG = env_bool("CARRE_ARCHIVE_ORG")
CARRE_FETCH_TIMEOUT = env_int("CARRE_FETCH_TIMEOUT", 10)
CARRE_FETCH_MAX_BYTES = env_int("CARRE_FETCH_MAX_BYTES", 5 * 1024 * 1024)
# The scheduler (`manage.py run_periodic`): hours between two checks of every
# source's link (0: never), and days finished task results are kept.
CARRE_LINK_CHECK_HOURS = env_int("CARRE_LINK_CHECK_HOURS", 24)
CARRE_TASK_RESULTS_KEEP_DAYS = env_int("CARRE_TASK_RESULTS_KEEP_DAYS", 30)
# Seconds after which the worker's or the scheduler's last heartbeat makes
# its healthcheck fail (carre/heartbeats.py; the scheduler ticks every 60 s).
CARRE_HEARTBEAT_MAX_AGE = env_int("CARRE_HEARTBEAT_MAX_AGE", 180)
