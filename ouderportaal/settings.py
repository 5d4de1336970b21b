"""Settings for Ouderportaal: one file, driven by environment variables.

SQLite works without any configuration; ``DATABASE_URL=postgres://...`` switches
to PostgreSQL. ``DEBUG`` is off unless asked for, and with it off a missing
``SECRET_KEY`` or ``ALLOWED_HOSTS`` stops start-up loudly.
"""

import datetime
import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}.") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_url(url: str, conn_max_age: int) -> dict:
    """Parse ``postgres://user:pass@host:port/name`` into a Django DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL must start with postgres:// (got scheme {parts.scheme!r})."
        )
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL has no database name.")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": conn_max_age,
        "CONN_HEALTH_CHECKS": True,
        # Plain cursors: fewer round trips, and required behind a transaction pooler.
        "DISABLE_SERVER_SIDE_CURSORS": True,
        # Query options such as ?sslmode=require go to the driver as they are.
        "OPTIONS": {"connect_timeout": 5, **dict(parse_qsl(parts.query))},
    }


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(or DEBUG=1 for local development only)."
        )
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not ALLOWED_HOSTS and not DEBUG:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set. Set ALLOWED_HOSTS to a comma-separated list of host names."
    )
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
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks_db",
    "organisatie",
    "kinderen",
    "ouders",
    "gesprekken",
    "portaal",
    "audit",
    "privacy",
    "accounts",
    "inzicht",
    "administratie",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ouderportaal.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    # Parents stay in the portal (/ouder/) and see it in their language (portaal/access.py).
    "portaal.access.PortalBoundaryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "ouderportaal.middleware.NoStoreForAuthenticatedMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Input the database refused is a 400, not a server error (ouderportaal/errors.py).
    "ouderportaal.errors.DatabaseRefusalMiddleware",
    # An out-of-scope record is the Dutch 404 page, also with DEBUG on.
    "ouderportaal.errors.NotFoundPageMiddleware",
    # Last, as django-axes requires: turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ouderportaal.urls"

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
                "organisatie.context_processors.staff",
                "accounts.context_processors.two_factor",
                "gesprekken.context_processors.vocabulary",
                "portaal.context_processors.languages",
            ],
            # {% bs_field %} and {% bs_form %}: every form field of the app, built in
            # Python; Django's form renderer (the default) only renders the admin's widgets.
            "libraries": {"form_fields": "ouderportaal.form_fields"},
        },
    },
]

WSGI_APPLICATION = "ouderportaal.wsgi.application"

CONN_MAX_AGE = env_int("CONN_MAX_AGE", 60)
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL, CONN_MAX_AGE)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                # WAL + a busy timeout: the dev server and a shell can write at once.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "accounts.password_validation.DutchCommonPasswordValidator"},
]

# Messages can name a child: keep them server-side, never in a cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username + address never reaches the password check.
    "accounts.backends.LoginThrottleBackend",
    "accounts.backends.ScopedModelBackend",
]

# Login throttling (django-axes): keyed on username AND address, so colleagues on the
# same group tablet are not locked out by one person's typos; a cool-off, not a ban.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_ip_for_throttling"
AXES_VERBOSE = False  # no usernames or addresses in the logs
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in our own audit trail
# A login from a device that logged in before (a signed cookie) is not locked by failures
# from elsewhere; it has a failure limit of its own (accounts/devices.py).
AXES_WHITELIST_CALLABLE = "accounts.devices.is_trusted_device_attempt"
KNOWN_DEVICE_DAYS = env_int("KNOWN_DEVICE_DAYS", 180)
# Logins from unknown devices slow down per username after the failure limit, whatever
# the address: a wait that doubles with every further failure, at most this many seconds.
LOGIN_SLOWDOWN_MAX_SECONDS = env_int("LOGIN_SLOWDOWN_MAX_SECONDS", 60)

# The number of reverse proxies in front of the app that append to X-Forwarded-For; the
# client address is the one the outermost of them added (ouderportaal/network.py).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if not 0 <= TRUSTED_PROXY_COUNT <= 5:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be between 0 and 5.")
if "TRUST_X_FORWARDED_FOR" in os.environ:
    raise ImproperlyConfigured(
        "TRUST_X_FORWARDED_FOR is replaced by TRUSTED_PROXY_COUNT (the number of proxies in "
        "front of the app, usually 1); remove it from the environment."
    )

OTP_TOTP_ISSUER = "Ouderportaal"

# Background jobs (imports, e-mail) through Django's tasks framework, stored in the
# database: `manage.py db_worker` runs them (make run starts one beside the web server).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# E-mail (invitations, forgotten passwords), sent by the background worker through
# Django's mailers. With DEBUG and no EMAIL_HOST, messages are printed to the console
# (make run); otherwise they go to the SMTP server EMAIL_HOST (in production a local relay
# on localhost:25 unless set). The environment variables keep Django's classic names.
_email_host = os.environ.get("EMAIL_HOST", "").strip()
_email_use_tls = env_bool("EMAIL_USE_TLS", False)
_email_use_ssl = env_bool("EMAIL_USE_SSL", False)
if _email_use_tls and _email_use_ssl:
    raise ImproperlyConfigured(
        "EMAIL_USE_TLS (STARTTLS, usually port 587) and EMAIL_USE_SSL (usually port 465) "
        "exclude each other: set one of them."
    )
if DEBUG and not _email_host:
    MAILERS = {"default": {"BACKEND": "accounts.mail_console.ReadableConsoleBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host or "localhost",
                "port": env_int("EMAIL_PORT", 25),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": _email_use_tls,
                "use_ssl": _email_use_ssl,
                "timeout": env_int("EMAIL_TIMEOUT", 10),
            },
        }
    }


def _site_url() -> str:
    """The address in e-mailed links; never taken from a request's Host header."""
    url = os.environ.get("SITE_URL", "").strip().rstrip("/")
    if not url:
        if DEBUG:
            return "http://127.0.0.1:8000"
        host = next((h.lstrip(".") for h in ALLOWED_HOSTS if h != "*" and h.lstrip(".")), "")
        if not host:
            raise ImproperlyConfigured(
                "SITE_URL is not set and ALLOWED_HOSTS names no host: set SITE_URL to the "
                "address staff open the app at, e.g. https://ouderportaal.example.nl."
            )
        return f"https://{host}"
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ImproperlyConfigured(f"SITE_URL must be an http(s) address, got {url!r}.")
    return url


SITE_URL = _site_url()
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", f"Ouderportaal <noreply@{urlsplit(SITE_URL).hostname}>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# One-time links to set a password: invitations, and forgotten passwords (with a cool-down
# per account between two reset e-mails).
INVITATION_HOURS = env_int("INVITATION_HOURS", 72)
PASSWORD_RESET_HOURS = env_int("PASSWORD_RESET_HOURS", 2)
PASSWORD_RESET_COOLDOWN_MINUTES = env_int("PASSWORD_RESET_COOLDOWN_MINUTES", 5)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
# The staff pages speak Dutch and English; the parent portal (and the pages a parent
# meets on the way in: login, e-mailed links) also Turkish, Arabic, Polish and Ukrainian,
# the languages most spoken by parents in Dutch childcare after Dutch and English.
STAFF_LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
PORTAL_LANGUAGES = [
    *STAFF_LANGUAGES,
    ("tr", _("Turkish")),
    ("ar", _("Arabic")),
    ("pl", _("Polish")),
    ("uk", _("Ukrainian")),
]
LANGUAGES = PORTAL_LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
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

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Content Security Policy: no inline script or style, scripts only from us with a nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    # Bootstrap draws form controls with data: SVG images.
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Idle timeout and absolute lifetime (accounts.middleware.SessionTimeoutMiddleware).
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 30 * 60)
SESSION_ABSOLUTE_TIMEOUT = env_int("SESSION_ABSOLUTE_TIMEOUT", 12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT

# Behind a TLS-terminating reverse proxy in production; off for local development.
SECURE_SSL = env_bool("SECURE_SSL", not DEBUG)
if SECURE_SSL:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    # The __Host- prefix pins the cookie to this exact host over HTTPS.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request logs carry URLs only; personal data never goes into URLs.
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "ERROR"},
    },
}

# Demo seeding writes well-known passwords: only with DEBUG or --force.
OUDERPORTAAL_DEMO_PASSWORD = "demo"  # noqa: S105 - documented demo credential
