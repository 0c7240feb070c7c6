"""Settings for the school logistics project.

Everything that differs between a laptop and a production server comes from the
environment; the defaults are safe (debug off, secure cookies) except where a
developer opts in with ``DJANGO_DEBUG=1``.
"""

import json
import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production refuses to start without it; "
            "set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_filters",
    "import_export",
    "simple_history",
    "logistics.axes_app.AxesConfig",
    "csp",
    "django_tasks",
    "logistics.tasks_app.TasksDatabaseConfig",
    "logistics",
    "assets",
    "repairs",
    "procurement",
    "supplies",
    "greening",
    "safety",
]

# Work that must not hold a web worker (large exports, label sheets, imports) runs
# in the background through Django's Tasks API: the database backend needs no
# broker; `manage.py db_worker` runs the queue (`make run` starts one).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "logistics.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "logistics.middleware.SchoolMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must be last: it turns a lockout raised by the backend into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "logistics.urls"
WSGI_APPLICATION = "logistics.wsgi.application"

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
                "logistics.context_processors.shell",
            ],
        },
    },
]
FORM_RENDERER = "logistics.forms.FormRenderer"

# Database: SQLite file by default, PostgreSQL (psycopg 3) through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside one writer; IMMEDIATE takes the write lock at
    # the start of a transaction so two writers queue instead of deadlocking.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA busy_timeout=20000;"
            "PRAGMA foreign_keys=ON;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, with permissions and roles read in one query.
    "logistics.backends.AccessBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed logins: five tries per user name and address, then fifteen minutes' pause.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_PROXY_COUNT", "0")) or None

# Language and time: Simplified Chinese by default, English complete.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# Amounts grouped by thousands in Chinese too (logistics/formats/zh_Hans).
FORMAT_MODULE_PATH = ["logistics.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded files are never served from MEDIA_URL: logistics.files checks who may
# see each one. Behind nginx, set the path of an ``internal`` location that serves
# MEDIA_ROOT (e.g. /protected-media/) and nginx sends the bytes (X-Accel-Redirect).
X_ACCEL_PREFIX = os.environ.get("X_ACCEL_PREFIX", "")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# E-mail through Django's backend; the console prints mails in development.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "后勤管理 <logistics@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. Production (DEBUG off) gets HTTPS-only cookies and HSTS; a school
# that serves plain HTTP on its intranet may turn these off explicitly.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(60 * 60 * 12)))
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
_https = env_bool("DJANGO_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_SSL_REDIRECT = _https and env_bool("DJANGO_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_HSTS_SECONDS", "31536000" if _https else "0")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SILENCED_SYSTEM_CHECKS = []
if not SECURE_HSTS_PRELOAD:
    # Preloading is a promise to browsers that cannot be taken back; a school
    # opts in deliberately.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

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
    },
    # The Django admin and its import/export pages carry inline styles and
    # scripts we do not control; our own pages keep the strict policy.
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name} {message}", "style": "{"},
    },
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
    },
}

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False  # the export formats keep texts inert
# .xlsx with the quote-prefix style (no apostrophe), CSV and TSV with one.
from logistics.export_formats import EXPORT_FORMATS  # noqa: E402,F401

# Product settings: numbers a school may change without touching code.
LOGISTICS = {
    "SITE_TITLE": _("School Logistics"),
    "IMPORT_MAX_ROWS": int(os.environ.get("IMPORT_MAX_ROWS", "20000")),
    "NOTIFY_BY_EMAIL": env_bool("NOTIFY_BY_EMAIL", True),
    # Lists whose rendered content is kept until what it shows changes (the
    # ledger: logistics/listing.py); off, every page is built afresh.
    "LIST_CONTENT_CACHE": env_bool("LIST_CONTENT_CACHE", True),
    # An export of more rows than this is prepared by the background worker
    # (logistics/jobs/exports.py); smaller ones are answered at once.
    "BACKGROUND_EXPORT_ROWS": int(os.environ.get("BACKGROUND_EXPORT_ROWS", "5000")),
    # A label sheet of more labels than this is printed by the worker, whose PDF
    # bound is longer (it holds no web request).
    "BACKGROUND_LABELS": int(os.environ.get("BACKGROUND_LABELS", "240")),
    "BACKGROUND_PDF_SECONDS": float(os.environ.get("BACKGROUND_PDF_SECONDS", "600")),
    # A printed document of more rows than this (a stocktake's report) is
    # rendered by the worker (logistics/jobs/documents.py).
    "BACKGROUND_PDF_ROWS": int(os.environ.get("BACKGROUND_PDF_ROWS", "500")),
    # An import of more rows than this is checked and written by the worker
    # (all rows or none, as on the page); smaller files get the page's preview.
    "BACKGROUND_IMPORT_ROWS": int(os.environ.get("BACKGROUND_IMPORT_ROWS", "2000")),
    # Notices outside the site (logistics/notices/): the site's address for links
    # in e-mail and group messages, and the hosts a group robot may point at.
    "SITE_URL": os.environ.get("SITE_URL", ""),
    **(
        {"ROBOT_HOSTS": tuple(env_list("ROBOT_HOSTS"))}
        if os.environ.get("ROBOT_HOSTS")
        else {}
    ),
}

# Printing (logistics/pdf.py): each PDF is laid out in a child process that is
# stopped after this many seconds (below gunicorn's 30 s worker timeout) or when it
# needs this much more memory; the user then reads that the document is too large.
PDF_RENDER_SECONDS = float(os.environ.get("PDF_RENDER_SECONDS", "20"))
PDF_RENDER_MEMORY_MB = int(os.environ.get("PDF_RENDER_MEMORY_MB", "1024"))

# Each app's own numbers (see repairs/conf.py and assets/conf.py for the keys and
# defaults): the installation's defaults, which each school may change for itself
# on its rules page (logistics/rules.py). Given as JSON in the environment, e.g.
# REPAIRS_SETTINGS='{"AUTO_CONFIRM_DAYS": 5, "DUE_HOURS": {"emergency": 2}}'.
REPAIRS = json.loads(os.environ.get("REPAIRS_SETTINGS", "{}"))
ASSETS = json.loads(os.environ.get("ASSETS_SETTINGS", "{}"), parse_float=Decimal)
