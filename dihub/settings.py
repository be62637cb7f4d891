"""Settings from the environment, with safe defaults for a laptop."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("DIHUB_VAR_DIR", BASE_DIR.parent / "var"))


def _flag(name, default=False):
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


DEBUG = _flag("DIHUB_DEBUG")
# a laptop's key: production refuses it, and `check --deploy` fails on it (accounts/checks.py)
DIHUB_BUILTIN_SECRET_KEY = "dihub-insecure-local-key-set-SECRET_KEY-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if _flag("DIHUB_PRODUCTION") and SECRET_KEY in ("", DIHUB_BUILTIN_SECRET_KEY):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be set in production (DIHUB_PRODUCTION=1), "
                               "whatever DIHUB_DEBUG says: a long random value of your own")
SECRET_KEY = SECRET_KEY or DIHUB_BUILTIN_SECRET_KEY
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",  # Swagger UI from its own static files: no CDN, no inline script (CSP)
    "modeltrans",
    "dihub.taxonomy",
    "dihub.regions",
    "dihub.catalogue",
    "dihub.search",
    "dihub.s3",
    "dihub.insights",
    "dihub.regionpages",
    "dihub.maturity",
    "dihub.web",
    "dihub.accounts",
    "dihub.editing",
    "allauth",
    "allauth.account",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "dihub.bodylimit.BodyLimitMiddleware",  # before CSRF, which reads a form's body
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "dihub.web.middleware.first_visit_language",
    "dihub.web.middleware.api_language",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "csp.middleware.CSPMiddleware",
    "dihub.accounts.middleware.permissions_policy",
    "dihub.accounts.middleware.retry_after_on_429",
    "dihub.search.middleware.one_index_per_request",
]

# every route's body limit unless its view says otherwise (dihub/bodylimit.py): 2.5 MB
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

ROOT_URLCONF = "dihub.urls"
WSGI_APPLICATION = "dihub.wsgi.application"

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
                "dihub.web.context.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'dihub.sqlite3'}"),
        conn_max_age=int(os.environ.get("DIHUB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # connections are kept on SQLite too: opening one (and its pragmas) cost a search
    # 1.5-2 ms of its 3-4 (docs/decisions.md)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The interface's languages (docs/i18n.md); their catalogues are in each app's locale/
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("es", "Español"),
    ("it", "Italiano"),
    ("pl", "Polski"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]  # the strings of dihub's own top-level modules
LANGUAGE_COOKIE_NAME = "dihub_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
# a hub's name, description and service examples may be kept per language (django-modeltrans)
MODELTRANS_AVAILABLE_LANGUAGES = tuple(code for code, _ in LANGUAGES)
MODELTRANS_FALLBACK = {"default": (LANGUAGE_CODE,)}
FORMAT_MODULE_PATH = ["dihub.formats"]  # English dates as Europe writes them
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# whitenoise serves from the apps' static folders; collectstatic only where this is set
STATIC_ROOT = os.environ.get("DIHUB_STATIC_ROOT") or None
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if _flag("DIHUB_HTTPS"):
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    # on by default; turning one off silences its deploy check, a choice made knowingly
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("DIHUB_HSTS_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _flag("DIHUB_HSTS_PRELOAD", True)
    SILENCED_SYSTEM_CHECKS = [check for check, on in (
        ("security.W005", SECURE_HSTS_INCLUDE_SUBDOMAINS),
        ("security.W021", SECURE_HSTS_PRELOAD)) if not on]

DIHUB_TILE_URL = os.environ.get("DIHUB_TILE_URL", "")

# Content-Security-Policy: no inline script or style anywhere (docs/accounts.md)
_IMG_SRC = ["'self'", "data:"]
if DIHUB_TILE_URL:  # e.g. https://{s}.tile.example.org/{z}/{x}/{y}.png -> https://*.tile...
    _tiles = urlsplit(DIHUB_TILE_URL.replace("{s}", "*"))
    _IMG_SRC.append(f"{_tiles.scheme}://{_tiles.netloc}")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": _IMG_SRC,
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(self), payment=(), usb=()"

# Accounts: django-allauth, log-in by e-mail, verified addresses only (docs/accounts.md)
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts-home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[dihub] "
ACCOUNT_ADAPTER = "dihub.accounts.adapter.AccountAdapter"
# failed log-ins lock one account from one address, briefly (dihub/accounts/lockout.py)
DIHUB_LOGIN_FAILURES = int(os.environ.get("DIHUB_LOGIN_FAILURES", "5"))
DIHUB_LOGIN_WINDOW_SECONDS = int(os.environ.get("DIHUB_LOGIN_WINDOW_SECONDS", "300"))
DIHUB_LOGIN_LOCK_SECONDS = int(os.environ.get("DIHUB_LOGIN_LOCK_SECONDS", "300"))
ACCOUNT_RATE_LIMITS = {
    "login_failed": False,  # replaced by the lock-out above
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}

# E-mail: the console unless an SMTP server is given (docs/accounts.md)
# where e-mails sent without a request (reminders, notifications) point people to
DIHUB_SITE_URL = os.environ.get("DIHUB_SITE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "dihub <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = _flag("EMAIL_USE_TLS", EMAIL_PORT == 587)
    EMAIL_USE_SSL = _flag("EMAIL_USE_SSL", EMAIL_PORT == 465)
else:
    EMAIL_BACKEND = os.environ.get(
        "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
    )
DIHUB_PAGE_SIZE = 24

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DIHUB_LOG_LEVEL", "WARNING")},
}
