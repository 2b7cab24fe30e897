"""Settings shared by every environment. Everything that differs per deployment comes from the
environment (12-factor); `dev`, `test` and `production` only choose defaults."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from zvh.celery_schedule import BEAT_SCHEDULE
from zvh.logging import logging_config

from .environment import env, env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent


SECRET_KEY = env("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # "django.contrib.staticfiles" by this exact name: pytest-django serves static files to the
    # browser tests only when it finds this string in INSTALLED_APPS.
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "guardian",
    "auditlog",
    "partners",
    "registry",
    "agenda",
    "programmes",
    "dashboard",
    "cases",
    "privacy",
    "notifications",
    "documents",
    # The REST API (api/, issue 19): DRF, its OpenAPI document, OAuth2 client credentials.
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "oauth2_provider",
    "api",
]

MIDDLEWARE = [
    # First: every later log line and access-log entry of the request carries its id.
    "zvh.middleware.RequestIdMiddleware",
    # Pages answer GET, HEAD and POST only (TRACE/OPTIONS: 405, never a page, never logged as a change).
    "zvh.middleware.OnlyServedMethodsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML compressed (static files come compressed from WhiteNoise, above, and skip this). BREACH:
    # Django masks the CSRF token anew in every response and GZipMiddleware pads each response
    # with random bytes (Django 4.2+), so compression lengths do not leak secrets.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "zvh.middleware.IdleSessionMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Every page needs a verified second factor (BIO 5.17.01), except the login steps themselves.
    "partners.middleware.RequireSecondFactorMiddleware",
    # A control character (NUL, ...) in path, query or form: a Dutch 400, logged; never a 500.
    "privacy.middleware.RefuseControlCharactersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "zvh.middleware.SecurityHeadersMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Last, as django-axes requires: it answers locked-out login attempts.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zvh.urls"
WSGI_APPLICATION = "zvh.wsgi.application"

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
                "zvh.context_processors.navigation",
                "notifications.context_processors.unread_messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "partners.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses login attempts for a username + address that is locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Stores per-case grants; the privacy app reads them itself (see privacy/policy.py).
    "guardian.backends.ObjectPermissionBackend",
]
# A password-reset link works once and for one hour (registry/account_recovery.py); the reset page
# answers no sooner than PASSWORD_RESET_MIN_SECONDS, known address or not (no enumeration by timing).
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", "3600"))
PASSWORD_RESET_MIN_SECONDS = float(os.environ.get("PASSWORD_RESET_MIN_SECONDS", "0.5"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-guardian: no anonymous user row; nobody gets case access without a grant.
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_USER = False

# django-auditlog: who changed what. Its X-Forwarded-For handling is only safe behind a proxy
# that overwrites the header, so it is off unless the deployment says it is behind one.
AUDITLOG_DISABLE_REMOTE_ADDR = not env_bool("BEHIND_TRUSTED_PROXY", False)
TRUST_X_FORWARDED_FOR = env_bool("BEHIND_TRUSTED_PROXY", False)

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
# One date format and one date-and-time format for the whole application (zvh/formats/).
FORMAT_MODULE_PATH = ["zvh.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end packages come from npm (package.json) at set-up time; they are never committed. Of
# the NL Design System CSS only what the pages use is shipped: static/css/nlds.css, built from the
# npm packages by scripts/build_css.py (tests/test_shipped_css.py keeps it current).
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
]


def documents_storage(*, bucket: str = "", create_bucket: bool = False) -> dict:
    """STORAGES["documents"]: S3 (django-storages, a private bucket) when a bucket is named
    (DOCUMENTS_S3_BUCKET), else a private directory outside the static and media roots
    (DOCUMENTS_DIR, default var/documents). Downloads are streamed by the application, never
    served from a URL (documents/storage.py)."""
    bucket = bucket or os.environ.get("DOCUMENTS_S3_BUCKET", "")
    if not bucket:
        return {
            "BACKEND": "documents.storage.PrivateFileSystemStorage",
            "OPTIONS": {
                "location": os.environ.get("DOCUMENTS_DIR", str(BASE_DIR / "var" / "documents")),
                "base_url": None,
                "file_permissions_mode": 0o600,
                "directory_permissions_mode": 0o700,
            },
        }
    return {
        "BACKEND": "documents.storage.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": os.environ.get("DOCUMENTS_S3_ENDPOINT_URL") or None,
            "access_key": env("DOCUMENTS_S3_ACCESS_KEY") or None,
            "secret_key": env("DOCUMENTS_S3_SECRET_KEY") or None,
            "region_name": os.environ.get("DOCUMENTS_S3_REGION", "us-east-1"),
            "addressing_style": "path",
            "signature_version": "s3v4",
            "default_acl": None,  # the bucket's own policy: private
            "querystring_auth": True,
            "file_overwrite": False,
            "object_parameters": {"ContentDisposition": "attachment"},
            # Tests, and docker-compose's own SeaweedFS: create the bucket on first use.
            "create_bucket": create_bucket or env_bool("DOCUMENTS_S3_CREATE_BUCKET", False),
        },
    }


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "documents": documents_storage(),
}
# Documents (documents/): the size limit of one file, and ClamAV's clamd socket. Every upload is
# scanned; DOCUMENT_VIRUS_SCAN=False is allowed only on the embedded demo (production refuses it).
DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_BYTES", str(25 * 1024 * 1024)))
CLAMD_SOCKET = os.environ.get("CLAMD_SOCKET", "/run/clamav/clamd.ctl")
CLAMD_TIMEOUT = float(os.environ.get("CLAMD_TIMEOUT", "60"))
DOCUMENT_VIRUS_SCAN = env_bool("DOCUMENT_VIRUS_SCAN", True)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "zaaksysteem@zvh.example")

# Redis or Valkey. The broker and the cache are separate databases of it (a cache flush or eviction
# must never touch queued jobs): CELERY_BROKER_URL defaults to REDIS_URL, CACHE_URL (production) to
# the same server's database 1. Both may carry a password, so both can come from files (X_FILE).
REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# The schedule lives in code (zvh/celery_schedule.py) so it is reviewed and tested like code.
CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE
# Publishing from a web request gives up after this many seconds, without retrying: the work is
# in the outbox (notifications/outbox.py) and the beat sweeper hands it over once Redis is back.
BROKER_PUBLISH_TIMEOUT = float(os.environ.get("BROKER_PUBLISH_TIMEOUT", "1.0"))
# Read in-app messages (notifications.OutboxMessage) older than this are removed by the daily digest job.
NOTIFICATIONS_KEEP_DAYS = int(os.environ.get("NOTIFICATIONS_KEEP_DAYS", "90"))
# Where vulnerabilities of this deployment are reported (/.well-known/security.txt, RFC 9116).
SECURITY_CONTACT = os.environ.get("SECURITY_CONTACT", "mailto:security@zvh.example")
# The regisseur's start page lists running cases without an agreed plan after this many weeks.
PLAN_AGREEMENT_EXPECTED_WEEKS = int(os.environ.get("PLAN_AGREEMENT_EXPECTED_WEEKS", "6"))
# Links in e-mails (survey, reminders) point here.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# A session ends after 30 minutes without activity (every request renews it) and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = False  # renewed once a minute instead: zvh.middleware.IdleSessionMiddleware
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# MFA (django-otp): TOTP in an authenticator app, plus single-use backup codes.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "ZVH zaaksysteem")
MFA_BACKUP_CODE_COUNT = 10

# Break-glass: read-only access to a case outside one's own, with a recorded reason, for this long.
BREAK_GLASS_MINUTES = int(os.environ.get("BREAK_GLASS_MINUTES", "60"))

# The weekly triage (issue 16; cases/triage_table_selectors.py): the weekday of the meeting and the
# cut-off (weekday and time, Europe/Amsterdam) before which an escalation is on its agenda.
# Weekdays as Python counts them: 0 = Monday … 6 = Sunday.
TRIAGE_WEEKDAY = int(os.environ.get("TRIAGE_WEEKDAY", "1"))  # Tuesday
TRIAGE_CUTOFF_WEEKDAY = int(os.environ.get("TRIAGE_CUTOFF_WEEKDAY", "0"))  # Monday
TRIAGE_CUTOFF_TIME = os.environ.get("TRIAGE_CUTOFF_TIME", "12:00")

# Brute-force protection (django-axes): lock a username + address after 5 failures for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# A hostile 5000-character username is counted under its first 150 characters, never a 500.
AXES_USERNAME_CALLABLE = "partners.lockout.username_for_lockout"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["password", "token"]
# Client address from REMOTE_ADDR unless a trusted proxy in front overwrites X-Forwarded-For.
# Same rule as privacy.services.client_address: behind one trusted proxy, its last hop is the client.
AXES_IPWARE_PROXY_COUNT = 1 if env_bool("BEHIND_TRUSTED_PROXY", False) else None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if env_bool("BEHIND_TRUSTED_PROXY", False) else ["REMOTE_ADDR"]
)

# A strict Content Security Policy: only our own scripts, styles, images and fonts; no inline code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# JSON lines (zvh/logging.py) unless LOG_FORMAT=text; dev settings default to text.
LOGGING = logging_config(
    level=os.environ.get("LOG_LEVEL", "INFO"), json_lines=os.environ.get("LOG_FORMAT", "json") != "text"
)


# --- REST API (api/, issue 19) -------------------------------------------------------------------
# Token authentication only for data (OAuth2 client credentials of a partner application, or a
# person's own token); the session serves the browsable documentation alone (api/views.py).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.PersonalTokenAuthentication",
        "api.authentication.PartnerApplicationAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.HasScope"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerClientThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.ZvhAutoSchema",
    "EXCEPTION_HANDLER": "api.problems.problem_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Every call counts against its client (application or personal token), in the shared cache.
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120/min")
SPECTACULAR_SETTINGS = {
    "TITLE": "ZVH zaaksysteem API",
    "DESCRIPTION": "Aanmelden bij en volgen van het Zorg- en Veiligheidshuis voor partnersystemen. "
    "Fouten zijn RFC 9457-probleemdocumenten (application/problem+json) in het Nederlands.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",  # served from the venv (drf-spectacular-sidecar): no CDN
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.add_problem_responses"],
    "ENUM_NAME_OVERRIDES": {
        "EscalationStatusEnum": "cases.models.EscalationStatus.choices",
        "ActionStatusEnum": "cases.models.ActionStatus.choices",
        "MeetingStatusEnum": "cases.models.MeetingStatus.choices",
        "PhaseEnum": "cases.models.Phase.choices",
    },
}
OAUTH2_PROVIDER = {
    "SCOPES": {
        "aanmeldingen": "Aanmeldingen indienen en hun status en terugkoppeling lezen",
        "casussen": "De eigen casussen, acties, overleggen en het vastgestelde plan (persoonlijk token)",
        "stuurinformatie": "De stuurinformatie (alleen aantallen; persoonlijk token)",
    },
    "DEFAULT_SCOPES": ["aanmeldingen"],
    "SCOPES_BACKEND_CLASS": "api.scopes.ApplicationScopes",
    "ACCESS_TOKEN_EXPIRE_SECONDS": int(os.environ.get("API_ACCESS_TOKEN_SECONDS", "3600")),
    # Access tokens are kept as their SHA-256 checksum only (RFC 9700 token storage); client
    # secrets are hashed by the toolkit's Application (hash_client_secret, the default). Every other
    # recommendation of RFC 9700 (OAuth 2.0 Security BCP) is adopted too (`check --deploy` insists).
    **{
        f"COMPLIANT_BCP_RFC9700_{rule}": True
        for rule in (
            "TOKEN_STORAGE",
            "IMPLICIT_GRANT",
            "PASSWORD_GRANT",
            "PKCE_METHOD",
            "ACCESS_TOKEN_TRANSPORT",
            "AUTHZ_RESPONSE_ISS",
            "REFRESH_TOKEN",
            "REDIRECT_URI_SCHEME",
            "REDIRECT_URI_MATCHING",
            "PKCE_REQUIRED",
        )
    },  # fmt: skip
    "REFRESH_TOKEN_REUSE_PROTECTION": True,  # (no refresh tokens in client credentials; never replayable)
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],  # (no redirects in client credentials; never plain http)
}
# The ZGW export (api/zgw.py): catalogue types are referenced by URL; the ZVH keeps no Catalogi API.
ZGW_CATALOGUS_URL = os.environ.get("ZGW_CATALOGUS_URL", "https://zvh.invalid/catalogi/api/v1")
ZGW_BRONORGANISATIE_RSIN = os.environ.get("ZGW_BRONORGANISATIE_RSIN", "000000000")
