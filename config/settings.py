"""Anmälan settings: one module, configured from the environment (12-factor).

Development needs nothing set. Production (``DJANGO_ENV=production``) refuses
to start without ``SECRET_KEY`` and ``ALLOWED_HOSTS``, or with ``DEBUG`` on.
Every variable is listed in README.md, "Configuration".
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'.")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env.bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY: it has no default when DEBUG is off.")
    SECRET_KEY = "development-only-not-secret-3f1c9a7e5b2d4c6a8e0f1b3d5a7c9e2f4b6d8a0c"  # noqa: S105

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS in production.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "config.pages.csrf_failure"

# Public address of the site, used for links in e-mails and calendar files. Unless
# it is set, it is the address `make run` serves on (its HOST and PORT).
_HOST = env.str("HOST", default="127.0.0.1")
_HOST = f"[{_HOST}]" if ":" in _HOST and not _HOST.startswith("[") else _HOST
SITE_URL = env.str("SITE_URL", default=f"http://{_HOST}:{env.str('PORT', default='8000')}")
SITE_URL = SITE_URL.rstrip("/")

INSTALLED_APPS = [
    "backoffice",  # before the admin, so that its templates override the admin's
    "config.apps.AdminConfig",  # django.contrib.admin with our site (backoffice/site.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "events",
    "registrations",
    "messaging",
    "exports",
    "invoicing",
    "followup",
    "demo",
]

MIDDLEWARE = [
    "config.health.HealthCheckMiddleware",  # /healthz, before the host check and redirects
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.page_shortcut.CachedEventPageMiddleware",  # anonymous event pages, from the cache
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.security.RateLimitMiddleware",
    "axes.middleware.AxesMiddleware",
    "config.middleware.DatabaseUnavailableMiddleware",  # last: asked first about exceptions
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock at BEGIN, so capacity checks
    # inside transaction.atomic() are serialised on SQLite too.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Redis (CACHE_URL=redis://...): the site goes on without it when it does not
    # answer (config/cache.py), after at most a second's wait.
    CACHES["default"]["BACKEND"] = "config.cache.ResilientRedisCache"
    CACHES["default"]["OPTIONS"] = {
        "socket_connect_timeout": 1,
        "socket_timeout": 1,
        **CACHES["default"].get("OPTIONS", {}),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Swedish first; English available through the language switcher.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The site's date and time formats (config/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Files browsers ask for at the site's root: /favicon.ico, /apple-touch-icon.png.
WHITENOISE_ROOT = BASE_DIR / "public"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: console in development, SMTP (EMAIL_URL) in production.
_email = env.email_url(
    "EMAIL_URL", default="consolemail://" if not PRODUCTION else "smtp://localhost:25"
)
vars().update(_email)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Anmälan <noreply@anmalan.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where visitors report accessibility problems with the site itself (/tillganglighet/).
ACCESSIBILITY_CONTACT_EMAIL = env.str("ACCESSIBILITY_CONTACT_EMAIL", default="")

# Background work (e-mail) through the Django Tasks API, stored in the database,
# or with TASKS_BACKEND=django_tasks_rq.RQBackend in Redis (RQ_URL), run by
# `manage.py rqworker` (README, "Growing past one machine").
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
if TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
    INSTALLED_APPS.append("django_rq")  # its rqworker command
RQ_QUEUES = {"default": {"URL": env.str("RQ_URL", default="redis://127.0.0.1:6379/0")}}
RQ_SHOW_ADMIN_LINK = False  # its queue pages would show every organiser's jobs to all staff

LOGIN_URL = "admin:login"
# Axes first: it refuses a locked-out username and address before any password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Personal data of registrations is anonymised this many days after the event;
# dietary and accessibility needs are deleted sooner. Shown on the privacy notice.
PRIVACY_RETENTION_DAYS = env.int("PRIVACY_RETENTION_DAYS", default=365)
PRIVACY_SENSITIVE_RETENTION_DAYS = env.int("PRIVACY_SENSITIVE_RETENTION_DAYS", default=30)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Security headers, brute-force protection and rate limits: config/security.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
# Additions to the policy under /admin/ only, e.g. {"style-src": ["'unsafe-inline'"]}
# should an admin template need inline styles for a while. Django 5.2's admin and
# ours need none (tests/security/test_csp.py).
CONTENT_SECURITY_POLICY_ADMIN_UPDATE = {}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
# Behind a load balancer or reverse proxy: how many proxies append to
# X-Forwarded-For. 0 (no proxy): the client is REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Admin login: 5 wrong passwords for one username from one address lock that
# pair out for 15 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # no record of every successful login and its address
AXES_CLIENT_IP_CALLABLE = "config.security.client_address"
AXES_LOCKOUT_CALLABLE = "config.security.locked_out"
# POSTs per client address (django-ratelimit rates, e.g. "20/m"), by URL name.
# The counts live in the default cache: set CACHE_URL to a shared cache (Redis,
# Memcached) when several server processes share the load; with the default
# local-memory cache each process counts on its own. django-ratelimit is used as
# a library, not an installed app: its system check refuses that default cache.
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
RATELIMIT_FAIL_OPEN = True  # a cache outage must not stop every signup
RATE_LIMITS = {
    "registrations:signup": env.str("RATELIMIT_SIGNUP", default="20/m"),
    "registrations:resend_link": env.str("RATELIMIT_RESEND_LINK", default="5/m"),
    "registrations:resend_links": env.str("RATELIMIT_RESEND_LINK", default="5/m"),
    "admin_password_reset": env.str("RATELIMIT_PASSWORD_RESET", default="5/m"),
    "followup:verify": env.str("RATELIMIT_VERIFY", default="10/m"),
    "followup:verify_code": env.str("RATELIMIT_VERIFY", default="10/m"),
}
# Of those, the pages limited on every request, not only on POST (the certificate
# check: no one may try codes by the thousand).
RATE_LIMITED_READS = {"followup:verify_code"}
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
