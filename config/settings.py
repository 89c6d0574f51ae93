"""Settings for the news archive, driven by environment variables (see README)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

# A fixed development key keeps sessions valid across restarts of `make run`; the deploy
# check (archive.checks) fails until production sets DJANGO_SECRET_KEY.
DEV_SECRET_KEY = "dev-only-not-secret-3f9a7c1e5b2d8064af1c9e7b5d3a2f80c4e6b8a1d9f7"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or DEV_SECRET_KEY

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")

# Every piece of mutable state lives here, so two archives never share an index or database.
DATA_DIR = Path(os.environ.get("ARCHIVE_DATA_DIR", BASE_DIR / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    # Before haystack: its update_index (which rebuild_index calls) is the project's own,
    # through the bulk indexing path (search/management/commands/update_index.py).
    "search",
    "haystack",
    "simple_history",
    "axes",
    "archive",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "config.middleware.PreferredLanguageRedirectMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it answers a locked-out login itself.
    "axes.middleware.AxesMiddleware",
]

# Admin logins are throttled: after AXES_FAILURE_LIMIT wrong passwords for one user from one
# address, that pair is refused (HTTP 429, a translated message) for AXES_COOLOFF_TIME hours,
# the right password included.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("ARCHIVE_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("ARCHIVE_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Behind DJANGO_PROXY_COUNT proxies (a load balancer) the client comes from X-Forwarded-For;
# without one that header is the client's own word, and trusting it would undo the throttle.
_PROXIES = int(os.environ.get("DJANGO_PROXY_COUNT", "0"))
AXES_IPWARE_PROXY_COUNT = _PROXIES or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if _PROXIES else ["REMOTE_ADDR"]

# A strict Content-Security-Policy: scripts and styles from this site's files only (no inline
# <script>, <style> or style="..."), never framed. The public pages and the admin run under it
# (tests/browser check for violations).
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
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'archive.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers browse while an import writes; busy timeout avoids "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns on every request without it
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True

SEARCH_ENGINE = os.environ.get("SEARCH_ENGINE", "whoosh").lower()
_WRITER_PROCS = min(2, max(1, (os.cpu_count() or 1) - 1))  # see WRITER_PROCS below
if SEARCH_ENGINE == "whoosh":
    HAYSTACK_CONNECTIONS = {
        "default": {
            "ENGINE": "search.backends.ArchiveWhooshEngine",
            "PATH": str(DATA_DIR / "whoosh_index"),
            "INCLUDE_SPELLING": True,
            "BATCH_SIZE": 1000,
            # Bulk indexing (imports, large re-indexing) with this many writer processes,
            # running beside the import itself and its merges: one per core beyond the
            # import's, up to two. On two cores one writer keeps all three corpora's import
            # within 600 MB (526 MB, 2.08x the raw build) where two took 619 MB (1.90x);
            # bench/README.md, #16.
            "WRITER_PROCS": int(os.environ.get("SEARCH_WRITER_PROCS", _WRITER_PROCS)),
        }
    }
elif SEARCH_ENGINE == "elasticsearch":
    HAYSTACK_CONNECTIONS = {
        "default": {
            "ENGINE": "search.elasticsearch.ArchiveElasticsearchEngine",
            "URL": os.environ.get("SEARCH_URL", "http://127.0.0.1:9200/"),
            "INDEX_NAME": os.environ.get("SEARCH_INDEX_NAME", "news_archive"),
            "INCLUDE_SPELLING": True,
        }
    }
else:
    raise ImproperlyConfigured(f"SEARCH_ENGINE must be 'whoosh' or 'elasticsearch', not {SEARCH_ENGINE!r}")

# A bulk job (an import) commits the index after its first this many articles, then after as
# many again as it has committed, at most SEARCH_COMMIT_MAX_DOCS at a time: each commit makes
# them searchable and bounds what a crash leaves to re-index (search.indexing).
SEARCH_COMMIT_DOCS = int(os.environ.get("SEARCH_COMMIT_DOCS", "2000"))
SEARCH_COMMIT_MAX_DOCS = int(os.environ.get("SEARCH_COMMIT_MAX_DOCS", "16000"))
# import_articles runs at this niceness (its writer processes too): an import and its two
# writers otherwise take both cores from the server's workers (bench/README.md, #15).
ARCHIVE_IMPORT_NICE = int(os.environ.get("ARCHIVE_IMPORT_NICE", "10"))

# Signals keep the index in step with every save and delete, the admin's included.
HAYSTACK_SIGNAL_PROCESSOR = "search.signals.ArchiveSignalProcessor"
HAYSTACK_SEARCH_RESULTS_PER_PAGE = 20

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
}

ARCHIVE_PAGE_SIZE = 20

# Production hardening: `DJANGO_DEBUG=0 manage.py check --deploy` passes with these.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
