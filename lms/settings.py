"""Settings for every environment, read from the environment (see .env.example).

Unset variables give the embedded default a newcomer gets from `make run`: SQLite in the project
folder, Celery tasks run in-process, a local-memory cache, e-mail printed to the console.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.conf import global_settings
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default).strip()


def env_bool(name, default=False):
    value = env(name)
    if not value:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-key-not-for-production"  # noqa: S105 (DEBUG only)

SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The project's apps, in the order data flows through them (docs/architecture.md).
    "lms",
    "accounts",
    "agencies",
    "xapi",
    "courses",
    "certificates",
    "reporting",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # allauth
    "allauth",
    "allauth.account",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lms.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lms.middleware.SiteLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "lms.sites.SiteCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lms.middleware.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "lms.context_processors.site",
            ],
        },
    },
]

# Database: DATABASE_URL, or SQLite in the project folder.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
        # A "SELECT 1" before each request's first query on a reused connection; off, a connection the
        # server dropped fails that one request, and is replaced for the next.
        conn_health_checks=env_bool("DB_CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Concurrent writers (runserver threads, an in-process task) wait instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: REDIS_URL makes it the Celery broker, the result backend and the cache. CACHE_URL puts the cache
# in another Redis database or server (clearing the cache then never touches the broker's queues).
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "lms.cache.ResilientRedisCache",
            "LOCATION": env("CACHE_URL", REDIS_URL),
            "KEY_PREFIX": "kns",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", "celery")
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# With Redis down a publish gives up within about a second instead of holding the request (Celery's
# defaults retry for ~20 s: the result backend's subscription alone tries 20 times a second apart).
# Callers log the failure; the periodic sweeps and outboxes do the work once Redis is back.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
    "socket_connect_timeout": 1,
    "socket_timeout": 2,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_REDIS_SOCKET_TIMEOUT = 2
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
}
CELERY_BEAT_SCHEDULE = {}

# xAPI: the version the LRS names in answers to requests without a usable X-Experience-API-Version header
# (missing, unsupported): its newest, or "1.0.3" where every client speaks only 1.0.x.
XAPI_DEFAULT_VERSION = env("XAPI_DEFAULT_VERSION", "2.0.0")
if XAPI_DEFAULT_VERSION not in ("1.0.3", "2.0.0"):
    raise ImproperlyConfigured("XAPI_DEFAULT_VERSION must be 1.0.3 or 2.0.0.")
# xAPI: forward every stored statement to an external LRS when XAPI_FORWARD_URL is set.
XAPI_FORWARD_URL = env("XAPI_FORWARD_URL").rstrip("/")
XAPI_FORWARD_KEY = env("XAPI_FORWARD_KEY")
XAPI_FORWARD_SECRET = env("XAPI_FORWARD_SECRET")
XAPI_FORWARD_BATCH = int(env("XAPI_FORWARD_BATCH", "100"))
XAPI_FORWARD_SWEEP_SECONDS = float(env("XAPI_FORWARD_SWEEP_SECONDS", "60"))
if XAPI_FORWARD_URL:
    CELERY_BEAT_SCHEDULE["xapi-forward-outbox"] = {
        "task": "xapi.forward_outbox",
        "schedule": XAPI_FORWARD_SWEEP_SECONDS,
    }

# Certificates: an Ed25519 private key (PEM or base64 seed) signs the badges; with DEBUG on and none set,
# a development key is generated under MEDIA_ROOT. The sweep issues what a lost task left behind.
CERTIFICATE_SIGNING_KEY = env("CERTIFICATE_SIGNING_KEY")
CERTIFICATE_DEVELOPMENT_KEY = DEBUG
CELERY_BEAT_SCHEDULE["certificates-sweep"] = {
    "task": "certificates.sweep",
    "schedule": float(env("CERTIFICATE_SWEEP_SECONDS", "300")),
}
CELERY_BEAT_SCHEDULE["certificates-expiry-reminders"] = {"task": "certificates.expiry_reminders", "schedule": 86400.0}
# Reporting: every target's coverage per agency, stored nightly for the trend (CELERY_TIMEZONE's 01:00).
CELERY_BEAT_SCHEDULE["reporting-snapshots"] = {"task": "reporting.snapshot", "schedule": crontab(hour=1, minute=0)}
# ...and on the 1st of each month at 07:00, each HR officer's summary with the untrained list attached.
CELERY_BEAT_SCHEDULE["reporting-monthly-summaries"] = {
    "task": "reporting.monthly_summaries",
    "schedule": crontab(day_of_month=1, hour=7, minute=0),
}

# Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Django's key-stretching hashers unless the environment names others (comma-separated dotted paths). The
# test suite, which hashes thousands of throwaway passwords, puts a fast one first; `check --deploy`
# refuses a list that does not start with a key-stretching hasher (accounts/checks.py).
PASSWORD_HASHERS = env_list("PASSWORD_HASHERS") or global_settings.PASSWORD_HASHERS
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign in by e-mail or Vietnamese mobile number; sign up with either (or both). An e-mail address is
# verified by link (mandatory), a phone number by SMS code through SMS_BACKEND.
ACCOUNT_LOGIN_METHODS = {"email", "phone"}
ACCOUNT_SIGNUP_FIELDS = ["phone", "email", "password1*", "password2*"]
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupDetailsForm"
ACCOUNT_UNIQUE_EMAIL = True
# allauth's "mandatory" needs an e-mail on every sign-up; accounts.stages makes verification mandatory
# for every account without a verified phone number instead, so allauth itself runs in "optional".
ACCOUNTS_EMAIL_VERIFICATION_MANDATORY = env("ACCOUNT_EMAIL_VERIFICATION", "mandatory") == "mandatory"
ACCOUNT_EMAIL_VERIFICATION = "optional" if env("ACCOUNT_EMAIL_VERIFICATION", "mandatory") != "none" else "none"
ACCOUNT_PHONE_VERIFICATION_SUPPORTS_RESEND = True
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}  # easy to type on a phone
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",  # five wrong passwords for one login lock it for five minutes
    "signup": "20/m/ip",
    "verify_phone": "1/30s/key,3/m/ip",  # SMS codes cost money: one per number per 30 s
    "request_login_code": "20/m/ip,3/m/key",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
SMS_BACKEND = env("SMS_BACKEND", "accounts.sms.ConsoleSMSSender")
# Signing up needs a phone number or an e-mail address, not both (accounts.forms checks one is given).
# The coverage reports' covering indexes (INCLUDE columns) are a PostgreSQL speed-up; on the embedded SQLite
# the same indexes simply carry their key columns (models.W040 says so on every start).
SILENCED_SYSTEM_CHECKS = ["account.W001", "models.W040"]
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
LOGIN_URL = "account_login"
# Lands each person by role (lms.views.landing): reports for HR officers, "my learning" for learners.
LOGIN_REDIRECT_URL = "/vao/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"

# E-mail: SMTP when EMAIL_HOST is set, the console otherwise.
EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(env("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Kỹ Năng Số <no-reply@kynangso.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Language and time: Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# Our own catalogue first; then translations of third-party apps that ship no Vietnamese (allauth).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale-thirdparty"]
LANGUAGE_COOKIE_NAME = "kns_language"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
WAGTAIL_I18N_ENABLED = False
# How long a process keeps a request's Wagtail Site (lms.sites); 0 looks it up on every request.
SITE_CACHE_SECONDS = int(env("SITE_CACHE_SECONDS", "30"))
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt")]

# Static and media files: whitenoise serves static files, Django's storage keeps media.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
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
WHITENOISE_USE_FINDERS = DEBUG

# Wagtail
WAGTAIL_SITE_NAME = "Kỹ Năng Số"
# Slugs made from Vietnamese titles are transliterated to ASCII (đ → d): URLs stay readable when copied.
# The admin keeps the letters of a Vietnamese title in the slug it proposes; the course pages turn any
# non-ASCII slug into ASCII on saving (courses.models.AsciiSlugMixin), so addresses stay ASCII.
WAGTAIL_ALLOW_UNICODE_SLUGS = True
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "zip", "mp4", "txt"]

# Security: on by default, relaxed only for local development.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview overrides this for itself
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# How many proxies of ours sit in front of the site (nginx: 1). 0 trusts no X-Forwarded-For entry and
# rate limits see REMOTE_ADDR only; see common.clients. allauth's limits follow the same count.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# Content-Security-Policy (lms.middleware): public pages run only the site's own code; frames may come
# from the site and the hosts of embedded videos and xAPI content (CSP_FRAME_SOURCES, comma-separated).
# SITE_URL's origin counts as the site's own (Wagtail's userbar loads its files from there).
_SITE_ORIGIN = "/".join(SITE_URL.split("/")[:3])
CSP_FRAME_SOURCES = env_list(
    "CSP_FRAME_SOURCES", "https://www.youtube.com,https://www.youtube-nocookie.com,https://player.vimeo.com"
)
CSP_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", _SITE_ORIGIN],
    "style-src": ["'self'", _SITE_ORIGIN],
    "img-src": ["'self'", _SITE_ORIGIN, "data:"],
    "font-src": ["'self'", _SITE_ORIGIN],
    "connect-src": ["'self'"],
    "media-src": ["'self'"],
    "frame-src": ["'self'", *CSP_FRAME_SOURCES],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Wagtail's admin writes inline scripts and styles, shows previews of the site in frames and draws
# images from blobs while uploading.
CSP_ADMIN_PATHS = ["/admin/", "/django-admin/"]
CSP_ADMIN_POLICY = {
    **CSP_POLICY,
    "script-src": ["'self'", _SITE_ORIGIN, "'unsafe-inline'"],
    "style-src": ["'self'", _SITE_ORIGIN, "'unsafe-inline'"],
    "img-src": ["'self'", _SITE_ORIGIN, "data:", "blob:"],
    "font-src": ["'self'", _SITE_ORIGIN, "data:"],
    "frame-ancestors": ["'self'"],
}
CSP_REPORT_ONLY = env_bool("CSP_REPORT_ONLY")
# No avatars from a third-party service in the admin (the policy would block them anyway).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Health checks come from load balancers over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Page events and background-task chatter are not news on a console.
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}
