"""Kring's settings: one file, every deployment difference comes from the environment (env.py)."""

from pathlib import Path

from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from kring.config import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env.env_str("KRING_VAR_DIR", str(BASE_DIR / "var")))

TESTING = env.env_bool("KRING_TESTING")
DEBUG = env.env_bool("DEBUG")
SECRET_KEY = env.secret_key(debug=DEBUG, testing=TESTING)
ALLOWED_HOSTS = env.env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
SITE_URL = env.env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = [SITE_URL]
REDIS_URL = env.env_str("REDIS_URL")
if TESTING and REDIS_URL and env.env_str("PYTEST_XDIST_WORKER"):
    REDIS_URL = env.redis_url_for_test_worker(REDIS_URL, env.env_str("PYTEST_XDIST_WORKER"))
# The bare "ok" view `make bench` compares every page with (/bench/ok); never on in production.
BENCH_ENDPOINTS = env.env_bool("BENCH_ENDPOINTS")

INSTALLED_APPS = [
    # Kring's own apps come first so their templates override the libraries' ones.
    "kring.core",
    "kring.accounts",
    "kring.members",
    "kring.spaces",
    "kring.social",
    "kring.content",
    "kring.uploads",
    "kring.wall",
    "kring.forum",
    "kring.knowledge",
    "kring.news",
    "kring.search",
    "kring.audit",
    "kring.messaging",
    "kring.moderation",
    "kring.filters",
    "kring.sanctions",
    "kring.mediation",
    "kring.demo",
    "kring.bench",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "kring.core.middleware.LanguageMiddleware",
    "kring.accounts.middleware.PendingApprovalMiddleware",
    "kring.sanctions.middleware.SanctionMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "kring.core.middleware.RetryAfterMiddleware",
]

ROOT_URLCONF = "kring.config.urls"
WSGI_APPLICATION = "kring.config.wsgi.application"
AUTH_USER_MODEL = "accounts.Member"
SITE_ID = 1

TEMPLATES = [
    {
        # The pages that carry traffic: Jinja2 (see docs/architecture.md, "Pages").
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "kring.core.jinja.environment",
            "context_processors": [
                "django.contrib.messages.context_processors.messages",
                "kring.core.context_processors.site",
                "kring.core.context_processors.csrf",
                "kring.news.context_processors.announcements",
                "kring.messaging.context_processors.unread",
            ],
        },
    },
    {
        # Only for libraries that bring Django templates (allauth, the admin).
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kring.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": env.database(env.env_str("DATABASE_URL"), var_dir=VAR_DIR)}
if TESTING and DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": ""}  # in memory
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = env.caches(REDIS_URL, var_dir=VAR_DIR, testing=TESTING)
if not TESTING:
    # Sessions are read from the cache (Redis, or the files under var/cache every process of
    # the machine shares) and written through to the database: a page loads none from it.
    # Tests keep database sessions so pinned query counts mean the same on both CI runs.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else env.env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
        )
    }
}

# E-mail
globals().update(env.email(env.env_str("EMAIL_URL", "console://")))
DEFAULT_FROM_EMAIL = env.env_str(
    "DEFAULT_FROM_EMAIL", globals().get("DEFAULT_FROM_EMAIL", "kring@localhost")
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Accounts, on django-allauth
# Django's and allauth's, each loading the request's member with their profile (one query).
AUTHENTICATION_BACKENDS = [
    "kring.accounts.backends.MemberModelBackend",
    "kring.accounts.backends.MemberAuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Hashing dominates a suite that logs in hundreds of times; production keeps PBKDF2.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
ACCOUNT_ADAPTER = "kring.accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "kring.accounts.forms.SignupDetailsForm"
ACCOUNT_FORMS = {"login": "kring.accounts.allauth_forms.LoginForm"}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_RATE_LIMITS = {
    # Failed logins: per address and per account. Exceeding answers 429 + Retry-After.
    "login_failed": env.env_str("LOGIN_FAILED_RATE", "10/m/ip,5/5m/key"),
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "confirm_email": "1/3m/key",
}
# Topic views are counted in the cache and written once per this many (1: every view).
FORUM_VIEWS_PER_WRITE = env.env_int("FORUM_VIEWS_PER_WRITE", 1 if TESTING else 20)
# Visitors' views of cached topic pages are held per process and written this often (0: at once).
FORUM_VIEW_FLUSH_SECONDS = env.env_int("FORUM_VIEW_FLUSH_SECONDS", 0 if TESTING else 5)
# Members' own actions, per member (kring.core.ratelimits): a flood answers 429 + Retry-After.
RATE_LIMITS = {
    "post": env.env_str("POST_RATE", "10/m"),
    "comment": env.env_str("COMMENT_RATE", "30/m"),
    "flag": env.env_str("FLAG_RATE", "10/m"),
    "group": env.env_str("GROUP_RATE", "5/h"),
    "social": env.env_str("SOCIAL_RATE", "30/h"),
    "appeal": env.env_str("APPEAL_RATE", "5/h"),
    "message": env.env_str("MESSAGE_RATE", "20/m"),
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.env_str("MFA_TOTP_ISSUER", "Kring")

# Internationalisation: Dutch first, English complete.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "kring" / "locale"]
TIME_ZONE = env.env_str("TIME_ZONE", "Europe/Amsterdam")
USE_I18N = True
USE_TZ = True

# Static files and media
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
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
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760

# Security
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, never from the cookie
_HTTPS = SITE_URL.startswith("https://")
SESSION_COOKIE_SECURE = _HTTPS
CSRF_COOKIE_SECURE = _HTTPS
LANGUAGE_COOKIE_SECURE = _HTTPS
SECURE_SSL_REDIRECT = _HTTPS and env.env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.env_str("SECURE_HSTS_SECONDS", "31536000") if _HTTPS else 0
SECURE_HSTS_SECONDS = int(SECURE_HSTS_SECONDS)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _HTTPS
SECURE_HSTS_PRELOAD = _HTTPS
if env.env_bool("BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.env_str("LOG_LEVEL", "WARNING")},
}
